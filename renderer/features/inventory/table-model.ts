/**
 * Sorting and filtering of the inventory's rows, kept cheap enough for 10,000 rows per keystroke: the search text of
 * a row is computed once per row object (a delta replaces only the rows that changed), sorting happens only when
 * the rows or the sort change, and filtering is one substring scan over the sorted rows.
 */

export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  column: string;
  direction: SortDirection;
}

export type SortKey = string | number;

/** Clicking the sorted column flips it; another column starts ascending. */
export function nextSort(current: SortState, column: string): SortState {
  if (current.column !== column) return { column, direction: 'ascending' };
  return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/**
 * A string key that sorts numbers inside names by value ("app-2" before "app-10") with a plain comparison: digit
 * runs are zero-padded. Much cheaper than Intl.Collator over 10,000 rows.
 */
export function naturalKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(12, '0'));
}

/** Sorted copy; ties (and equal keys) fall back to the id so that the order never jumps between updates. */
export function sortRows<R extends { id: string }>(rows: readonly R[], key: (row: R) => SortKey, direction: SortDirection): R[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const decorated = rows.map((row) => {
    const k = key(row);
    return { row, key: typeof k === 'string' ? naturalKey(k) : k, tie: naturalKey(row.id) };
  });
  decorated.sort((a, b) => {
    const byKey = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    if (byKey !== 0) return byKey * sign;
    return a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0;
  });
  return decorated.map((d) => d.row);
}

const texts = new WeakMap<object, string>();

/** `text(row)`, computed once per row object. */
export function cachedText<R extends object>(row: R, text: (row: R) => string): string {
  let t = texts.get(row);
  if (t === undefined) {
    t = text(row);
    texts.set(row, t);
  }
  return t;
}

/** The words of a query, lower case (every one must match, in any order and any field). */
export function queryWords(query: string): string[] {
  const q = query.trim().toLowerCase();
  return q ? q.split(/\s+/) : [];
}

/** The rows that contain every word of the query in their search text and pass every quick toggle; the same array when nothing filters. */
export function filterRows<R extends object>(
  rows: readonly R[],
  query: string,
  searchText: (row: R) => string,
  tests: readonly ((row: R) => boolean)[] = [],
): readonly R[] {
  const words = queryWords(query);
  if (words.length === 0 && tests.length === 0) return rows;
  const out: R[] = [];
  for (const row of rows) {
    if (!tests.every((t) => t(row))) continue;
    if (words.length > 0) {
      const text = cachedText(row, searchText);
      if (!words.every((w) => text.includes(w))) continue;
    }
    out.push(row);
  }
  return out;
}
