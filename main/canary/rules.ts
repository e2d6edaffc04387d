import type { CanaryAction, CanaryPhase, CanarySpec, CanaryState, CanaryView, Decision, SideFigures, Verdict } from '../contract/canary.js';

/**
 * A canary rollout's rules as pure functions: how a step is judged on figures, what happens next, what
 * a person may do now, and the sentence that says where it stands. The controller only does the I/O.
 */

export interface Judgement { verdict: Verdict; reason: string; canary?: SideFigures; stable?: SideFigures }

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Judges one check of a step. Too little traffic and no data are their own verdicts: never a pass, never a failure. */
export function judge(spec: CanarySpec, canary: SideFigures | undefined, stable: SideFigures | undefined, readable: boolean, unreadableWhy = 'metrics cannot be read'): Judgement {
  if (!readable) return { verdict: 'no-data', reason: `No evidence: ${unreadableWhy}. The rollout holds where it is.` };
  if (!canary || canary.requests === 0) return { verdict: 'no-data', reason: 'No canary requests in this step yet.', canary, stable };
  const g = spec.gates;
  if (canary.requests < g.minRequests) {
    return { verdict: 'low-traffic', reason: `Only ${Math.round(canary.requests)} canary request(s) in this step; ${g.minRequests} are needed to judge it.`, canary, stable };
  }
  const failures: string[] = [];
  const sr = canary.successRate;
  if (g.minSuccessRate !== undefined && sr !== null && sr < g.minSuccessRate) failures.push(`success rate ${pct(sr)} is under ${pct(g.minSuccessRate)}`);
  if (g.maxSuccessDrop !== undefined && sr !== null && stable?.successRate !== null && stable?.successRate !== undefined && stable.requests > 0 && stable.successRate - sr > g.maxSuccessDrop) {
    failures.push(`success rate ${pct(sr)} trails stable's ${pct(stable.successRate)} by more than ${pct(g.maxSuccessDrop)}`);
  }
  if (g.maxP99Ms !== undefined && canary.p99 !== null && canary.p99 > g.maxP99Ms) failures.push(`p99 ${Math.round(canary.p99)} ms is over ${g.maxP99Ms} ms`);
  if (g.maxP99Ratio !== undefined && canary.p99 !== null && stable?.p99 && canary.p99 > stable.p99 * g.maxP99Ratio) {
    failures.push(`p99 ${Math.round(canary.p99)} ms is over ${g.maxP99Ratio}× stable's ${Math.round(stable.p99)} ms`);
  }
  if (failures.length) return { verdict: 'fail', reason: `Gate failed: ${failures.join('; ')}.`, canary, stable };
  return { verdict: 'pass', reason: `Gates passed on ${Math.round(canary.requests)} canary request(s)${sr !== null ? ` (success ${pct(sr)}${canary.p99 !== null ? `, p99 ${Math.round(canary.p99)} ms` : ''})` : ''}.`, canary, stable };
}

/** A rate needs a few scrapes: a step is judged once it has lasted this long. */
export const MIN_EVIDENCE_SECONDS = 20;

/**
 * The seconds of metrics a step is judged on: its own time only (never the traffic from before it, such as a bad
 * canary that was just rolled back), up to its hold; undefined while it is too young to have a rate of its own.
 */
export function evidenceWindow(spec: CanarySpec, s: CanaryState, now: number): number | undefined {
  const elapsed = secondsSince(s.stepStartedAt, now);
  if (elapsed < MIN_EVIDENCE_SECONDS) return undefined;
  return Math.round(Math.min(elapsed, Math.max(MIN_EVIDENCE_SECONDS, spec.holdSeconds)));
}

export interface Transition { state: CanaryState; decision: Decision; weightChanged: boolean }

const secondsSince = (iso: string, now: number) => (now - Date.parse(iso)) / 1000;
const ACTIVE: readonly CanaryPhase[] = ['progressing', 'waiting-approval', 'paused'];

function move(spec: CanarySpec, s: CanaryState, phase: CanaryPhase, step: number, weight: number, now: number, decision: Omit<Decision, 'at' | 'step' | 'weight'>): Transition {
  const at = new Date(now).toISOString();
  const d: Decision = { ...decision, at, step, weight };
  const stepChanged = step !== s.step;
  return {
    state: {
      ...s, phase, step, weight, failures: stepChanged ? 0 : s.failures,
      stepStartedAt: stepChanged || (phase === 'progressing' && s.phase !== 'progressing') ? at : s.stepStartedAt,
      waitingSince: phase === 'progressing' && s.phase === 'progressing' ? s.waitingSince : undefined,
      pausedReason: phase === 'paused' ? decision.reason : undefined,
      decisions: [...s.decisions, d].slice(-500), generation: s.generation + 1, updatedAt: at,
    },
    decision: d,
    weightChanged: weight !== s.weight,
  };
}

