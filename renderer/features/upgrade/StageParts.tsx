import { useId, type ReactNode } from 'react';
import { STAGE_LABEL, type StageState, type UpgradeStage, type UpgradeView } from '../../../main/contract/upgrade.js';
import { Badge } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { STAGE_STATE_WORDS, STAGE_TONE } from './stage-words.js';
import type { Upgrade } from './useUpgrade.js';

/** What every stage's body gets: the upgrade, and whether it is the stage to run now. */
export interface StageProps {
  context: string;
  upgrade: Upgrade;
  view: UpgradeView | undefined;
  /** This stage runs next and nothing runs now: its button is offered. */
  runnable: boolean;
}

interface FrameProps {
  id: UpgradeStage;
  index: number;
  state: StageState;
  /** The stage to run next (marked for screen readers as the current step). */
  current: boolean;
  children: ReactNode;
}

/** One stage of the list: its mark (number, spinner, ✓ or !), its name, its state in words, and its body. */
export function StageFrame({ id, index, state, current, children }: FrameProps) {
  return (
    <li className={`upgrade-stage upgrade-stage-${state}${current ? ' upgrade-stage-current' : ''}`} data-testid={`upgrade-stage-${id}`} data-state={state} aria-current={current ? 'step' : undefined}>
      <div className="upgrade-stage-head">
        <span className="upgrade-stage-mark" aria-hidden="true">
          {state === 'running' ? <span className="spinner" /> : state === 'done' ? '✓' : state === 'failed' ? '!' : index + 1}
        </span>
        <h4 className="upgrade-stage-title">
          <span className="sr-only">Stage {index + 1}: </span>
          {STAGE_LABEL[id]}
        </h4>
        <Badge tone={STAGE_TONE[state]}>{STAGE_STATE_WORDS[state]}</Badge>
      </div>
      <div className="upgrade-stage-body">{children}</div>
    </li>
  );
}

/** The one button that runs the current stage, with the reason when it cannot. */
export function RunButton({ label, onRun, blocked, danger }: { label: string; onRun(): void; blocked?: string | undefined; danger?: boolean }) {
  const reasonId = useId();
  return (
    <div className="upgrade-run-row">
      <button
        type="button"
        className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
        aria-disabled={!!blocked}
        aria-describedby={blocked ? reasonId : undefined}
        onClick={() => {
          if (!blocked) onRun();
        }}
        data-testid="upgrade-run"
      >
        {label}
      </button>
      {blocked ? (
        <p id={reasonId} className="upgrade-blocked">
          {blocked}
        </p>
      ) : null}
    </div>
  );
}

/** Why a stage failed as the upgrade recorded it, or why the core would not start it. */
export function StageError({ stage, context, upgrade, view }: { stage: UpgradeStage } & Omit<StageProps, 'runnable'>) {
  const error = upgrade.failure?.action === stage ? upgrade.failure.error : view?.stages[stage] === 'failed' ? view.errors[stage] : undefined;
  if (!error) return null;
  return <ErrorExplanation error={error} context={context} testId={`upgrade-error-${stage}`} />;
}
