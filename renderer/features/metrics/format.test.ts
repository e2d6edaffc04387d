import { describe, expect, it } from 'vitest';
import { formatBytesRate, formatCount, formatMs, formatPercent, formatRangeWords, formatRps } from './format.js';

describe('metric figures in words', () => {
  it('writes rates, latencies and byte rates with their unit and few digits', () => {
    expect(formatRps(12.345)).toBe('12.3 req/s');
    expect(formatRps(0.05)).toBe('0.05 req/s');
    expect(formatRps(250.4)).toBe('250 req/s');
    expect(formatMs(4.56)).toBe('4.6 ms');
    expect(formatMs(240.2)).toBe('240 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatBytesRate(512)).toBe('512 B/s');
    expect(formatBytesRate(3.2 * 1024)).toBe('3.2 KiB/s');
    expect(formatCount(1234.4)).toBe(new Intl.NumberFormat().format(1234));
  });

  it('never rounds a ratio below 1 up to 100%', () => {
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.998)).toBe('99.8%');
    expect(formatPercent(0.99996)).toBe('99.996%');
    expect(formatPercent(0.7)).toBe('70%');
  });

  it('gives nothing for a missing figure, so the page shows its dash rather than a zero', () => {
    for (const f of [formatRps, formatPercent, formatMs, formatBytesRate, formatCount]) {
      expect(f(null)).toBeUndefined();
      expect(f(undefined)).toBeUndefined();
      expect(f(Number.NaN)).toBeUndefined();
    }
  });

  it('says a range in words', () => {
    expect(formatRangeWords(300)).toBe('5 minutes');
    expect(formatRangeWords(3600)).toBe('1 hour');
    expect(formatRangeWords(86400)).toBe('24 hours');
  });
});