/** The next step (or promoted at the last one), or waiting for approval when the next step asks for it. */
function advance(spec: CanarySpec, s: CanaryState, now: number, decision: Omit<Decision, 'at' | 'step' | 'weight' | 'action'>, approved = false): Transition {
  const next = s.step + 1;
  if (next >= spec.steps.length) return move(spec, s, 'promoted', s.step, 100, now, { ...decision, action: 'promote', reason: `${decision.reason} All steps passed: the canary takes all traffic. Finalize to make it permanent.` });
  if (!approved && spec.approvals.includes(next) && s.phase !== 'waiting-approval') {
    return move(spec, s, 'waiting-approval', s.step, s.weight, now, { ...decision, action: 'wait', reason: `${decision.reason} Step ${next + 1} (${spec.steps[next]}%) waits for approval.` });
  }
  const weight = spec.steps[next]!;
  return move(spec, s, weight >= 100 ? 'promoted' : 'progressing', next, weight, now, { ...decision, action: 'promote', reason: `${decision.reason} Moving to step ${next + 1}: ${weight}% to the canary.` });
}

/**
 * What one check of a progressing step leads to: hold, move on, roll back, or pause after too long
 * without evidence. Undefined when nothing changes.
 */
export function afterCheck(spec: CanarySpec, s: CanaryState, j: Judgement, now: number, by: string): Transition | undefined {
  if (s.phase !== 'progressing') return undefined;
  const base = { verdict: j.verdict, reason: j.reason, canary: j.canary, stable: j.stable, by };
  if (j.verdict === 'no-data' || j.verdict === 'low-traffic') {
    const since = s.waitingSince ?? new Date(now).toISOString();
    if (secondsSince(since, now) >= spec.noDataTimeoutSeconds) {
      return move(spec, s, 'paused', s.step, s.weight, now, { ...base, action: 'pause', reason: `${j.reason} Nothing judgeable for ${Math.round(spec.noDataTimeoutSeconds / 60)} min: paused (resume when traffic or metrics are back).` });
    }
    // The first check without evidence is logged (the reason it waits), and each change of reason; repeats are not.
    if (s.waitingSince && s.decisions.at(-1)?.verdict === j.verdict) return undefined;
    const d: Decision = { ...base, action: 'hold', at: new Date(now).toISOString(), step: s.step, weight: s.weight };
    return { state: { ...s, waitingSince: since, decisions: [...s.decisions, d].slice(-500), generation: s.generation + 1, updatedAt: d.at }, decision: d, weightChanged: false };
  }
  if (j.verdict === 'fail') {
    const failures = s.failures + 1;
    if (failures >= spec.failureLimit) {
      return move(spec, s, 'rolled-back', s.step, 0, now, { ...base, action: 'rollback', reason: `${j.reason} ${failures} failed check(s) in a row: all traffic back to stable.` });
    }
    const at = new Date(now).toISOString();
    const d: Decision = { ...base, action: 'hold', at, step: s.step, weight: s.weight, reason: `${j.reason} Failed check ${failures} of ${spec.failureLimit}.` };
    return { state: { ...s, failures, waitingSince: undefined, decisions: [...s.decisions, d].slice(-500), generation: s.generation + 1, updatedAt: at }, decision: d, weightChanged: false };
  }
  // Passed: move on once the step has been held long enough.
  const held = secondsSince(s.stepStartedAt, now) >= spec.holdSeconds;
  const cleared = s.failures > 0 || s.waitingSince ? { ...s, failures: 0, waitingSince: undefined } : s;
  if (!held) return cleared === s ? undefined : { state: { ...cleared, updatedAt: new Date(now).toISOString() }, decision: { ...base, action: 'hold', at: new Date(now).toISOString(), step: s.step, weight: s.weight }, weightChanged: false };
  return advance(spec, cleared, now, base);
}

/** What a person's control does; refused (undefined) when it does not apply now. */
export function afterAction(spec: CanarySpec, s: CanaryState, action: CanaryAction, now: number, by: string): Transition | undefined {
  const manual = (reason: string) => ({ verdict: 'manual' as const, reason, by });
  if (!actionsOf(s)[actionKey(action)]) return undefined;
  switch (action) {
    case 'pause': return move(spec, s, 'paused', s.step, s.weight, now, { ...manual('Paused by a person.'), action: 'pause' });
    case 'resume': return move(spec, s, s.weight >= 100 ? 'promoted' : 'progressing', s.step, s.weight, now, { ...manual('Resumed: the step is judged afresh from now.'), action: 'resume' });
    case 'approve': return advance(spec, s, now, manual('Approved by a person.'), true);
    case 'promote': return advance(spec, { ...s, phase: 'progressing' }, now, manual('Promoted by a person.'), true);
    case 'promote-full': return move(spec, s, 'promoted', spec.steps.length - 1, 100, now, { ...manual('Promoted fully by a person: the canary takes all traffic.'), action: 'promote' });
    case 'abort': return move(spec, s, 'aborted', s.step, 0, now, { ...manual('Aborted by a person: all traffic back to stable.'), action: 'abort' });
    case 'finalize': return move(spec, s, 'finalized', s.step, 100, now, { ...manual(`Finalized: the route points at ${spec.canaryVersion} only${spec.scaleDownStable ? `, and ${spec.stableVersion} is scaled down` : ''}.`), action: 'finalize' });
  }
}

