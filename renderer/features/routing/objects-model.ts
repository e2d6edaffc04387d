import type { ConfigRef, ConfigRow } from '../../../main/contract/config.js';
import { filterRows, sortRows } from '../inventory/table-model.js';
import { kindKey } from './words.js';

/** Filtering and ordering of the browse list: the inventory's cheap per-keystroke model over routing rows. */

export const refOfRow = (row: ConfigRow): ConfigRef => ({ group: row.group, kind: row.kind, ...(row.namespace ? { namespace: row.namespace } : {}), name: row.name });

/** Everything the search box matches: name, namespace, kind and the hosts the object names. */
export const rowSearchText = (row: ConfigRow) => [row.name, row.namespace ?? '', row.kind, ...row.hosts].join('\n').toLowerCase();

/** Grouped by kind, then by namespace and name; the order never jumps between updates. */
export const sortObjects = (rows: readonly ConfigRow[]) => sortRows(rows, (r) => `${r.kind} ${r.group} ${r.namespace ?? ''} ${r.name}`, 'ascending');

/** The rows of one kind (all: every kind) that contain every word of the query. */
export function filterObjects(rows: readonly ConfigRow[], query: string, kind: string | 'all', onlyProblems = false): readonly ConfigRow[] {
  const tests: ((row: ConfigRow) => boolean)[] = [];
  if (kind !== 'all') tests.push((row) => kindKey(row) === kind);
  if (onlyProblems) tests.push((row) => row.errors + row.warnings > 0);
  return filterRows(rows, query, rowSearchText, tests);
}

/** How many rows each kind has (by kindKey). */
export function countByKind(rows: readonly ConfigRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(kindKey(r), (counts.get(kindKey(r)) ?? 0) + 1);
  return counts;
}

/** The same object (group, kind, namespace and name). */
export const sameRef = (a: ConfigRef, b: ConfigRef) => a.group === b.group && a.kind === b.kind && (a.namespace ?? '') === (b.namespace ?? '') && a.name === b.name;
