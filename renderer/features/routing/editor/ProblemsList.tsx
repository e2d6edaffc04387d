import { useId } from 'react';
import { Spinner } from '../../../components/ui.js';
import { SEVERITY } from '../words.js';
import { problemCounts, type EditorMarker, type MarkerOwner } from './markers.js';

interface Props {
  problems: readonly (EditorMarker & { owner: MarkerOwner; key: string })[];
  checking: boolean;
  /** Why the text is not checked now (too large to send), instead of "no problems". */
  unchecked?: string | undefined;
  /** Moves the editor's cursor to the problem (and the focus into the editor). */
  onJump(line: number, column: number): void;
}

const countWords = (n: number, one: string) => (n ? `${n} ${one}${n === 1 ? '' : 's'}` : '');

/** Under the editor: every problem found in the text, in text order; choosing one puts the cursor on it. */
export function ProblemsList({ problems, checking, unchecked, onJump }: Props) {
  const headingId = useId();
  const counts = problemCounts(problems);
  const found = [countWords(counts.errors, 'error'), countWords(counts.warnings, 'warning'), countWords(counts.notes, 'note')].filter(Boolean).join(', ');
  const summary = unchecked ?? (found || 'No problems found');
  return (
    <section className="problems-list" aria-labelledby={headingId} data-testid="problems" data-errors={counts.errors} data-warnings={counts.warnings}>
      <div className="problems-head">
        <h3 id={headingId}>Problems</h3>
        <span className="muted" role="status" data-testid="problems-summary">
          {summary}
        </span>
        {checking ? <Spinner label="Checking…" /> : null}
      </div>
      {problems.length > 0 ? (
        <ul className="problems-items">
          {problems.map((p) => {
            const severity = SEVERITY[p.severity];
            return (
              <li key={`${p.owner}:${p.key}`}>
                <button
                  type="button"
                  className={`problem problem-${p.severity}`}
                  onClick={() => onJump(p.startLineNumber, p.startColumn)}
                  data-testid="problem"
                  data-code={p.code || undefined}
                  data-line={p.startLineNumber}
                >
                  <span className={`problem-icon badge-${severity.tone}`} aria-hidden="true">
                    {severity.icon}
                  </span>
                  <span className="problem-text">
                    <span className="sr-only">{severity.text}: </span>
                    {p.code ? (
                      <>
                        <span className="problem-code mono">{p.code}</span>{' '}
                      </>
                    ) : null}
                    {p.message}
                    {p.fix ? <span className="problem-fix"> Fix: {p.fix}</span> : null}
                  </span>
                  <span className="problem-where muted">
                    line {p.startLineNumber} · {p.source}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
