import type { ConfigRef } from '../main/contract/config.js';
import type { CanaryTarget } from './features/canary/target.js';
import type { InstallTarget } from './features/overview/Overview.js';

/**
 * Where the user is in the app, as a value. The history keeps the whole value (Back and Forward go to any page);
 * the URL's hash names the routing pages, so that a reload or a link opens them again:
 *
 *   #/routing/<context>                                    the list of routing objects
 *   #/routing/<context>/hosts                              the hosts and the API that governs each
 *   #/routing/<context>/object/<group>/<kind>/<ns>/<name>  an object of the cluster in the editor (ns "-": none)
 *   #/routing/<context>/draft/<id>                         a new document, kept as a draft by the core
 *
 * Other pages get an empty hash; a reload shows them again from the history's state (see history-view.ts).
 */

export type RoutingTab = 'objects' | 'hosts';

/** What the routing page has open in its editor: an object of the cluster, or a new document (a draft of its own). */
export type RoutingOpen = { kind: 'object'; ref: ConfigRef } | { kind: 'draft'; id: string };

export type View =
  | { page: 'contexts' }
  | { page: 'overview'; context: string }
  | ({ page: 'install'; context: string } & InstallTarget)
  | { page: 'inventory'; context: string }
  | { page: 'routing'; context: string; tab: RoutingTab; open?: RoutingOpen }
  | { page: 'service'; context: string; namespace: string; service: string; from?: 'inventory' | 'graph' }
  | { page: 'graph'; context: string; namespace?: string }
  | { page: 'canary'; context: string; target?: CanaryTarget };

export const CONTEXTS: View = { page: 'contexts' };

const NO_NAMESPACE = '-';

const encode = (parts: readonly string[]) => parts.map(encodeURIComponent).join('/');

/** The hash of a view: the routing pages' own, '' for the others. */
export function hashOf(view: View): string {
  if (view.page !== 'routing') return '';
  const base = ['routing', view.context];
  const open = view.open;
  if (open?.kind === 'object') {
    const { group, kind, namespace, name } = open.ref;
    return `#/${encode([...base, 'object', group, kind, namespace ?? NO_NAMESPACE, name])}`;
  }
  if (open?.kind === 'draft') return `#/${encode([...base, 'draft', open.id])}`;
  return `#/${encode(view.tab === 'hosts' ? [...base, 'hosts'] : base)}`;
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** The view a hash names (undefined: none, or not one of ours). */
export function viewOfHash(hash: string): View | undefined {
  if (!hash.startsWith('#/')) return undefined;
  const parts = hash.slice(2).split('/').map(decode);
  if (parts.some((p) => p === undefined)) return undefined;
  const [page, context, what, ...rest] = parts as string[];
  if (page !== 'routing' || !context) return undefined;
  if (what === undefined) return { page: 'routing', context, tab: 'objects' };
  if (what === 'hosts' && rest.length === 0) return { page: 'routing', context, tab: 'hosts' };
  if (what === 'draft' && rest.length === 1 && rest[0]) return { page: 'routing', context, tab: 'objects', open: { kind: 'draft', id: rest[0] } };
  if (what === 'object' && rest.length === 4) {
    const [group, kind, namespace, name] = rest as [string, string, string, string];
    if (!kind || !name) return undefined;
    const ref: ConfigRef = { group, kind, name, ...(namespace !== NO_NAMESPACE ? { namespace } : {}) };
    return { page: 'routing', context, tab: 'objects', open: { kind: 'object', ref } };
  }
  return undefined;
}

const PAGES = new Set(['contexts', 'overview', 'install', 'inventory', 'routing', 'service', 'graph', 'canary']);

const isString = (v: unknown): v is string => typeof v === 'string';

/** The metrics and canary pages' own fields, checked (their names go to the core as they are). */
function checkedMetricsView(view: Record<string, unknown>): boolean {
  if (view.page === 'service') return isString(view.namespace) && isString(view.service);
  if (view.page === 'graph') return view.namespace === undefined || isString(view.namespace);
  if (view.page === 'canary') {
    const t = view.target as Record<string, unknown> | undefined;
    return t === undefined || (typeof t === 'object' && t !== null && isString(t.namespace) && isString(t.service));
  }
  return true;
}

/** A view kept in the history by an earlier page load (its shape checked: it may come from an older Meshdeck). */
export function viewOfState(state: unknown): View | undefined {
  if (!state || typeof state !== 'object' || !('view' in state)) return undefined;
  const view = (state as { view: unknown }).view;
  if (!view || typeof view !== 'object') return undefined;
  const { page, context } = view as { page?: unknown; context?: unknown };
  if (typeof page !== 'string' || !PAGES.has(page)) return undefined;
  if (page !== 'contexts' && typeof context !== 'string') return undefined;
  if (!checkedMetricsView(view as Record<string, unknown>)) return undefined;
  // The routing pages are read back from their hash, which says the same in a checked form.
  if (page === 'routing') {
    try {
      return viewOfHash(hashOf(view as View));
    } catch {
      return undefined;
    }
  }
  return view as View;
}

/** Two views are the same place (no new history entry). */
export const sameView = (a: View, b: View) => JSON.stringify(a) === JSON.stringify(b);
