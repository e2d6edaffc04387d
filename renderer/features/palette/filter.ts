export interface PaletteAction {
  id: string;
  label: string;
  /** Shown on the right and searched: "Context", "Appearance"… */
  group: string;
  /** Shown under the label and searched (a server address…). */
  detail?: string;
  /** More words that find it. */
  keywords?: string;
  /** Lower first among equally good matches (the core ranks its tasks by what makes sense now); default 60. */
  rank?: number;
  run(): void;
}

const DEFAULT_RANK = 60;
const rankOf = (a: PaletteAction) => a.rank ?? DEFAULT_RANK;

/**
 * Keeps the actions whose words contain every word of the query (any order, any case), best first: label starts
 * with the query, then a word of the label starts with it, then the rest, each by rank, then in the original order.
 */
export function filterActions<A extends PaletteAction>(actions: readonly A[], query: string): A[] {
  const q = query.trim().toLowerCase();
  if (!q) return actions.map((action, index) => ({ action, index })).sort((a, b) => rankOf(a.action) - rankOf(b.action) || a.index - b.index).map((s) => s.action);
  const words = q.split(/\s+/);
  const scored: { action: A; score: number; index: number }[] = [];
  actions.forEach((action, index) => {
    const label = action.label.toLowerCase();
    const hay = `${label} ${action.group} ${action.detail ?? ''} ${action.keywords ?? ''}`.toLowerCase();
    if (!words.every((w) => hay.includes(w))) return;
    const score = label.startsWith(q) ? 0 : label.split(/[\s/:._-]+/).some((part) => part.startsWith(words[0] ?? '')) ? 1 : 2;
    scored.push({ action, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || rankOf(a.action) - rankOf(b.action) || a.index - b.index).map((s) => s.action);
}
