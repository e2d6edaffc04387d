import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import type { ContextSummary } from '../../../main/contract/models.js';
import { VisuallyHidden } from '../../components/ui.js';
import { authLabel } from './labels.js';
import { ProbeStatus } from './ProbeStatus.js';
import type { ProbeState } from './probing.js';

interface Props {
  contexts: ContextSummary[];
  selected: string | undefined;
  onSelect(name: string): void;
  onConnect(name: string): void;
  probe(name: string): ProbeState;
  /** id of the heading that names the list. */
  labelledBy: string;
}

/**
 * The contexts as a single-select listbox with a roving focus: arrows, Home/End, PageUp/PageDown and typing a
 * name move the selection; Enter (or a double click) connects.
 */
export function ContextList({ contexts, selected, onSelect, onConnect, probe, labelledBy }: Props) {
  const baseId = useId();
  const rows = useRef(new Map<string, HTMLLIElement>());
  const typeahead = useRef({ text: '', at: 0 });
  const found = contexts.findIndex((c) => c.name === selected);
  const selectedIndex = found >= 0 ? found : 0;
  const selectedName = contexts[selectedIndex]?.name;

  // When the list appears and nothing else has the focus (first load, back from an overview), take it.
  useEffect(() => {
    const active = document.activeElement;
    if ((!active || active === document.body) && selectedName) rows.current.get(selectedName)?.focus();
    // Only when the list mounts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function moveTo(index: number) {
    const target = contexts[Math.max(0, Math.min(contexts.length - 1, index))];
    if (!target) return;
    onSelect(target.name);
    rows.current.get(target.name)?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(selectedIndex + 1);
        break;
      case 'ArrowUp':
        moveTo(selectedIndex - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(contexts.length - 1);
        break;
      case 'PageDown':
        moveTo(selectedIndex + 10);
        break;
      case 'PageUp':
        moveTo(selectedIndex - 10);
        break;
      case 'Enter':
        if (selectedName) onConnect(selectedName);
        break;
      case ' ':
        moveTo(selectedIndex);
        break;
      default: {
        if (event.key.length !== 1) return;
        // Type-ahead: letters typed within a short while form a prefix to jump to.
        const now = event.timeStamp;
        const t = typeahead.current;
        t.text = now - t.at > 700 ? event.key.toLowerCase() : t.text + event.key.toLowerCase();
        t.at = now;
        const start = t.text.length === 1 ? selectedIndex + 1 : selectedIndex;
        const ordered = [...contexts.slice(start), ...contexts.slice(0, start)];
        const hit = ordered.find((c) => c.name.toLowerCase().startsWith(t.text));
        if (hit) moveTo(contexts.indexOf(hit));
        break;
      }
    }
    event.preventDefault();
  }

  return (
    <div className="context-table">
      <div className="context-row context-head" aria-hidden="true">
        <span>Name</span>
        <span className="col-server">Server</span>
        <span className="col-user">User</span>
        <span className="col-ns">Namespace</span>
        <span className="col-auth">Authentication</span>
        <span>Status</span>
      </div>
      <ul role="listbox" aria-labelledby={labelledBy} className="context-listbox" onKeyDown={onKeyDown}>
        {contexts.map((c, i) => {
          const isSelected = i === selectedIndex;
          return (
            <li
              key={c.name}
              id={`${baseId}-opt-${i}`}
              role="option"
              aria-selected={isSelected}
              tabIndex={isSelected ? 0 : -1}
              className="context-row context-option"
              data-testid={`context-row-${c.name}`}
              ref={(el) => {
                if (el) rows.current.set(c.name, el);
                return () => {
                  rows.current.delete(c.name);
                };
              }}
              onClick={() => moveTo(i)}
              onDoubleClick={() => onConnect(c.name)}
            >
              <span className="col-name">
                <span className={`current-marker${c.isCurrent ? ' is-current' : ''}`} aria-hidden="true">
                  {c.isCurrent ? '●' : ''}
                </span>
                <span className="context-name" title={c.name}>
                  {c.name}
                </span>
                {c.isCurrent ? (
                  <span className="tag tag-accent" title="The current-context of your kubeconfig">
                    current
                  </span>
                ) : null}
                {c.warnings.length > 0 ? (
                  <span className="tag tag-warn" title={c.warnings.join('\n')}>
                    <span aria-hidden="true">! </span>
                    {c.warnings.length === 1 ? '1 warning' : `${c.warnings.length} warnings`}
                  </span>
                ) : null}
              </span>
              <span className="col-server mono truncate" title={c.server || undefined}>
                <VisuallyHidden>, server </VisuallyHidden>
                {c.server || '—'}
              </span>
              <span className="col-user truncate" title={c.user || undefined}>
                <VisuallyHidden>, user </VisuallyHidden>
                {c.user}
              </span>
              <span className="col-ns truncate">
                <VisuallyHidden>, namespace </VisuallyHidden>
                {c.namespace}
              </span>
              <span className="col-auth truncate">
                <VisuallyHidden>, authentication </VisuallyHidden>
                {authLabel(c)}
              </span>
              <span className="col-status">
                <VisuallyHidden>, </VisuallyHidden>
                <ProbeStatus state={probe(c.name)} testId={`context-status-${c.name}`} />
              </span>
            </li>
          );
        })}
      </ul>
      {contexts.length > 0 && selectedName ? (
        <p className="list-foot list-hint">
          Use the arrow keys to choose a context, <kbd>Enter</kbd> to open it.
        </p>
      ) : null}
    </div>
  );
}
