import { describe, expect, it } from 'vitest';
import type { VersionSeries } from '../../../main/contract/metrics.js';
import { chartData, isolatedPoints, lastSampleTime, latestValues, pickSeries, ratioDomain, timeDomain, timeTicks } from './chart-data.js';

const series = (version: string, rps: [number, number | null][]): VersionSeries => ({ version, rps, successRate: [], p50: [], p90: [], p99: [] });

describe('chart rows from the core\'s series', () => {
  const data = chartData(
    [series('v1', [[100, 1], [115, null], [130, 3]]), series('v2', [[115, 5], [145, 6]])],
    pickSeries.rps,
    (v) => (v === 'v2' ? `${v} (canary)` : v),
  );

  it('merges the versions by instant, one column per version, in time order', () => {
    expect(data.lines).toEqual([
      { key: 's0', version: 'v1', index: 0, label: 'v1' },
      { key: 's1', version: 'v2', index: 1, label: 'v2 (canary)' },
    ]);
    expect(data.rows.map((r) => r.t)).toEqual([100, 115, 130, 145]);
  });

  it('keeps a missing sample as null (a gap), whether the core sent null or no point at all', () => {
    expect(data.rows[1]).toEqual({ t: 115, s0: null, s1: 5 });
    expect(data.rows[0]).toEqual({ t: 100, s0: 1, s1: null });
    expect(data.rows[3]).toEqual({ t: 145, s0: null, s1: 6 });
  });

  it('finds the latest sample and each line\'s latest value', () => {
    expect(lastSampleTime(data)).toBe(145);
    expect(latestValues(data).map((l) => l.value)).toEqual([3, 6]);
    expect(lastSampleTime(chartData([series('v1', [[100, null]])], pickSeries.rps))).toBeUndefined();
  });

  it('skips versions that lack the series (TCP series on an HTTP service)', () => {
    expect(chartData([series('v1', [[1, 1]])], pickSeries.tcpSent).lines).toEqual([]);
  });

  it('spans the whole range up to the answer\'s time', () => {
    expect(timeDomain(new Date(200_000).toISOString(), 300, data)).toEqual([-100, 200]);
    expect(timeDomain('not a date', 60, data)).toEqual([85, 145]);
  });

  it('puts time ticks on round clock times, at most six', () => {
    expect(timeTicks([1000, 1900])).toEqual([1200, 1500, 1800]);
    expect(timeTicks([0, 86400]).length).toBeLessThanOrEqual(6);
    expect(timeTicks([0, 86400])[1]).toBe(21600);
    expect(timeTicks([5, 5])).toEqual([]);
  });

  it('starts the ratio axis a round tenth below the lowest value or gate, up to 100%', () => {
    const rates = chartData([{ ...series('v1', []), successRate: [[1, 0.7], [2, 0.998]] }], pickSeries.successRate);
    expect(ratioDomain(rates)).toEqual([0.6, 1]);
    expect(ratioDomain(chartData([{ ...series('v1', []), successRate: [[1, 1]] }], pickSeries.successRate), [0.95])).toEqual([0.9, 1]);
  });

  it('finds the lone samples a line would not draw', () => {
    expect([...isolatedPoints(data, 's0')]).toEqual([0, 2]);
    expect([...isolatedPoints(chartData([series('v1', [[1, 1], [2, 2]])], pickSeries.rps), 's0')]).toEqual([]);
    expect([...isolatedPoints(data, 's1')]).toEqual([1, 3]);
  });
});
