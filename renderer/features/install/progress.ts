import type { RpcErrorShape } from '../../../main/contract/errors.js';
import { INSTALL_ORDER, UNINSTALL_ORDER, type Blocker, type InstallEvent, type InstallPhase, type InstallPreview, type VerifyReport } from '../../../main/contract/install.js';

export const PHASE_LABEL: Record<InstallPhase, string> = {
  crds: 'Custom resource definitions',
  namespace: 'Namespace',
  rbac: 'Service accounts and roles',
  config: 'Configuration',
  'control-plane': 'Control plane (istiod)',
  webhooks: 'Webhooks',
  gateways: 'Gateways',
  addons: 'Add-ons (Prometheus)',
};

export const BLOCKER_LABEL: Record<Blocker['reason'], string> = {
  taint: 'Node taint',
  'insufficient-resources': 'Not enough resources',
  'image-pull': 'Image cannot be pulled',
  webhook: 'Webhook unreachable',
  crash: 'Keeps crashing',
  pending: 'Cannot be scheduled',
  other: 'Blocked',
};

export type RunKind = 'install' | 'uninstall';
/** stopped: the run failed or was cancelled while this phase ran. */
export type PhaseState = 'pending' | 'running' | 'done' | 'stopped';

export interface PhaseProgress {
  phase: InstallPhase;
  state: PhaseState;
  /** Objects applied (install) or deleted (uninstall) in this phase. */
  count: number;
  /** Uninstall: objects that were already gone. */
  absent: number;
  /** Wall-clock times (ms) the phase started and ended, as seen by the UI. */
  startedAt?: number;
  endedAt?: number;
}

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface RunProgress {
  kind: RunKind;
  status: RunStatus;
  phases: PhaseProgress[];
  current?: InstallPhase;
  /** What the run waits for now (or was waiting for when it stopped), with what blocks it. */
  waiting?: { what: string; blockers: Blocker[]; elapsedMs: number };
  /** Every object event so far. */
  objects: number;
  /** The core's own clock: ms since the run started there. */
  elapsedMs: number;
  startedAt: number;
  endedAt?: number;
  verify?: VerifyReport;
  /** After an uninstall: namespaces whose labels still point at the removed mesh. */
  labelledNamespaces?: string[];
  error?: RpcErrorShape;
  /** Objects per phase in the plan, when known (for "3 of 15 applied"). */
  totals?: Partial<Record<InstallPhase, number>>;
}

const orderOf = (kind: RunKind) => (kind === 'install' ? INSTALL_ORDER : UNINSTALL_ORDER);

/** Objects per phase in a preview: what a run will touch, for "3 of 15" and for hiding empty phases. */
export function phaseTotals(preview: Pick<InstallPreview, 'objects'> | undefined): Partial<Record<InstallPhase, number>> | undefined {
  if (!preview) return undefined;
  const totals: Partial<Record<InstallPhase, number>> = {};
  for (const o of preview.objects) totals[o.phase] = (totals[o.phase] ?? 0) + 1;
  return totals;
}

/** Every phase pending, in the order the run goes through them (only those with objects when the plan is known). */
export function initialProgress(kind: RunKind, now: number, totals?: Partial<Record<InstallPhase, number>>): RunProgress {
  const phases = orderOf(kind)
    .filter((p) => !totals || (totals[p] ?? 0) > 0)
    .map((phase): PhaseProgress => ({ phase, state: 'pending', count: 0, absent: 0 }));
  return { kind, status: 'running', phases, objects: 0, elapsedMs: 0, startedAt: now, ...(totals ? { totals } : {}) };
}

function finishRunning(phases: PhaseProgress[], state: PhaseState, now: number): PhaseProgress[] {
  return phases.map((p) => (p.state === 'running' ? { ...p, state, endedAt: now } : p));
}

