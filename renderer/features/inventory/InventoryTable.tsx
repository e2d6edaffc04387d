import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Column, RowActions } from './columns.js';
import { markFirstRows } from './perf.js';
import type { SortState } from './table-model.js';

/** Every row has this height (CSS .inv-table td agrees), so the virtualizer never has to measure one. */
export const ROW_HEIGHT = 34;

interface Props<R extends { id: string }> {
  rows: readonly R[];
  columns: readonly Column<R>[];
  sort: SortState;
  onSort(column: string): void;
  actions: RowActions;
  /** Names the table for screen readers ("Pods: 12 of 340, sorted by name"). */
  caption: string;
  /** Shown under the header when there is no row. */
  empty?: ReactNode;
  testId?: string;
  /** The row selected (its id): highlighted, scrolled into view when it changes, and the one Tab reaches. */
  selected?: string;
  /** Told when the user moves to another row (arrow keys, a click, Tab). */
  onSelect?: (id: string) => void;
}

/** How far each key moves the row focus; PageUp/PageDown move by about a screenful. */
const ROW_KEYS: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (i, n) => Math.min(n - 1, i + 1),
  ArrowUp: (i) => Math.max(0, i - 1),
  PageDown: (i, n) => Math.min(n - 1, i + 15),
  PageUp: (i) => Math.max(0, i - 15),
  Home: () => 0,
  End: (_i, n) => n - 1,
};

/**
 * A table that draws only the rows in view (plus a margin): spacer rows above and below stand for the others, so
 * the scroll bar and the sticky header behave as with every row there. aria-rowcount and aria-rowindex tell screen
 * readers the full size and where each drawn row sits.
 */
export function InventoryTable<R extends { id: string }>({ rows, columns, sort, onSort, actions, caption, empty, testId, selected, onSelect }: Props<R>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Roving tabindex: one row is in the tab order; arrow keys move between rows, Tab goes on into that row's buttons.
  const [active, setActive] = useState<string | undefined>(selected);
  const [seenSelected, setSeenSelected] = useState(selected);
  if (selected !== seenSelected) {
    setSeenSelected(selected);
    if (selected !== undefined) setActive(selected);
  }
  const activeIndex = active === undefined ? -1 : rows.findIndex((r) => r.id === active);
  const tabStop = activeIndex >= 0 ? active : rows[0]?.id;
  const focusPending = useRef(false);
  const captionId = useId();
  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  // The React Compiler is not used here, so nothing memoizes what useVirtualizer returns.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey,
    overscan: 10,
    // Rows on the very first render, before the scroll box has been measured.
    initialRect: { width: 1200, height: 720 },
    // flushSync from a scroll handler makes React 19 warn; a normal update is just as smooth here.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const top = first ? first.start : 0;
  const bottom = last ? virtualizer.getTotalSize() - last.end : 0;

  useLayoutEffect(() => {
    if (items.length > 0) markFirstRows();
  });

  // A row selected from outside (a link, Back) is brought into view once its row is there.
  const scrolledTo = useRef<string | undefined>(undefined);
  const selectedIndex = selected === undefined ? -1 : rows.findIndex((r) => r.id === selected);
  useEffect(() => {
    if (selectedIndex < 0 || scrolledTo.current === selected) return;
    scrolledTo.current = selected;
    virtualizer.scrollToIndex(selectedIndex, { align: 'center' });
  }, [selected, selectedIndex, virtualizer]);

  // After an arrow key, the focus follows once the row is drawn (it may have been scrolled in just now).
  useEffect(() => {
    if (!focusPending.current || !active) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(active)}"]`);
    if (row) {
      focusPending.current = false;
      row.focus();
    }
  });

  const onRowKey = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const move = ROW_KEYS[event.key];
    const from = (event.target as HTMLElement).closest('tr');
    // Keys typed into a row's own controls stay theirs; only a focused row moves.
    if (!move || !from || event.target !== from || rows.length === 0) return;
    event.preventDefault();
    const index = move(Math.max(0, rows.findIndex((r) => r.id === from.dataset.id)), rows.length);
    const id = rows[index]!.id;
    virtualizer.scrollToIndex(index);
    // Already in view (scrolled just above): the effect for rows selected from outside must not center it again.
    scrolledTo.current = id;
    focusPending.current = true;
    setActive(id);
    onSelect?.(id);
  };
  // Stable, so that the memoized rows do not redraw on every move.
  const latest = useRef({ active, onSelect });
  useEffect(() => {
    latest.current = { active, onSelect };
  });
  const onRowFocus = useCallback((id: string) => {
    if (id === latest.current.active) return;
    latest.current.active = id;
    // A focused row is on screen already: selecting it must not scroll the table under the pointer.
    scrolledTo.current = id;
    setActive(id);
    latest.current.onSelect?.(id);
  }, []);

  return (
    <div ref={scrollRef} className="inv-scroll" data-scroll-box role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table inv-table" aria-rowcount={rows.length + 1} data-testid={testId}>
        <caption id={captionId} className="sr-only">
          {caption}
        </caption>
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} width={c.width} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) => (
              <HeaderCell key={c.id} column={c} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody onKeyDown={onRowKey}>
          {top > 0 ? <Spacer height={top} span={columns.length} /> : null}
          {items.map((item) => {
            const row = rows[item.index];
            return row ? (
              <Row
                key={row.id}
                row={row}
                index={item.index}
                columns={columns}
                actions={actions}
                tabStop={row.id === tabStop}
                selected={row.id === selected}
                onFocusRow={onRowFocus}
              />
            ) : null;
          })}
          {bottom > 0 ? <Spacer height={bottom} span={columns.length} /> : null}
        </tbody>
      </table>
      {rows.length === 0 ? empty : null}
    </div>
  );
}