const actionKey = (a: CanaryAction): keyof CanaryView['actions'] => (a === 'promote-full' ? 'promoteFull' : a);

export function actionsOf(s: CanaryState): CanaryView['actions'] {
  const active = ACTIVE.includes(s.phase);
  return {
    pause: s.phase === 'progressing' || s.phase === 'waiting-approval',
    resume: s.phase === 'paused',
    promote: active,
    promoteFull: active,
    abort: active || s.phase === 'promoted',
    finalize: s.phase === 'promoted',
    approve: s.phase === 'waiting-approval',
  };
}

export function summaryOf(spec: CanarySpec, s: CanaryState): string {
  const where = `${s.weight}% to ${spec.canaryVersion}, ${100 - s.weight}% to ${spec.stableVersion}`;
  const last = s.decisions.at(-1)?.reason ?? '';
  switch (s.phase) {
    case 'progressing': return `Step ${s.step + 1} of ${spec.steps.length}: ${where}. ${s.waitingSince ? `Waiting for evidence: ${last}` : s.failures ? `${s.failures} failed check(s).` : 'Judging the step.'}`;
    case 'waiting-approval': return `Step ${s.step + 1} passed (${where}); the next waits for your approval.`;
    case 'paused': return `Paused at ${where}: ${s.pausedReason ?? last}`;
    case 'promoted': return `Promoted: ${spec.canaryVersion} takes all traffic. Finalize to make it permanent, or abort to go back.`;
    case 'finalized': return `Finalized: ${spec.service} routes to ${spec.canaryVersion} only.`;
    case 'rolled-back': return `Rolled back at step ${s.step + 1}: all traffic to ${spec.stableVersion}. ${last}`;
    case 'aborted': return `Aborted: all traffic to ${spec.stableVersion}.`;
  }
}

/** Each step's place in the rollout, for a timeline. */
export function stepsOf(spec: CanarySpec, s: CanaryState): CanaryView['steps'] {
  const stopped = s.phase === 'rolled-back' || s.phase === 'aborted';
  return spec.steps.map((weight, index) => ({
    weight, approval: spec.approvals.includes(index),
    state: s.phase === 'finalized' || index < s.step ? 'passed'
      : index === s.step ? (stopped ? 'stopped' : 'current')
      : index === s.step + 1 && s.phase === 'waiting-approval' ? 'waiting'
      : 'ahead',
  }));
}

/** The gates' thresholds in force: absolute ones as planned, relative ones from stable's latest judged figures. */
export function gateLinesOf(spec: CanarySpec, s: CanaryState): CanaryView['gateLines'] {
  const g = spec.gates;
  const stable = [...s.decisions].reverse().find((d) => d.stable && d.stable.requests > 0)?.stable;
  const successRate: CanaryView['gateLines']['successRate'] = [];
  const p99: CanaryView['gateLines']['p99'] = [];
  if (g.minSuccessRate !== undefined) successRate.push({ value: g.minSuccessRate, relative: false });
  if (g.maxSuccessDrop !== undefined && stable?.successRate !== null && stable?.successRate !== undefined) successRate.push({ value: Math.max(0, stable.successRate - g.maxSuccessDrop), relative: true });
  if (g.maxP99Ms !== undefined) p99.push({ value: g.maxP99Ms, relative: false });
  if (g.maxP99Ratio !== undefined && stable?.p99) p99.push({ value: stable.p99 * g.maxP99Ratio, relative: true });
  return { successRate, p99 };
}

export function viewOf(spec: CanarySpec, s: CanaryState, driver: string | undefined, drivingHere: boolean, now: number): CanaryView {
  return {
    spec, state: s, driver, drivingHere, actions: actionsOf(s), summary: summaryOf(spec, s), steps: stepsOf(spec, s), gateLines: gateLinesOf(spec, s),
    ...(s.phase === 'progressing' ? { holdRemaining: Math.max(0, Math.ceil(spec.holdSeconds - secondsSince(s.stepStartedAt, now))) } : {}),
  };
}

/** The state of a rollout at its start: the first step's weight (or waiting for approval of it). */
export function initialState(spec: CanarySpec, now: number, by: string, routing: CanaryState['routing']): CanaryState {
  const at = new Date(now).toISOString();
  const first = spec.approvals.includes(0);
  const weight = first ? 0 : spec.steps[0]!;
  const d: Decision = { at, step: 0, weight, verdict: 'manual', action: first ? 'wait' : 'start', reason: first ? 'Started; step 1 waits for approval.' : `Started: ${weight}% to ${spec.canaryVersion}.`, by };
  return { phase: first ? 'waiting-approval' : weight >= 100 ? 'promoted' : 'progressing', step: first ? -1 : 0, weight, stepStartedAt: at, failures: 0, routing, decisions: [d], generation: 1, startedAt: at, updatedAt: at };
}
