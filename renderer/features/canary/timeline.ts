import type { CanaryView } from '../../../main/contract/canary.js';
import type { ChartReference } from '../metrics/MetricChart.js';
import { formatMs, formatPercent } from '../metrics/format.js';

/** A step of the timeline as drawn: where it stands relative to the rollout's current step (from the core's state). */
export interface TimelineStep {
  index: number;
  weight: number;
  /** passed: behind the current step; current: the rollout is here; stopped: it was rolled back or aborted here; waiting: it waits for approval; ahead: not reached. */
  state: 'passed' | 'current' | 'stopped' | 'waiting' | 'ahead';
  /** The plan asks for a person's approval before this step. */
  approval: boolean;
}

export function timelineOf(view: CanaryView): TimelineStep[] {
  const { spec, state } = view;
  const finished = state.phase === 'finalized';
  const stopped = state.phase === 'rolled-back' || state.phase === 'aborted';
  return spec.steps.map((weight, index) => {
    const approval = spec.approvals.includes(index);
    const at: TimelineStep['state'] =
      finished ? 'passed'
      : index < state.step ? 'passed'
      : index === state.step ? (stopped ? 'stopped' : 'current')
      : index === state.step + 1 && state.phase === 'waiting-approval' ? 'waiting'
      : 'ahead';
    return { index, weight, state: at, approval };
  });
}

/** The gates a chart can draw as a line (the absolute ones; the relative ones compare with stable and are in the log). */
export function gateReferences(gates: CanaryView['spec']['gates']): { successRate: ChartReference[]; p99: ChartReference[] } {
  return {
    successRate: gates.minSuccessRate !== undefined ? [{ value: gates.minSuccessRate, label: `Gate: success rate at least ${formatPercent(gates.minSuccessRate)}` }] : [],
    p99: gates.maxP99Ms !== undefined ? [{ value: gates.maxP99Ms, label: `Gate: p99 at most ${formatMs(gates.maxP99Ms)}` }] : [],
  };
}

/** The plan's gates in words, for the rollout's details. */
export function gateWords(gates: CanaryView['spec']['gates']): string[] {
  const out: string[] = [];
  if (gates.minSuccessRate !== undefined) out.push(`Success rate at least ${formatPercent(gates.minSuccessRate)}`);
  if (gates.maxSuccessDrop !== undefined) out.push(`At most ${Math.round(gates.maxSuccessDrop * 10000) / 100} points below stable’s success rate`);
  if (gates.maxP99Ms !== undefined) out.push(`p99 latency at most ${formatMs(gates.maxP99Ms)}`);
  if (gates.maxP99Ratio !== undefined) out.push(`p99 at most ${gates.maxP99Ratio}× stable’s`);
  out.push(`At least ${gates.minRequests} canary requests per step before judging`);
  return out;
}
