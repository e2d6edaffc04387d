import { useRef, type KeyboardEvent } from 'react';
import './tabs.css';

interface Props<T extends string> {
  tabs: readonly { id: T; title: string; count?: number | undefined }[];
  selected: T;
  onSelect(tab: T): void;
  /** Names the tab list for screen readers. */
  label: string;
  /** Id prefix shared with the tab panel (`${idBase}-tab-<id>`, `${idBase}-panel`). */
  idBase: string;
  testIdPrefix: string;
  /** A class of the page's own for the tab list (its border, its place). */
  className?: string;
}

/** ARIA tabs: one Tab stop, the arrow keys (Home and End too) move and select. */
export function Tabs<T extends string>({ tabs, selected, onSelect, label, idBase, testIdPrefix, className }: Props<T>) {
  const refs = useRef(new Map<T, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const i = tabs.findIndex((t) => t.id === selected);
    const last = tabs.length - 1;
    const to = event.key === 'ArrowRight' ? (i + 1) % tabs.length : event.key === 'ArrowLeft' ? (i + last) % tabs.length : event.key === 'Home' ? 0 : event.key === 'End' ? last : -1;
    const next = tabs[to]?.id;
    if (next === undefined) return;
    event.preventDefault();
    onSelect(next);
    refs.current.get(next)?.focus();
  }

  return (
    <div role="tablist" aria-label={label} className={className ? `tabs ${className}` : 'tabs'}>
      {tabs.map(({ id, title, count }) => (
        <button
          key={id}
          ref={(el) => {
            if (el) refs.current.set(id, el);
            else refs.current.delete(id);
          }}
          type="button"
          role="tab"
          id={`${idBase}-tab-${id}`}
          aria-selected={id === selected}
          aria-controls={`${idBase}-panel`}
          tabIndex={id === selected ? 0 : -1}
          className="tab"
          data-testid={`${testIdPrefix}-${id}`}
          onClick={() => onSelect(id)}
          onKeyDown={onKeyDown}
        >
          {title}
          {count !== undefined ? <span className="tab-count">{count}</span> : null}
        </button>
      ))}
    </div>
  );
}
