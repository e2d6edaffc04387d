import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConfigRef } from '../../../../main/contract/config.js';
import { toErrorShape, type RpcErrorShape } from '../../../../main/contract/errors.js';
import { useCall } from '../../../api/hooks.js';
import { useClient } from '../../../api/transport.js';
import type { RoutingOpen } from '../../../route.js';
import { documentOfDraft, documentOfObject, draftIdOf, draftOf, needsDraft, type EditorDocument } from './session.js';

/** How long typing must pause before the draft is kept. */
const DRAFT_AFTER_MS = 700;

export type DraftStatus = { state: 'none' } | { state: 'saving' } | { state: 'saved'; at: string } | { state: 'too-large' } | { state: 'failed'; error: RpcErrorShape };

export interface DocumentModel {
  /** loading: reading the draft or the object; missing: the draft named in the URL is gone. */
  status: 'loading' | 'ready' | 'failed' | 'missing';
  error: RpcErrorShape | undefined;
  doc: EditorDocument | undefined;
  /** Changes when the text was set from elsewhere than the editor (it then shows that text). */
  textVersion: string;
  /** The document was restored from a draft kept by the core (its id, and when it was kept). */
  restored: { id: string; updatedAt: string | undefined } | undefined;
  draft: DraftStatus;
  /** The editor's own edit. */
  setText(text: string): void;
  /** Replaces the document (after an apply, an undo, a choice in a conflict, a wizard's text). */
  update(change: (doc: EditorDocument) => EditorDocument): void;
  /** Lets the draft go: the object as the cluster has it now (a new document's draft: nothing, the caller closes). */
  discardDraft(): Promise<void>;
  retry(): void;
}

/**
 * The document the editor holds: restored from its draft when the core keeps one (unsaved edits survive a reload),
 * else the object as the cluster has it (`config.get`). While the user types, the draft is kept by the core
 * (`config.saveDraft`, after a pause), and let go once the text is what was opened again.
 */
export function useEditorDocument(context: string, open: RoutingOpen, fresh = false): DocumentModel {
  const client = useClient();
  const [reads, setReads] = useState(0);
  const [ignoreDraft, setIgnoreDraft] = useState(false);
  const wanted = open.kind === 'draft' ? open.id : draftIdOf(open.ref);
  const drafts = useCall('config.drafts', { context }, { refresh: reads });
  const draft = ignoreDraft ? undefined : drafts.data?.drafts.find((d) => d.id === wanted);
  const ref: ConfigRef | undefined = open.kind === 'object' ? open.ref : undefined;
  const live = useCall('config.get', ref && drafts.data && !draft ? { context, ref } : null, { refresh: reads });

  // The document as first read (the draft, else the live object); the user's edits replace it.
  const read = useMemo(() => (draft ? documentOfDraft(draft) : ref && live.data ? documentOfObject(live.data.ref, live.data.yaml, live.data.resourceVersion) : undefined), [draft, ref, live.data]);
  // `outside` counts the texts that came from elsewhere than the editor (a wizard, a conflict's choice), `resets`
  // the discards: the editor takes a text from its props only when one of them moves (its own edits echo back).
  const [edited, setEdited] = useState<{ doc: EditorDocument; outside: number } | undefined>();
  const [resets, setResets] = useState(0);
  const doc = edited?.doc ?? read;
  const restored = draft && doc && !fresh ? { id: draft.id, updatedAt: draft.updatedAt } : undefined;

  const [draftStatus, setDraftStatus] = useState<DraftStatus>({ state: 'none' });
  // Draft ids the core keeps for this editor: the current one, and one left behind when the document changed id.
  const kept = useRef(new Set<string>());
  // The draft the document came from is the core's to let go of, restored or made just now.
  const restoredId = draft && doc ? draft.id : undefined;
  useEffect(() => {
    if (!doc) return;
    if (restoredId) kept.current.add(restoredId);
    const timer = setTimeout(() => {
      for (const id of kept.current) {
        if (id === doc.id) continue;
        kept.current.delete(id);
        void client.call('config.deleteDraft', { context, id }).catch(() => undefined);
      }
      if (!needsDraft(doc)) {
        if (kept.current.delete(doc.id)) void client.call('config.deleteDraft', { context, id: doc.id }).catch(() => undefined);
        setDraftStatus({ state: 'none' });
        return;
      }
      const next = draftOf(doc);
      if (!next) {
        setDraftStatus({ state: 'too-large' });
        return;
      }
      setDraftStatus({ state: 'saving' });
      client.call('config.saveDraft', { context, draft: next }).then(
        ({ updatedAt }) => {
          kept.current.add(doc.id);
          setDraftStatus({ state: 'saved', at: updatedAt });
        },
        (err: unknown) => setDraftStatus({ state: 'failed', error: toErrorShape(err) }),
      );
    }, DRAFT_AFTER_MS);
    return () => clearTimeout(timer);
  }, [client, context, doc, restoredId]);

  const setText = useCallback(
    (text: string) =>
      setEdited((e) => {
        const base = e?.doc ?? read;
        return base && base.text !== text ? { doc: { ...base, text }, outside: e?.outside ?? 0 } : e;
      }),
    [read],
  );
  const update = useCallback(
    (change: (d: EditorDocument) => EditorDocument) =>
      setEdited((e) => {
        const base = e?.doc ?? read;
        if (!base) return e;
        const next = change(base);
        return { doc: next, outside: (e?.outside ?? 0) + (next.text !== base.text ? 1 : 0) };
      }),
    [read],
  );
  const retry = useCallback(() => setReads((n) => n + 1), []);

  const docId = doc?.id;
  const discardDraft = useCallback(async () => {
    if (!docId) return;
    await client.call('config.deleteDraft', { context, id: docId });
    kept.current.delete(docId);
    setDraftStatus({ state: 'none' });
    setIgnoreDraft(true);
    setEdited(undefined);
    setResets((n) => n + 1);
    setReads((n) => n + 1);
  }, [client, context, docId]);

  const error = drafts.error ?? live.error;
  const status: DocumentModel['status'] = doc ? 'ready' : error ? 'failed' : drafts.data && open.kind === 'draft' && !draft ? 'missing' : 'loading';
  return { status, error: doc ? undefined : error, doc, textVersion: `${resets}:${edited?.outside ?? 0}`, restored, draft: draftStatus, setText, update, discardDraft, retry };
}
