import { useEffect, useId, useMemo } from 'react';
import { Toggle } from '../../components/Toggle.js';
import { EmptyState } from '../../components/ui.js';
import type { Column, RowActions } from './columns.js';
import { InventoryTable } from './InventoryTable.js';
import type { KindInfo, ToggleId } from './kinds.js';
import { cachedText, filterRows, sortRows, type SortState } from './table-model.js';

interface Props<R extends { id: string }> {
  info: KindInfo<R>;
  columns: readonly Column<R>[];
  rows: readonly R[];
  query: string;
  onQuery(query: string): void;
  toggles: ReadonlySet<ToggleId>;
  onToggle(id: ToggleId): void;
  sort: SortState;
  onSort(column: string): void;
  actions: RowActions;
  selected?: string;
  onSelect?: (id: string) => void;
}

/** One tab of the inventory: the filter box, the quick toggles, "N of M", and the table of what matches. */
export function InventoryPanel<R extends { id: string }>({ info, columns, rows, query, onQuery, toggles, onToggle, sort, onSort, actions, selected, onSelect }: Props<R>) {
  const filterId = useId();
  const countId = useId();

  const sortKey = columns.find((c) => c.id === sort.column)?.sortKey;
  // Sorted once per change of the rows or the sort; a keystroke only filters this.
  const sorted = useMemo(() => (sortKey ? sortRows(rows, sortKey, sort.direction) : rows), [rows, sortKey, sort.direction]);
  const tests = useMemo(() => info.toggles.filter((t) => toggles.has(t.id)).map((t) => t.test), [info, toggles]);
  const shown = useMemo(() => filterRows(sorted, query, info.searchText, tests), [sorted, query, info, tests]);
  const toggleCounts = useMemo(() => info.toggles.map((t) => rows.reduce((n, r) => (t.test(r) ? n + 1 : n), 0)), [info, rows]);

  // Search texts are built while the page is idle, so that the first keystroke is as quick as the next ones.
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function') return;
    const handle = requestIdleCallback(() => {
      for (const r of rows) cachedText(r, info.searchText);
    });
    return () => cancelIdleCallback(handle);
  }, [rows, info]);

  const needle = query.trim();
  const on = info.toggles.filter((t) => toggles.has(t.id));
  const sortedBy = columns.find((c) => c.id === sort.column)?.header;

  return (
    <>
      <div className="inv-toolbar">
        <div className="filter">
          <label htmlFor={filterId}>Filter</label>
          <input
            id={filterId}
            type="search"
            className="inv-filter"
            value={query}
            onChange={(e) => onQuery(e.target.value)}
            placeholder="Name, namespace, app or Istio version…"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={countId}
            data-testid="inventory-filter"
          />
        </div>
        <div className="inv-toggles" role="group" aria-label="Quick filters">
          {info.toggles.map((t, i) => (
            <Toggle key={t.id} pressed={toggles.has(t.id)} onToggle={() => onToggle(t.id)} label={t.label} count={toggleCounts[i] ?? 0} testId={`inventory-toggle-${t.id}`} />
          ))}
        </div>
        <p id={countId} className="inv-count" data-testid="inventory-count" data-shown={shown.length} data-total={rows.length} role="status">
          {shown.length} of {rows.length} {rows.length === 1 ? info.one : info.many}
        </p>
      </div>
      <InventoryTable
        rows={shown}
        columns={columns}
        sort={sort}
        onSort={onSort}
        actions={actions}
        caption={`${info.title}: ${shown.length} of ${rows.length}${sortedBy ? `, sorted by ${sortedBy.toLowerCase()} (${sort.direction})` : ''}`}
        testId="inventory-table"
        {...(selected !== undefined ? { selected } : {})}
        {...(onSelect ? { onSelect } : {})}
        empty={
          <EmptyState
            testId="inventory-empty"
            title={
              rows.length === 0
                ? `No ${info.many} in this cluster`
                : needle
                  ? `No ${info.many} match “${needle}”${on.length > 0 ? ` with ${on.map((t) => `“${t.label}”`).join(' and ')} on` : ''}`
                  : `No ${info.many} with ${on.map((t) => `“${t.label}”`).join(' and ')}`
            }
          >
            {rows.length > 0 ? <p>Change the filter or turn off the quick filters to see more.</p> : null}
          </EmptyState>
        }
      />
    </>
  );
}
