import type { CanaryAction, CanaryPhase, CanaryView, Decision, Verdict } from '../../../main/contract/canary.js';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import type { Tone } from '../../components/ui.js';

/** The words (and badge tone) of the contract's values; the core decides them, the page names them. */

export const PHASE_WORDS: Record<CanaryPhase, { label: string; tone: Tone }> = {
  progressing: { label: 'Progressing', tone: 'info' },
  'waiting-approval': { label: 'Waiting for approval', tone: 'warn' },
  paused: { label: 'Paused', tone: 'warn' },
  promoted: { label: 'Promoted', tone: 'ok' },
  finalized: { label: 'Finalized', tone: 'ok' },
  'rolled-back': { label: 'Rolled back', tone: 'error' },
  aborted: { label: 'Aborted', tone: 'neutral' },
};

export const VERDICT_WORDS: Record<Verdict, { label: string; tone: Tone }> = {
  pass: { label: 'Passed', tone: 'ok' },
  fail: { label: 'Failed', tone: 'error' },
  'low-traffic': { label: 'Too little traffic', tone: 'warn' },
  'no-data': { label: 'No data', tone: 'warn' },
  holding: { label: 'Holding', tone: 'neutral' },
  approval: { label: 'Approval', tone: 'info' },
  manual: { label: 'By a person', tone: 'neutral' },
};

export const DECISION_ACTION_WORDS: Record<Decision['action'], string> = {
  hold: 'Held the step',
  promote: 'Moved to the next step',
  rollback: 'Rolled back',
  pause: 'Paused',
  resume: 'Resumed',
  abort: 'Aborted',
  finalize: 'Finalized',
  start: 'Started',
  approve: 'Approved',
  wait: 'Waiting',
};

/** A control: the flag of `view.actions` that enables it, the action it sends, its words; abort and finalize ask first. */
export interface Control {
  flag: keyof CanaryView['actions'];
  action: CanaryAction;
  label: string;
  confirm?: { title: (v: CanaryView) => string; body: (v: CanaryView) => string; button: string; danger: boolean };
}

export const CONTROLS: readonly Control[] = [
  { flag: 'approve', action: 'approve', label: 'Approve the next step' },
  { flag: 'pause', action: 'pause', label: 'Pause' },
  { flag: 'resume', action: 'resume', label: 'Resume' },
  { flag: 'promote', action: 'promote', label: 'Promote to the next step' },
  { flag: 'promoteFull', action: 'promote-full', label: 'Promote fully' },
  {
    flag: 'finalize',
    action: 'finalize',
    label: 'Finalize…',
    confirm: {
      title: (v) => `Finalize the rollout of ${v.spec.service}?`,
      body: (v) =>
        `The route then sends every request to ${v.spec.canaryVersion} for good${v.spec.scaleDownStable ? `, and ${v.spec.stableVersion} is scaled down to zero` : ''}. The rollout ends; a new one starts from a new plan.`,
      button: 'Finalize',
      danger: false,
    },
  },
  {
    flag: 'abort',
    action: 'abort',
    label: 'Abort…',
    confirm: {
      title: (v) => `Abort the rollout of ${v.spec.service}?`,
      body: (v) => `All traffic goes back to ${v.spec.stableVersion} (stable) at once, and the rollout stops. ${v.spec.canaryVersion} keeps running but gets no requests.`,
      button: 'Abort and send all traffic to stable',
      danger: true,
    },
  },
];

/**
 * Words for a refusal in the canary's terms: "canary-driven" means another Meshdeck drives this rollout (its Lease). Other errors keep the errors feature's words.
 */
export function canaryErrorWords(error: RpcErrorShape): { title: string; hint: string } | undefined {
  if (error.code === 'REFUSED' && error.reason === 'canary-driven') {
    return {
      title: 'Someone else drives this rollout now',
      hint: 'One driver at a time moves a rollout: the one holding its lock (another window or Meshdeck, or the command line; the message above says which). Use the controls there, or wait until it stops driving: this page takes over once its lock is free.',
    };
  }
  return undefined;
}

/** "v2 (canary)", "v1 (stable)", other versions as they are. */
export function versionLabel(spec: Pick<CanaryView['spec'], 'stableVersion' | 'canaryVersion'>, version: string): string {
  if (version === spec.canaryVersion) return `${version} (canary)`;
  if (version === spec.stableVersion) return `${version} (stable)`;
  return version;
}
