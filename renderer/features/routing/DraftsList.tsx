import { useId, useState } from 'react';
import type { Draft } from '../../../main/contract/config.js';
import { formatTime } from '../../components/ui.js';
import { plural } from './words.js';

interface Props {
  drafts: readonly Draft[];
  onOpen(draft: Draft): void;
  onDiscard(draft: Draft): void;
}

const SHOWN_FIRST = 3;

/** Unsaved edits the core keeps, so that nothing typed is lost when the user moved on: open one again, or let it go. */
export function DraftsList({ drafts, onOpen, onDiscard }: Props) {
  const headingId = useId();
  const [all, setAll] = useState(false);
  if (drafts.length === 0) return null;
  // The latest few; the rest on demand, so that old drafts do not push the list of objects away.
  const shown = all ? drafts : drafts.slice(0, SHOWN_FIRST);
  return (
    <section className="rt-drafts notice-warn" aria-labelledby={headingId} data-testid="routing-drafts">
      <h2 id={headingId}>{plural(drafts.length, 'unsaved draft')}</h2>
      <ul>
        {shown.map((d) => (
          <li key={d.id} data-testid="routing-draft" data-id={d.id}>
            <span className="mono">{d.name}</span>
            {d.updatedAt ? <span className="muted"> · kept {formatTime(d.updatedAt)}</span> : null}
            <span className="rt-draft-actions">
              <button type="button" className="btn btn-small" onClick={() => onOpen(d)} aria-label={`Open the draft of ${d.name}`}>
                Open
              </button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => onDiscard(d)} aria-label={`Discard the draft of ${d.name}`}>
                Discard
              </button>
            </span>
          </li>
        ))}
      </ul>
      {drafts.length > shown.length ? (
        <button type="button" className="link-button rt-drafts-more" onClick={() => setAll(true)}>
          Show the {drafts.length - shown.length} older ones
        </button>
      ) : null}
    </section>
  );
}
