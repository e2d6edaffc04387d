import type { Draft } from '../../../main/contract/config.js';
import type { RoutingOpen } from '../../route.js';

/** What identifies an open document: its object, or its draft. */
export const openKey = (open: RoutingOpen) =>
  open.kind === 'draft' ? `draft:${open.id}` : `object:${open.ref.group}/${open.ref.kind}/${open.ref.namespace ?? ''}/${open.ref.name}`;

/** How to open a draft again: an object's draft through its object (its URL), a new document's through its id. */
export function draftOpen(draft: Draft): RoutingOpen {
  const only = draft.base.length === 1 ? draft.base[0] : undefined;
  return draft.id.startsWith('o-') && only ? { kind: 'object', ref: only.ref } : { kind: 'draft', id: draft.id };
}
