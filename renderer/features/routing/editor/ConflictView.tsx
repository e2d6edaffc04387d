import { useId, useState } from 'react';
import { sameRef } from '../objects-model.js';
import { refLabel } from '../words.js';
import { DiffView } from './DiffView.js';
import type { EditorDocument } from './session.js';
import type { Conflict } from './useApplyFlow.js';

interface Props {
  conflicts: readonly Conflict[];
  doc: EditorDocument;
  /** The document holds that one object only: their text can simply replace it. */
  canKeepTheirs: boolean;
  onKeepTheirs(c: Conflict): void;
  onKeepMine(c: Conflict): void;
  onUseMerged(c: Conflict, text: string): void;
}

/** Someone changed what the editor opened: nothing was applied. Three texts side by side, and the user's choice. */
export function ConflictView({ conflicts, doc, canKeepTheirs, onKeepTheirs, onKeepMine, onUseMerged }: Props) {
  return (
    <div className="conflicts" data-testid="conflict-view">
      {conflicts.map((c) => (
        <ConflictItem key={refLabel(c.ref)} conflict={c} doc={doc} canKeepTheirs={canKeepTheirs && c.theirs !== undefined} onKeepTheirs={onKeepTheirs} onKeepMine={onKeepMine} onUseMerged={onUseMerged} />
      ))}
    </div>
  );
}

function ConflictItem({ conflict: c, doc, canKeepTheirs, onKeepTheirs, onKeepMine, onUseMerged }: Omit<Props, 'conflicts'> & { conflict: Conflict }) {
  const headingId = useId();
  const [merging, setMerging] = useState(false);
  const [merged, setMerged] = useState(doc.text);
  const opened = doc.opened.find((o) => sameRef(o.ref, c.ref));
  const base = opened?.text ?? '';
  const theirs = c.theirs ?? '';
  const what =
    c.theirs === undefined
      ? `${refLabel(c.ref)} was deleted in the cluster after you opened it.`
      : !opened || opened.resourceVersion === null
        ? `${refLabel(c.ref)} was created in the cluster meanwhile (by someone else, or under the name you typed).`
        : `${refLabel(c.ref)} changed in the cluster after you opened it (version ${opened.resourceVersion} then, ${c.theirsResourceVersion ?? 'unknown'} now).`;
  return (
    <section className="conflict callout-error" aria-labelledby={headingId} data-testid="conflict" data-kind={c.ref.kind} data-name={c.ref.name}>
      <h3 id={headingId}>Not applied: {refLabel(c.ref)} changed meanwhile</h3>
      <p>{what} Nothing was changed. Compare, then choose which version goes on.</p>
      <div className="conflict-diffs">
        <DiffView original={base} modified={theirs} originalTitle="As you opened it" modifiedTitle="Theirs: in the cluster now" label={`What changed in the cluster: ${refLabel(c.ref)}`} testId="conflict-theirs" compact />
        <DiffView original={base} modified={doc.text} originalTitle="As you opened it" modifiedTitle="Yours: the editor" label={`What you changed: ${refLabel(c.ref)}`} testId="conflict-mine" compact />
      </div>
      {merging ? (
        <div className="conflict-merge">
          <p>Edit the right side until it says what should go on; it goes on top of their version after another review.</p>
          <DiffView original={theirs} modified={merged} onModifiedChange={setMerged} originalTitle="Theirs (read only)" modifiedTitle="Merged: yours, edit it" label={`Merge by hand: ${refLabel(c.ref)}`} testId="conflict-merge" />
        </div>
      ) : null}
      <div className="button-row">
        {canKeepTheirs ? (
          <button type="button" className="btn" onClick={() => onKeepTheirs(c)} data-testid="conflict-keep-theirs">
            Keep theirs
          </button>
        ) : null}
        <button type="button" className="btn" onClick={() => onKeepMine(c)} data-testid="conflict-keep-mine">
          Keep mine (review, then apply over theirs)
        </button>
        {merging ? (
          <button type="button" className="btn btn-primary" onClick={() => onUseMerged(c, merged)} data-testid="conflict-use-merged">
            Use the merged text and review
          </button>
        ) : (
          <button type="button" className="btn" onClick={() => setMerging(true)} data-testid="conflict-merge-open" disabled={c.theirs === undefined}>
            Merge by hand
          </button>
        )}
      </div>
    </section>
  );
}