function HeaderCell<R>({ column, sort, onSort }: { column: Column<R>; sort: SortState; onSort(column: string): void }) {
  const sorted = sort.column === column.id ? sort.direction : undefined;
  const className = column.numeric ? 'num' : undefined;
  if (!column.sortKey) {
    return (
      <th scope="col" className={className}>
        {column.header}
      </th>
    );
  }
  return (
    <th scope="col" className={className} aria-sort={sorted}>
      {/* A button: click, Enter and Space sort; the header's aria-sort says how. */}
      <button type="button" className="sort-button" onClick={() => onSort(column.id)} data-testid={`inventory-sort-${column.id}`}>
        {column.header}
        <span className={`sort-mark${sorted ? ' sort-active' : ''}`} aria-hidden="true">
          {sorted === 'descending' ? '▼' : '▲'}
        </span>
      </button>
    </th>
  );
}

function Spacer({ height, span }: { height: number; span: number }) {
  return (
    <tr className="inv-spacer" aria-hidden="true">
      <td colSpan={span} style={{ height }} />
    </tr>
  );
}

interface RowProps<R extends { id: string }> {
  row: R;
  index: number;
  columns: readonly Column<R>[];
  actions: RowActions;
  tabStop: boolean;
  selected: boolean;
  onFocusRow(id: string): void;
}

function RowImpl<R extends { id: string }>({ row, index, columns, actions, tabStop, selected, onFocusRow }: RowProps<R>) {
  return (
    <tr
      className={selected ? 'inv-row inv-row-selected' : 'inv-row'}
      data-testid="inv-row"
      data-id={row.id}
      data-selected={selected || undefined}
      aria-rowindex={index + 2}
      tabIndex={tabStop ? 0 : -1}
      onFocus={() => onFocusRow(row.id)}
    >
      {columns.map((c) => (
        <td key={c.id} className={c.numeric ? 'num' : undefined} data-testid={c.cellTestId} title={c.title?.(row)}>
          {c.cell(row, actions)}
        </td>
      ))}
    </tr>
  );
}

/** A row redraws only when its data, its position or the columns change (not on every keystroke of the filter). */
const Row = memo(RowImpl) as typeof RowImpl;
