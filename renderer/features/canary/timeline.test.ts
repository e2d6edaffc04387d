import { describe, expect, it } from 'vitest';
import { gateReferences, gateWords, timelineOf } from './timeline.js';
import { spec, view } from './test-fixtures.js';

const states = (v: ReturnType<typeof view>) => timelineOf(v).map((s) => s.state);

describe('the rollout\'s timeline', () => {
  it('highlights the current step, with the passed ones before it', () => {
    expect(states(view({}, { step: 1, weight: 50 }))).toEqual(['passed', 'current', 'ahead']);
  });

  it('marks where a rollback or an abort stopped it, and the step waiting for approval', () => {
    expect(states(view({}, { phase: 'rolled-back', step: 1, weight: 0 }))).toEqual(['passed', 'stopped', 'ahead']);
    expect(states(view({ spec: { ...spec, approvals: [1] } }, { phase: 'waiting-approval', step: 0 }))).toEqual(['current', 'waiting', 'ahead']);
    expect(timelineOf(view({ spec: { ...spec, approvals: [1] } })).map((s) => s.approval)).toEqual([false, true, false]);
    expect(states(view({}, { phase: 'finalized', step: 2, weight: 100 }))).toEqual(['passed', 'passed', 'passed']);
  });

  it('draws the absolute gates on the charts and words every gate', () => {
    expect(gateReferences(spec.gates)).toEqual({
      successRate: [{ value: 0.95, label: 'Gate: success rate at least 95%' }],
      p99: [{ value: 300, label: 'Gate: p99 at most 300 ms' }],
    });
    expect(gateReferences({ minRequests: 20 })).toEqual({ successRate: [], p99: [] });
    expect(gateWords({ minRequests: 20, maxSuccessDrop: 0.02, maxP99Ratio: 1.5 })).toEqual([
      'At most 2 points below stable’s success rate',
      'p99 at most 1.5× stable’s',
      'At least 20 canary requests per step before judging',
    ]);
  });
});
