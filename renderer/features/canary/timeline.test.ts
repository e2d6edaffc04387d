import { describe, expect, it } from 'vitest';
import { gateReferences, gateWords, timelineOf } from './timeline.js';
import { view } from './test-fixtures.js';


describe('the rollout\'s timeline', () => {
  it('numbers the steps the core placed, in order', () => {
    expect(timelineOf(view()).map((s) => [s.index, s.weight, s.state])).toEqual([[0, 25, 'current'], [1, 50, 'ahead'], [2, 100, 'ahead']]);
  });

  it('draws the gates in force on the charts and words every gate', () => {
    expect(gateReferences(view().gateLines)).toEqual({
      successRate: [{ value: 0.95, label: 'Gate: success rate at least 95%' }],
      p99: [{ value: 300, label: 'Gate: p99 at most 300 ms' }],
    });
    expect(gateReferences({ successRate: [], p99: [{ value: 150, relative: true }] }).p99[0]!.label).toBe('Gate: within the allowed ratio of stable’s p99 (150 ms)');
    expect(gateWords({ minRequests: 20, maxSuccessDrop: 0.02, maxP99Ratio: 1.5 })).toEqual([
      'At most 2 points below stable’s success rate',
      'p99 at most 1.5× stable’s',
      'At least 20 canary requests per step before judging',
    ]);
  });
});
