import { useEffect, useLayoutEffect, useRef } from 'react';
import { monaco } from './monaco.js';

interface Props {
  /** Left: what it is compared with (the live object, the text as opened). */
  original: string;
  /** Right: the other side (the document, their version). */
  modified: string;
  /** The right side can be edited (a merge by hand); each edit is told. */
  onModifiedChange?: (text: string) => void;
  /** Names the comparison for screen readers: "The live object against your document". */
  label: string;
  /** Each side in words (the head above the panes). */
  originalTitle: string;
  modifiedTitle: string;
  testId: string;
  /** A short comparison (in a dialog) rather than a full-height one. */
  compact?: boolean;
}

let views = 0;

/** Monaco's diff editor, side by side, read-only unless the right side is being merged by hand. */
export function DiffView({ original, modified, onModifiedChange, label, originalTitle, modifiedTitle, testId, compact = false }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const diffRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const told = useRef(modified);
  const onChange = useRef(onModifiedChange);
  useLayoutEffect(() => {
    onChange.current = onModifiedChange;
  });
  const editable = !!onModifiedChange;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const n = ++views;
    const left = monaco.editor.createModel(original, 'yaml', monaco.Uri.parse(`file:///meshdeck/diff/${n}/original.yaml`));
    const right = monaco.editor.createModel(told.current, 'yaml', monaco.Uri.parse(`file:///meshdeck/diff/${n}/modified.yaml`));
    const diff = monaco.editor.createDiffEditor(host, {
      automaticLayout: true,
      fixedOverflowWidgets: true,
      readOnly: !editable,
      originalEditable: false,
      renderSideBySide: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      renderOverviewRuler: false,
      renderFinalNewline: 'on',
      editContext: false,
      hideUnchangedRegions: { enabled: !editable },
    });
    diff.setModel({ original: left, modified: right });
    // Each side is an editor of its own for screen readers: named by the comparison and its side.
    diff.getOriginalEditor().updateOptions({ ariaLabel: `${label}: ${originalTitle} (read only)` });
    diff.getModifiedEditor().updateOptions({ ariaLabel: `${label}: ${modifiedTitle}${editable ? ' (editable)' : ' (read only)'}` });
    diffRef.current = diff;
    const changes = right.onDidChangeContent(() => {
      told.current = right.getValue();
      onChange.current?.(told.current);
    });
    return () => {
      changes.dispose();
      diff.dispose();
      left.dispose();
      right.dispose();
      diffRef.current = null;
    };
    // Made once; the texts change through the effect below.
  }, [editable]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const model = diffRef.current?.getModel();
    if (!model) return;
    if (model.original.getValue() !== original) model.original.setValue(original);
    if (modified !== told.current && model.modified.getValue() !== modified) {
      told.current = modified;
      model.modified.setValue(modified);
    }
  }, [original, modified]);

  return (
    <figure className={compact ? 'diff diff-compact' : 'diff'} data-testid={testId}>
      <figcaption className="diff-heads">
        <span>{originalTitle}</span>
        <span>{modifiedTitle}</span>
      </figcaption>
      <div ref={hostRef} className="diff-host" />
    </figure>
  );
}
