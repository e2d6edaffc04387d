import { Spinner } from '../../../components/ui.js';
import { ErrorExplanation } from '../../errors/ErrorExplanation.js';
import { refLabel } from '../words.js';
import type { UndoState } from './useApplyFlow.js';

/** After an apply: Undo puts back what it changed (if nobody changed it since); then says what it put back. */
export function UndoBanner({ context, undo, onUndo }: { context: string; undo: UndoState; onUndo(): void }) {
  if (undo.result) {
    return (
      <div className="notice" role="status" data-testid="undo-done">
        <p>
          Undone:{' '}
          {undo.result.restored.map((r) => `${refLabel(r.ref)} ${r.action === 'deleted' ? 'removed again' : 'restored as it was'}`).join('; ')}. Your text is still in the
          editor, kept as a draft.
        </p>
      </div>
    );
  }
  return (
    <div className="notice" data-testid="undo-banner">
      <p>The last apply can be undone: the objects go back to how they were before it, unless someone changed them since.</p>
      {undo.running ? (
        <Spinner label="Undoing…" />
      ) : (
        <button type="button" className="btn" onClick={onUndo} data-testid="undo">
          Undo the apply
        </button>
      )}
      {undo.error ? <ErrorExplanation error={undo.error} context={context} testId="undo-error" /> : null}
    </div>
  );
}
