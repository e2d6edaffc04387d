import { useId, useRef, useState } from 'react';
import type { ConfigKindInfo } from '../../../main/contract/config.js';
import { TextField } from '../../components/TextField.js';
import { fillTemplate, servedKind, TEMPLATES, type Template } from './templates.js';

interface Props {
  kinds: readonly ConfigKindInfo[];
  /** Opens a new document with the template's text. */
  onCreate(template: Template, text: string): void;
  busy: boolean;
}

/** "New from template": the namespace to start in, and one button per template (those the cluster does not serve say so). */
export function NewFromTemplate({ kinds, onCreate, busy }: Props) {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [namespace, setNamespace] = useState('default');
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <div className="rt-new">
      <button ref={buttonRef} type="button" className="btn btn-primary" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)} data-testid="routing-new">
        New from template
      </button>
      {open ? (
        <div
          id={panelId}
          className="rt-new-panel panel"
          data-testid="routing-templates"
          onKeyDown={(e) => {
            // Escape closes the panel and gives the focus back to its button.
            if (e.key !== 'Escape') return;
            setOpen(false);
            buttonRef.current?.focus();
          }}
        >
          <TextField id={`${panelId}-ns`} label="Namespace" hint="Where the new object goes; you can change it in the YAML." error={undefined} value={namespace} onChange={setNamespace} maxLength={63} testId="routing-new-namespace" />
          <ul className="rt-template-list">
            {TEMPLATES.map((t) => {
              const kind = servedKind(t, kinds);
              return (
                <li key={t.id}>
                  <button
                    type="button"
                    className="rt-template"
                    disabled={!kind || busy}
                    aria-describedby={`${panelId}-${t.id}`}
                    onClick={() => kind && onCreate(t, fillTemplate(t, kind, namespace.trim() || 'default'))}
                    data-testid={`routing-template-${t.id}`}
                  >
                    <span className="rt-template-kind">{t.kind}</span>
                    <span id={`${panelId}-${t.id}`} className="rt-template-purpose">
                      {kind ? t.purpose : `This cluster serves no ${t.kind} (${t.group}): install its CRDs first.`}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
