import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { ApplyResult, ConfigRef, DiffReport } from '../../../../main/contract/config.js';
import { toErrorShape, type RpcErrorShape } from '../../../../main/contract/errors.js';
import { useClient } from '../../../api/transport.js';
import type { OutputOf } from '../../../../main/contract/api.js';
import { afterApply, afterUndo, baseFor, rebased, tookTheirs, type EditorDocument } from './session.js';

export type Conflict = Extract<ApplyResult, { outcome: 'conflict' }>['conflicts'][number];

/** What the review and apply area shows. */
export type ApplyStage =
  | { stage: 'idle' }
  | { stage: 'reviewing' }
  /** The diff of `text` against the live objects. */
  | { stage: 'review'; text: string; report: DiffReport }
  | { stage: 'applying'; text: string; report: DiffReport }
  | { stage: 'done'; result: ApplyResult; text: string };

export interface UndoState {
  undoId: string;
  running: boolean;
  result?: OutputOf<'config.undo'>;
  error?: RpcErrorShape;
}

export interface ApplyFlow {
  state: ApplyStage;
  /** The last apply that can be undone (kept after the review area moves on). */
  undo: UndoState | undefined;
  error: RpcErrorShape | undefined;
  review(): void;
  apply(): void;
  undoLast(): void;
  /** Conflict: their version becomes the document. */
  keepTheirs(conflict: Conflict): void;
  /** Conflict: the document goes on top of their version (after another review). */
  keepMine(conflict: Conflict): void;
  /** Conflict: a merge by hand becomes the document, on top of their version (after another review). */
  useMerged(conflict: Conflict, text: string): void;
  reset(): void;
}

interface Deps {
  context: string;
  doc: EditorDocument | undefined;
  update(change: (doc: EditorDocument) => EditorDocument): void;
  /** A new document became the object it made (its URL and its draft follow). */
  onBecameObject(ref: ConfigRef): void;
  /** The cluster refused the text that was applied. */
  onRejected(text: string): void;
}

/**
 * Review (`config.diff`), apply (`config.apply` with the versions the objects were opened at), and what follows:
 * undo of the last apply (`config.undo`), the choices of a conflict. Every outcome is the core's; the document's
 * base moves with what the cluster now has.
 */
export function useApplyFlow({ context, doc, update, onBecameObject, onRejected }: Deps): ApplyFlow {
  const client = useClient();
  const [state, setState] = useState<ApplyStage>({ stage: 'idle' });
  const [undo, setUndo] = useState<UndoState | undefined>();
  const [error, setError] = useState<RpcErrorShape | undefined>();
  const latest = useRef(doc);
  useLayoutEffect(() => {
    latest.current = doc;
  });

  const fail = useCallback((err: unknown) => {
    setError(toErrorShape(err));
    setState((s) => (s.stage === 'applying' ? { stage: 'review', text: s.text, report: s.report } : s.stage === 'reviewing' ? { stage: 'idle' } : s));
  }, []);

  /** Reviews the document (as it is now, or as it is about to become). */
  const reviewOf = useCallback((d: EditorDocument | undefined) => {
    if (!d) return;
    const text = d.text;
    setError(undefined);
    setState({ stage: 'reviewing' });
    client.call('config.diff', { context, documents: [{ name: d.name, text }] }).then((report) => setState({ stage: 'review', text, report }), fail);
  }, [client, context, fail]);
  const review = useCallback(() => reviewOf(latest.current), [reviewOf]);

  const apply = useCallback(() => {
    const d = latest.current;
    if (!d || state.stage !== 'review' || state.text !== d.text) return;
    const { text, report } = state;
    setError(undefined);
    setState({ stage: 'applying', text, report });
    const base = baseFor(report.entries.map((e) => e.ref), d.opened);
    client.call('config.apply', { context, documents: [{ name: d.name, text }], base }).then((result) => {
      setState({ stage: 'done', result, text });
      if (result.outcome === 'applied' || (result.outcome === 'owned' && result.applied.length > 0)) {
        const before = latest.current;
        if (before) {
          const after = afterApply({ ...before, text }, result.applied);
          update((current) => ({ ...after, text: current.text }));
          const first = result.applied[0];
          if (after.id !== before.id && first) onBecameObject(first.ref);
        }
      }
      const undoId = result.outcome === 'applied' ? result.undoId : result.outcome === 'owned' ? result.undoId : undefined;
      if (undoId) setUndo({ undoId, running: false });
      if (result.outcome === 'rejected') onRejected(text);
    }, fail);
  }, [client, context, fail, onBecameObject, onRejected, state, update]);

  const undoLast = useCallback(() => {
    if (!undo || undo.running) return;
    setUndo({ ...undo, running: true });
    client
      .call('config.undo', { context, undoId: undo.undoId })
      .then(async (result) => {
        // The cluster has the objects as before the apply: the next apply goes on top of that.
        const now = await Promise.all(
          result.restored.map(async (r) => {
            if (r.action === 'deleted') return { ref: r.ref, resourceVersion: null };
            const live = await client.call('config.get', { context, ref: r.ref });
            return { ref: r.ref, resourceVersion: live.resourceVersion, text: live.yaml };
          }),
        );
        update((d) => afterUndo(d, now));
        setUndo({ undoId: undo.undoId, running: false, result });
        setState({ stage: 'idle' });
      })
      .catch((err: unknown) => setUndo({ ...undo, running: false, error: toErrorShape(err) }));
  }, [client, context, undo, update]);

  const keepTheirs = useCallback(
    (c: Conflict) => {
      if (c.theirs === undefined) return;
      const theirs = c.theirs;
      update((d) => tookTheirs(d, c.ref, c.theirsResourceVersion ?? null, theirs));
      setState({ stage: 'idle' });
    },
    [update],
  );

  const onTopOfTheirs = useCallback(
    (c: Conflict, text?: string) => {
      const d = latest.current;
      if (!d) return;
      const next = { ...rebased(d, c.ref, c.theirsResourceVersion ?? null, c.theirs), ...(text !== undefined ? { text } : {}) };
      update(() => next);
      // Reviewed again against what is live now, before anything is applied.
      reviewOf(next);
    },
    [reviewOf, update],
  );

  const keepMine = useCallback((c: Conflict) => onTopOfTheirs(c), [onTopOfTheirs]);
  const useMerged = useCallback((c: Conflict, text: string) => onTopOfTheirs(c, text), [onTopOfTheirs]);
  const reset = useCallback(() => {
    setState({ stage: 'idle' });
    setError(undefined);
  }, []);

  return { state, undo, error, review, apply, undoLast, keepTheirs, keepMine, useMerged, reset };
}
