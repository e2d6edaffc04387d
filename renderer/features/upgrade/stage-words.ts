import type { StageState, UpgradeStage, UpgradeView } from '../../../main/contract/upgrade.js';
import type { Tone } from '../../components/ui.js';

/** Stage words for screen readers and the badge on each stage. */
export const STAGE_STATE_WORDS: Record<StageState, string> = { pending: 'Not started', running: 'Running', done: 'Done', failed: 'Failed' };

export const STAGE_TONE: Record<StageState, Tone> = { done: 'ok', failed: 'error', running: 'info', pending: 'neutral' };

/** Before an upgrade exists in the cluster, every stage is still to come. */
export const NOT_STARTED: UpgradeView['stages'] = { install: 'pending', move: 'pending', restart: 'pending', tags: 'pending', remove: 'pending' };

/** "1 namespace" / "3 namespaces". */
export const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** A stage's state as shown: the upgrade's, or (none yet) not started. */
export const stageState = (view: UpgradeView | undefined, id: UpgradeStage): StageState => (view ?? { stages: NOT_STARTED }).stages[id];
