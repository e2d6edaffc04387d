import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { trapTab, useModalDialog } from '../../components/modal.js';
import { filterActions, type PaletteAction } from './filter.js';
import './palette.css';

interface Props {
  open: boolean;
  onClose(): void;
  actions: readonly PaletteAction[];
}

/**
 * The command palette: a modal <dialog> (the rest of the page is inert while it is open) with a filter box and
 * the matching actions. Arrow keys choose, Enter runs, Escape closes; Tab stays inside; the focus goes back where
 * it was when it closes.
 */
export function CommandPalette({ open, onClose, actions }: Props) {
  const { dialogRef, returnFocusRef } = useModalDialog(open);

  /** Back to where the focus was, unless what the action did already put it somewhere (a new page's title). */
  function restoreFocus(dialog: HTMLDialogElement) {
    const target = returnFocusRef.current;
    returnFocusRef.current = null;
    const active = document.activeElement;
    const unclaimed = !active || active === document.body || dialog.contains(active);
    if (unclaimed && target && target.isConnected) target.focus();
  }

  return (
    <dialog
      ref={dialogRef}
      className="modal palette"
      role="dialog"
      aria-modal="true"
      aria-label="Command palette"
      data-testid="command-palette"
      onClose={(event) => {
        restoreFocus(event.currentTarget);
        onClose();
      }}
      onKeyDown={trapTab}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself.
        if (event.target === event.currentTarget) event.currentTarget.close();
      }}
    >
      {open ? (
        <PaletteBody
          actions={actions}
          onRun={(action) => {
            dialogRef.current?.close();
            action.run();
          }}
          onDismiss={() => dialogRef.current?.close()}
        />
      ) : null}
    </dialog>
  );
}

/** Mounted on each opening, so the filter starts empty. */
function PaletteBody({ actions, onRun, onDismiss }: { actions: readonly PaletteAction[]; onRun(a: PaletteAction): void; onDismiss(): void }) {
  const baseId = useId();
  const listId = `${baseId}-list`;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const results = useMemo(() => filterActions(actions, query), [actions, query]);
  const activeIndex = results.length === 0 ? -1 : Math.min(active, results.length - 1);
  const activeId = activeIndex >= 0 ? `${baseId}-opt-${activeIndex}` : undefined;

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const n = results.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (n === 0) return;
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + delta + n) % n);
    } else if (event.key === 'PageDown' || event.key === 'PageUp') {
      event.preventDefault();
      if (n > 0) setActive(Math.max(0, Math.min(n - 1, activeIndex + (event.key === 'PageDown' ? 8 : -8))));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const action = results[activeIndex];
      if (action) onRun(action);
    }
  }

  return (
    <div className="palette-body">
      <div className="palette-input-row">
        <span className="palette-search-icon" aria-hidden="true">
          ⌕
        </span>
        <input
          className="palette-input"
          type="text"
          role="combobox"
          aria-label="Type a command"
          aria-autocomplete="list"
          aria-expanded={results.length > 0}
          aria-controls={results.length > 0 ? listId : undefined}
          aria-activedescendant={activeId}
          autoComplete="off"
          spellCheck={false}
          placeholder="Type a task, a namespace, a service or a context…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="btn btn-ghost palette-close" onClick={onDismiss} aria-label="Close the command palette">
          Esc
        </button>
      </div>
      {results.length > 0 ? (
        <ul id={listId} role="listbox" aria-label="Commands" className="palette-list">
          {results.map((action, i) => (
            <li
              key={action.id}
              id={`${baseId}-opt-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              className="palette-option"
              data-testid={`palette-action-${action.id}`}
              onMouseMove={() => {
                if (i !== activeIndex) setActive(i);
              }}
              onClick={() => onRun(action)}
            >
              <span className="palette-option-text">
                <span className="palette-option-label">{action.label}</span>
                {action.detail ? <span className="palette-option-detail">{action.detail}</span> : null}
              </span>
              <span className="palette-option-group">{action.group}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="palette-empty" role="status">
          No command matches “{query.trim()}”.
        </p>
      )}
      <p className="list-foot palette-help" aria-hidden="true">
        <kbd>↑</kbd> <kbd>↓</kbd> to choose · <kbd>Enter</kbd> to run · <kbd>Esc</kbd> to close
      </p>
    </div>
  );
}
