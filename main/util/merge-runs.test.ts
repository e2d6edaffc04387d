import { describe, expect, it } from 'vitest';
import { mergeRuns } from './merge-runs.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mergeRuns', () => {
  it('interleaves events of concurrent tasks and never runs more than the limit', async () => {
    let running = 0;
    let peak = 0;
    const events: string[] = [];
    for await (const e of mergeRuns([30, 10, 20, 5], 2, async (ms: number, emit: (e: string) => void) => {
      running++;
      peak = Math.max(peak, running);
      emit(`start ${ms}`);
      await tick(ms);
      emit(`end ${ms}`);
      running--;
    })) events.push(e);
    expect(peak).toBe(2);
    expect(events.slice(0, 2)).toEqual(['start 30', 'start 10']);
    expect(events.indexOf('end 10')).toBeLessThan(events.indexOf('end 30'));
    expect(events.filter((e) => e.startsWith('end'))).toHaveLength(4);
  });

  it('rethrows a task failure after the events before it', async () => {
    const seen: string[] = [];
    await expect((async () => {
      for await (const e of mergeRuns([1], 1, async (_: number, emit: (e: string) => void) => { emit('before'); throw new Error('boom'); })) seen.push(e);
    })()).rejects.toThrow('boom');
    expect(seen).toEqual(['before']);
  });
});
