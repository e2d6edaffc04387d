import type { ConfigRef, Draft } from '../../../../main/contract/config.js';
import { sameRef } from '../objects-model.js';
import { refLabel } from '../words.js';
import { MAX_MESSAGE_BYTES, payloadBytes, textFits } from './limits.js';

/**
 * The document the editor holds, and what it was opened from, as plain values: what apply sends as its base,
 * what a draft keeps, and how an apply or a conflict moves the base. No rule of routing config lives here.
 */

/** An object as the editor opened it: its resourceVersion then (null: it did not exist) and its text then. */
export interface OpenedObject {
  ref: ConfigRef;
  resourceVersion: string | null;
  text?: string;
}

export interface EditorDocument {
  /** The draft's id: `o-…` for an object of the cluster (one per object), `n-…` for a new document. */
  id: string;
  /** The tab's and the exported file's name. */
  name: string;
  text: string;
  opened: readonly OpenedObject[];
  /** The text as opened or last applied: an object's draft is kept only while the text differs from it. */
  pristine: string;
}

/** A short stable id from a string (cyrb53): the same object always has the same draft. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export const draftIdOf = (ref: ConfigRef) => `o-${hash(`${ref.group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`)}`;

export const newDraftId = () => `n-${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;

export const isNewDocument = (doc: Pick<EditorDocument, 'id'>) => doc.id.startsWith('n-');

/** The document of an object read from the cluster. */
export function documentOfObject(ref: ConfigRef, yaml: string, resourceVersion: string): EditorDocument {
  return { id: draftIdOf(ref), name: refLabel(ref), text: yaml, opened: [{ ref, resourceVersion, text: yaml }], pristine: yaml };
}

/** A new document (from a template): nothing of it exists yet as far as the editor knows. */
export function newDocument(name: string, text: string, id = newDraftId()): EditorDocument {
  return { id, name, text, opened: [], pristine: text };
}

/** A document restored from its draft: the base it was opened at still stands for apply and the three-way view. */
export function documentOfDraft(draft: Draft): EditorDocument {
  const first = draft.base[0];
  const opened = draft.base.map((b) => ({ ref: b.ref, resourceVersion: b.resourceVersion, ...(b.text !== undefined ? { text: b.text } : {}) }));
  return { id: draft.id, name: draft.name, text: draft.text, opened, pristine: first?.text ?? draft.text };
}

/** The draft of a document, as small as the link carries (without the texts as opened if need be); undefined if even that is too large. */
export function draftOf(doc: EditorDocument): Draft | undefined {
  const base = doc.opened.map((o) => ({ ref: o.ref, resourceVersion: o.resourceVersion, ...(o.text !== undefined ? { text: o.text } : {}) }));
  if (!textFits(doc.text)) return undefined;
  const full: Draft = { id: doc.id, name: doc.name, text: doc.text, base };
  if (payloadBytes(full, [doc.text, ...base.map((b) => b.text ?? '')]) <= MAX_MESSAGE_BYTES) return full;
  const lean: Draft = { ...full, base: base.map(({ ref, resourceVersion }) => ({ ref, resourceVersion })) };
  return payloadBytes(lean, [doc.text]) <= MAX_MESSAGE_BYTES ? lean : undefined;
}

/** Whether the document needs a draft: a new document always, an object while its text differs from the pristine one. */
export const needsDraft = (doc: EditorDocument) => isNewDocument(doc) || doc.text !== doc.pristine;

/**
 * Apply's precondition for the objects the documents hold: the resourceVersion each was opened at, or null for
 * one the editor did not open (it must not exist: a name typed over an existing object is a conflict, not an overwrite).
 */
export function baseFor(refs: readonly ConfigRef[], opened: readonly OpenedObject[]): { ref: ConfigRef; resourceVersion: string | null }[] {
  return refs.map((ref) => ({ ref, resourceVersion: opened.find((o) => sameRef(o.ref, ref))?.resourceVersion ?? null }));
}

/** After an apply: each applied object is now opened at its new version, as the text applied. */
export function afterApply(doc: EditorDocument, applied: readonly { ref: ConfigRef; resourceVersion: string }[]): EditorDocument {
  const rest = doc.opened.filter((o) => !applied.some((a) => sameRef(a.ref, o.ref)));
  const first = applied[0];
  // A new document that made exactly one object becomes that object's document (its URL and its draft follow).
  const becomesObject = isNewDocument(doc) && applied.length === 1 && first && rest.length === 0;
  return {
    ...doc,
    ...(becomesObject ? { id: draftIdOf(first.ref), name: refLabel(first.ref) } : {}),
    opened: [...rest, ...applied.map((a) => ({ ref: a.ref, resourceVersion: a.resourceVersion, text: doc.text }))],
    pristine: doc.text,
  };
}

/** Rebases one object onto the version someone else made (keep mine, or a merge): the next apply goes on top of theirs. */
export function rebased(doc: EditorDocument, ref: ConfigRef, resourceVersion: string | null, theirs: string | undefined): EditorDocument {
  const others = doc.opened.filter((o) => !sameRef(o.ref, ref));
  return { ...doc, opened: [...others, { ref, resourceVersion, ...(theirs !== undefined ? { text: theirs } : {}) }] };
}

/** Takes their version as the document (keep theirs): nothing of the user's is left to apply. */
export function tookTheirs(doc: EditorDocument, ref: ConfigRef, resourceVersion: string | null, theirs: string): EditorDocument {
  return { ...rebased(doc, ref, resourceVersion, theirs), text: theirs, pristine: theirs };
}

/** After an undo: each object is back at the version the cluster has now (null: removed again); the text stays the user's. */
export function afterUndo(doc: EditorDocument, now: readonly { ref: ConfigRef; resourceVersion: string | null; text?: string }[]): EditorDocument {
  let next = doc;
  for (const o of now) next = rebased(next, o.ref, o.resourceVersion, o.text);
  // The text is no longer what the cluster has: it is kept as a draft again (an object's until it matches the live text).
  const only = now.length === 1 ? now[0] : undefined;
  return { ...next, pristine: only?.text ?? '' };
}
