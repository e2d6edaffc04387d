/** The time ranges the metrics pages offer: the window of the figures and the width of the charts. */
export const RANGES = [
  { seconds: 300, label: '5m', words: 'last 5 minutes' },
  { seconds: 900, label: '15m', words: 'last 15 minutes' },
  { seconds: 3600, label: '1h', words: 'last hour' },
  { seconds: 6 * 3600, label: '6h', words: 'last 6 hours' },
  { seconds: 24 * 3600, label: '24h', words: 'last 24 hours' },
] as const;

export type RangeSeconds = (typeof RANGES)[number]['seconds'];

export const DEFAULT_RANGE: RangeSeconds = 900;

/** The words of a range ("last 15 minutes"); one not offered is written in minutes. */
export function rangeWords(seconds: number): string {
  return RANGES.find((r) => r.seconds === seconds)?.words ?? `last ${Math.round(seconds / 60)} minutes`;
}
