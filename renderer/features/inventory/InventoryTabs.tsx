import { useRef, type KeyboardEvent } from 'react';
import type { InventoryKind } from '../../../main/contract/inventory.js';
import { KINDS } from './inventory-state.js';
import { KIND_INFO } from './kinds.js';

interface Props {
  selected: InventoryKind;
  onSelect(kind: InventoryKind): void;
  /** Rows per kind (absent while loading). */
  counts: Record<InventoryKind, number> | undefined;
  /** Id prefix shared with the tab panel (`${idBase}-tab-<kind>`, `${idBase}-panel`). */
  idBase: string;
}

/**
 * Namespaces | Workloads | Services | Pods, as ARIA tabs: only the selected tab is in the Tab order, and the arrow
 * keys (Home and End too) move between tabs and select them.
 */
export function InventoryTabs({ selected, onSelect, counts, idBase }: Props) {
  const refs = useRef(new Map<InventoryKind, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const i = KINDS.indexOf(selected);
    const next =
      event.key === 'ArrowRight' ? KINDS[(i + 1) % KINDS.length]
        : event.key === 'ArrowLeft' ? KINDS[(i - 1 + KINDS.length) % KINDS.length]
          : event.key === 'Home' ? KINDS[0]
            : event.key === 'End' ? KINDS[KINDS.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    refs.current.get(next)?.focus();
  }

  return (
    <div role="tablist" aria-label="Inventory" className="inv-tabs">
      {KINDS.map((kind) => {
        const on = kind === selected;
        return (
          <button
            key={kind}
            ref={(el) => {
              if (el) refs.current.set(kind, el);
              else refs.current.delete(kind);
            }}
            type="button"
            role="tab"
            id={`${idBase}-tab-${kind}`}
            aria-selected={on}
            aria-controls={`${idBase}-panel`}
            tabIndex={on ? 0 : -1}
            className="inv-tab"
            data-testid={`inventory-tab-${kind}`}
            onClick={() => onSelect(kind)}
            onKeyDown={onKeyDown}
          >
            {KIND_INFO[kind].title}
            {counts ? <span className="inv-tab-count">{counts[kind]}</span> : null}
          </button>
        );
      })}
    </div>
  );
}
