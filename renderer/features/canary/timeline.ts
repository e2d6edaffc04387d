import type { CanaryView } from '../../../main/contract/canary.js';
import type { ChartReference } from '../metrics/MetricChart.js';
import { formatMs, formatPercent } from '../metrics/format.js';

/** A step of the timeline as the core places it, with its index. */
export type TimelineStep = CanaryView['steps'][number] & { index: number };

export const timelineOf = (view: CanaryView): TimelineStep[] => view.steps.map((s, index) => ({ ...s, index }));

/** The gates' thresholds in force (the core works out the relative ones from stable's figures), as chart lines. */
export function gateReferences(lines: CanaryView['gateLines']): { successRate: ChartReference[]; p99: ChartReference[] } {
  return {
    successRate: lines.successRate.map((l) => ({ value: l.value, label: l.relative ? `Gate: within the allowed drop below stable (${formatPercent(l.value)})` : `Gate: success rate at least ${formatPercent(l.value)}` })),
    p99: lines.p99.map((l) => ({ value: l.value, label: l.relative ? `Gate: within the allowed ratio of stable’s p99 (${formatMs(l.value)})` : `Gate: p99 at most ${formatMs(l.value)}` })),
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
