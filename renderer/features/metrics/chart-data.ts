import type { VersionSeries } from '../../../main/contract/metrics.js';

/**
 * The core's per-version series shaped for recharts: one row per instant, one column per version. A version without
 * a sample at an instant gets null there, which the chart draws as a gap (never as zero).
 */

/** [unix seconds, value or null]: a point of the contract's series. */
type Point = [number, number | null];

/** One row of a chart: the instant `t` (unix seconds) and a value (or null) per line's key. */
export type ChartRow = { t: number } & Record<string, number | null>;

/** A line of a chart: its key in the rows (s0, s1…: version names could clash with `t`) and what it shows. */
export interface ChartLine {
  key: string;
  /** The version it belongs to, and its place among the versions (its colour and dash). */
  version: string;
  index: number;
  label: string;
}

export interface ChartData {
  rows: ChartRow[];
  lines: ChartLine[];
}

/** Which series of a version a chart draws. */
export type SeriesPick = (series: VersionSeries) => readonly Point[] | undefined;

export const pickSeries = {
  rps: (s: VersionSeries) => s.rps,
  successRate: (s: VersionSeries) => s.successRate,
  p50: (s: VersionSeries) => s.p50,
  p90: (s: VersionSeries) => s.p90,
  p99: (s: VersionSeries) => s.p99,
  tcpSent: (s: VersionSeries) => s.tcpSent,
  tcpReceived: (s: VersionSeries) => s.tcpReceived,
} satisfies Record<string, SeriesPick>;

/**
 * Rows for one chart: every instant any version has, in order, each version's value or null. `labelOf` names a
 * version's line (the canary page adds "stable" and "canary").
 */
export function chartData(series: readonly VersionSeries[], pick: SeriesPick, labelOf: (version: string) => string = (v) => v): ChartData {
  const lines: ChartLine[] = [];
  const byTime = new Map<number, ChartRow>();
  series.forEach((s, index) => {
    const points = pick(s);
    if (!points) return;
    const key = `s${index}`;
    lines.push({ key, version: s.version, index, label: labelOf(s.version) });
    for (const [t, value] of points) {
      let row = byTime.get(t);
      if (!row) {
        row = { t } as ChartRow;
        byTime.set(t, row);
      }
      row[key] = value === null || Number.isNaN(value) ? null : value;
    }
  });
  const rows = [...byTime.values()].sort((a, b) => a.t - b.t);
  // An instant a version has no point at is a gap for it, not a missing key (recharts would join across it).
  for (const row of rows) for (const line of lines) if (!(line.key in row)) row[line.key] = null;
  return { rows, lines };
}

/** The latest instant at which some line has a value (undefined: none has any). */
export function lastSampleTime(data: ChartData): number | undefined {
  for (let i = data.rows.length - 1; i >= 0; i--) {
    const row = data.rows[i]!;
    if (data.lines.some((l) => typeof row[l.key] === 'number')) return row.t;
  }
  return undefined;
}

/** Each line's latest value (for the words screen readers get, and the chart's summary). */
export function latestValues(data: ChartData): { line: ChartLine; value: number | undefined }[] {
  return data.lines.map((line) => {
    for (let i = data.rows.length - 1; i >= 0; i--) {
      const v = data.rows[i]![line.key];
      if (typeof v === 'number') return { line, value: v };
    }
    return { line, value: undefined };
  });
}

/**
 * The time axis: the whole range up to the answer's time, so that a version that only started part-way shows as
 * starting part-way (and the axis does not jump with every refresh).
 */
export function timeDomain(atIso: string, rangeSeconds: number, data: ChartData): [number, number] {
  const at = Date.parse(atIso) / 1000;
  const last = data.rows.at(-1)?.t;
  const end = Number.isFinite(at) ? Math.max(at, last ?? at) : (last ?? 0);
  return [end - rangeSeconds, end];
}

/** Tick spacings for the time axis, seconds: the first that gives at most `max` ticks over the range wins. */
const TICK_STEPS = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600] as const;

/** Ticks on round clock times (every 2 minutes, every hour…) across the domain. */
export function timeTicks([start, end]: [number, number], max = 6): number[] {
  const span = end - start;
  if (!(span > 0)) return [];
  const step = TICK_STEPS.find((s) => span / s <= max) ?? Math.ceil(span / max / 3600) * 3600;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
  return ticks;
}

/** The ratio axis: from a round tenth below the lowest value (and the gates) up to 100%. */
export function ratioDomain(data: ChartData, references: readonly number[] = []): [number, number] {
  let min = 1;
  for (const row of data.rows) for (const line of data.lines) {
    const v = row[line.key];
    if (typeof v === 'number' && v < min) min = v;
  }
  for (const r of references) min = Math.min(min, r);
  return [Math.max(0, Math.floor((min - 0.005) * 10) / 10), 1];
}

/**
 * The rows where a line has a value with no value on either side: a line draws nothing there, so the chart marks
 * them with a dot (a lone sample between gaps must not vanish).
 */
export function isolatedPoints(data: ChartData, key: string): ReadonlySet<number> {
  const out = new Set<number>();
  const has = (i: number) => typeof data.rows[i]?.[key] === 'number';
  for (let i = 0; i < data.rows.length; i++) if (has(i) && !has(i - 1) && !has(i + 1)) out.add(i);
  return out;
}