/** Folds one event of `install.apply` or `install.uninstall` into the progress. Pure; `now` is the wall clock. */
export function reduceProgress(state: RunProgress, event: InstallEvent, now: number): RunProgress {
  if (state.status !== 'running') return state; // nothing after the end counts
  switch (event.type) {
    case 'phase': {
      const order = orderOf(state.kind);
      let phases = finishRunning(state.phases, 'done', now);
      if (!phases.some((p) => p.phase === event.phase)) {
        // A phase the plan did not list: put it in its place in the order.
        phases = [...phases, { phase: event.phase, state: 'pending' as const, count: 0, absent: 0 }].sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase));
      }
      const at = order.indexOf(event.phase);
      phases = phases.map((p) => {
        if (p.phase === event.phase) return { ...p, state: 'running', startedAt: now };
        // A phase earlier in the order that never started had nothing to do.
        if (p.state === 'pending' && order.indexOf(p.phase) < at) return { ...p, state: 'done', startedAt: now, endedAt: now };
        return p;
      });
      return { ...state, phases, current: event.phase, waiting: undefined };
    }
    case 'object': {
      const absent = event.result === 'absent';
      const phases = state.phases.map((p) =>
        p.phase === state.current ? { ...p, count: p.count + (absent ? 0 : 1), absent: p.absent + (absent ? 1 : 0) } : p,
      );
      return { ...state, phases, objects: state.objects + 1, elapsedMs: event.elapsedMs, waiting: undefined };
    }
    case 'waiting':
      return { ...state, waiting: { what: event.what, blockers: event.blockers, elapsedMs: event.elapsedMs }, elapsedMs: event.elapsedMs };
    case 'done': {
      const phases = state.phases.map((p) => (p.state === 'done' ? p : { ...p, state: 'done' as const, startedAt: p.startedAt ?? now, endedAt: now }));
      return { ...state, status: 'done', phases, current: undefined, waiting: undefined, elapsedMs: event.elapsedMs, endedAt: now, verify: event.verify,
        ...(event.labelledNamespaces?.length ? { labelledNamespaces: event.labelledNamespaces } : {}) };
    }
    case 'failed': {
      const cancelled = event.error.code === 'CANCELLED';
      return { ...state, status: cancelled ? 'cancelled' : 'failed', phases: finishRunning(state.phases, 'stopped', now), error: event.error, elapsedMs: event.elapsedMs, endedAt: now };
    }
  }
}

/** The user cancelled: the running phase stops where it is. */
export function cancelProgress(state: RunProgress, now: number): RunProgress {
  if (state.status !== 'running') return state;
  return { ...state, status: 'cancelled', phases: finishRunning(state.phases, 'stopped', now), endedAt: now };
}

/** The stream itself failed (link lost, refused input). */
export function failProgress(state: RunProgress, error: RpcErrorShape, now: number): RunProgress {
  if (state.status !== 'running') return state;
  return { ...state, status: error.code === 'CANCELLED' ? 'cancelled' : 'failed', phases: finishRunning(state.phases, 'stopped', now), error, endedAt: now };
}

/** The stream ended without `done` or `failed`: that is not a success. */
export function endProgress(state: RunProgress, now: number): RunProgress {
  if (state.status !== 'running') return state;
  const what = state.kind === 'install' ? 'install' : 'uninstall';
  return failProgress(state, { code: 'INTERNAL', message: `The core stopped reporting before the ${what} finished, so it is not known to be complete.` }, now);
}

/** How long a phase took, or has taken so far. */
export function phaseElapsed(p: PhaseProgress, now: number): number | undefined {
  if (p.startedAt === undefined) return undefined;
  return Math.max(0, (p.endedAt ?? now) - p.startedAt);
}

/** The run's elapsed time: the core's clock, or the wall clock while it runs between events. */
export function runElapsed(state: RunProgress, now: number): number {
  return state.status === 'running' ? Math.max(state.elapsedMs, now - state.startedAt) : state.elapsedMs;
}

/** "12 of 15 applied", "3 removed, 2 already gone". */
export function phaseCountText(p: PhaseProgress, kind: RunKind, total: number | undefined): string {
  if (p.state === 'done' && p.count === 0 && p.absent === 0) return kind === 'install' ? 'Nothing to apply' : 'Nothing to remove';
  if (kind === 'install') {
    if (total !== undefined && p.count <= total) return `${p.count} of ${total} applied`;
    return `${p.count} applied`;
  }
  const parts = [`${p.count} removed`];
  if (p.absent) parts.push(`${p.absent} already gone`);
  if (total !== undefined && p.count + p.absent < total) parts[0] = `${p.count} of ${total} removed`;
  return parts.join(', ');
}
