/**
 * How the metrics pages write numbers: a unit on every figure, few digits (enough to compare two versions), and
 * undefined for "no value" so that the caller shows its dash (a missing figure is never written as 0).
 */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** Up to `max` decimals, fewer for big numbers; trailing zeros dropped. */
function decimals(value: number, max: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? Math.min(1, max) : abs >= 1 ? Math.min(2, max) : max;
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(value);
}

const present = (value: number | null | undefined): value is number => value !== null && value !== undefined && Number.isFinite(value);

/** "12.5 req/s". */
export function formatRps(rps: number | null | undefined): string | undefined {
  return present(rps) ? `${decimals(rps, 3)} req/s` : undefined;
}

/** "99.8%" of a 0–1 ratio; 100% only when nothing failed (a ratio just under 1 keeps its decimals). */
export function formatPercent(ratio: number | null | undefined): string | undefined {
  if (!present(ratio)) return undefined;
  if (ratio === 1) return '100%';
  const percent = ratio * 100;
  // 99.996% must not read as 100%: show as many decimals as it takes to be below it.
  const text = percent > 99.99 && ratio < 1 ? percent.toFixed(3) : new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(percent);
  return `${text}%`;
}

/** "4.5 ms", "240 ms", "1.25 s". */
export function formatMs(ms: number | null | undefined): string | undefined {
  if (!present(ms)) return undefined;
  if (ms >= 1000) return `${decimals(ms / 1000, 2)} s`;
  return `${decimals(ms, 1)} ms`;
}

const BYTE_UNITS = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s'] as const;

/** "512 B/s", "3.2 KiB/s". */
export function formatBytesRate(bps: number | null | undefined): string | undefined {
  if (!present(bps)) return undefined;
  let value = bps;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${decimals(value, 1)} ${BYTE_UNITS[unit]}`;
}

/** "1,234" (the requests a ratio rests on). */
export function formatCount(n: number | null | undefined): string | undefined {
  return present(n) ? integer.format(Math.round(n)) : undefined;
}

/** "0.4/s" (connections opened per second). */
export function formatPerSecond(n: number | null | undefined): string | undefined {
  return present(n) ? `${decimals(n, 2)}/s` : undefined;
}

/** "5 minutes", "1 hour", "24 hours": a range in words. */
export function formatRangeWords(seconds: number): string {
  if (seconds % 3600 === 0) {
    const h = seconds / 3600;
    return `${h} hour${h === 1 ? '' : 's'}`;
  }
  const m = Math.round(seconds / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

// One formatter per page (as formatTime does): hours and minutes, as the user's locale writes them.
let clockFormat: Intl.DateTimeFormat | undefined;

/** "14:05" (or "2:05 PM") of unix seconds: the time axis of the charts. */
export function formatClock(unixSeconds: number): string {
  clockFormat ??= new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
  return clockFormat.format(new Date(unixSeconds * 1000));
}
