import type { ConfigRef } from '../main/contract/config.js';
import type { CanaryTarget } from './features/canary/target.js';
import type { InstallTarget } from './features/overview/Overview.js';

/**
 * Where the user is in the app, as a value. The history keeps the whole value (Back and Forward go to any page), and
 * the URL's hash names every page, so that a reload or a link opens it again:
 *
 *   (none) or #/                                           the context list
 *   #/overview/<context>                                   a cluster's overview
 *   #/install/<context>[?rev=a,b][&task=resume]            the install wizard (revisions of an unfinished install)
 *   #/manage/<context>[?rev=a,b][&task=upgrade|uninstall]  Manage Istio, optionally opening the upgrade or the uninstall
 *   #/inventory/<context>[/<tab>][?q=…][&select=<row id>]  the mesh inventory: its tab, its filter, the row selected
 *   #/service/<context>/<namespace>/<service>[?from=…]     a service's metrics
 *   #/graph/<context>[/<namespace>]                        the service graph
 *   #/canary/<context>[/<namespace>/<service>]             the canary rollouts, or one service's
 *   #/routing/<context>                                    the list of routing objects
 *   #/routing/<context>/hosts                              the hosts and the API that governs each
 *   #/routing/<context>/object/<group>/<kind>/<ns>/<name>  an object of the cluster in the editor (ns "-": none)
 *   #/routing/<context>/draft/<id>                         a new document, kept as a draft by the core
 *
 * The history's state may say more than the hash (a canary's prefilled versions); the hash alone is enough to land.
 */

export type RoutingTab = 'objects' | 'hosts';

/** What the routing page has open in its editor: an object of the cluster, or a new document (a draft of its own). */
export type RoutingOpen = { kind: 'object'; ref: ConfigRef } | { kind: 'draft'; id: string };

export type InventoryTab = 'namespaces' | 'workloads' | 'services' | 'pods';
export const INVENTORY_TABS: readonly InventoryTab[] = ['namespaces', 'workloads', 'services', 'pods'];

/** Where the inventory is: its tab, the filter typed, the row selected (its id). */
export interface InventoryPlace {
  tab?: InventoryTab;
  query?: string;
  selected?: string;
}

export type View =
  | { page: 'contexts' }
  | { page: 'overview'; context: string }
  | ({ page: 'install'; context: string } & InstallTarget)
  | ({ page: 'inventory'; context: string } & InventoryPlace)
  | { page: 'routing'; context: string; tab: RoutingTab; open?: RoutingOpen }
  | { page: 'service'; context: string; namespace: string; service: string; from?: 'inventory' | 'graph' }
  | { page: 'graph'; context: string; namespace?: string }
  | { page: 'canary'; context: string; target?: CanaryTarget };

export const CONTEXTS: View = { page: 'contexts' };

const NO_NAMESPACE = '-';
/** The default revision ('' in an InstallTarget) in a URL. */
const DEFAULT_REVISION = 'default';
const INSTALL_TASKS = new Set(['resume', 'upgrade', 'uninstall']);
const SOURCES = new Set(['inventory', 'graph']);

const encode = (parts: readonly string[]) => parts.map(encodeURIComponent).join('/');

/** "#/a/b?x=1&y=2", the query's entries in the order given, empty ones left out. */
function hashFrom(parts: readonly string[], query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) search.set(k, v);
  const q = search.toString();
  return `#/${encode(parts)}${q ? `?${q}` : ''}`;
}

/** The hash of a view. */
export function hashOf(view: View): string {
  switch (view.page) {
    case 'contexts':
      return '';
    case 'overview':
      return hashFrom(['overview', view.context]);
    case 'install':
      return hashFrom([view.mode === 'manage' ? 'manage' : 'install', view.context], {
        rev: view.revisions.map((r) => r || DEFAULT_REVISION).join(','),
        task: view.task,
      });
    case 'inventory':
      return hashFrom(['inventory', view.context, ...(view.tab && view.tab !== 'namespaces' ? [view.tab] : [])], { q: view.query, select: view.selected });
    case 'service':
      return hashFrom(['service', view.context, view.namespace, view.service], { from: view.from });
    case 'graph':
      return hashFrom(['graph', view.context, ...(view.namespace ? [view.namespace] : [])]);
    case 'canary':
      return hashFrom(['canary', view.context, ...(view.target ? [view.target.namespace, view.target.service] : [])]);
    case 'routing':
      break;
  }
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
  const [path = '', search = ''] = hash.slice(2).split('?', 2);
  if (path === '') return search ? undefined : CONTEXTS;
  const parts = path.split('/').map(decode);
  if (parts.some((p) => p === undefined)) return undefined;
  let query: URLSearchParams;
  try {
    query = new URLSearchParams(search);
  } catch {
    return undefined;
  }
  const [page, context, ...rest] = parts as string[];
  if (!context) return undefined;
  switch (page) {
    case 'overview':
      return rest.length === 0 ? { page: 'overview', context } : undefined;
    case 'install':
    case 'manage': {
      if (rest.length > 0) return undefined;
      const revisions = (query.get('rev') ?? '').split(',').filter(Boolean).map((r) => (r === DEFAULT_REVISION ? '' : r));
      const task = query.get('task') ?? undefined;
      if (task !== undefined && !INSTALL_TASKS.has(task)) return undefined;
      return { page: 'install', context, mode: page, revisions, ...(task ? { task: task as InstallTarget['task'] } : {}) };
    }
    case 'inventory': {
      if (rest.length > 1) return undefined;
      const tab = rest[0];
      if (tab !== undefined && !INVENTORY_TABS.includes(tab as InventoryTab)) return undefined;
      const q = query.get('q');
      const selected = query.get('select');
      return { page: 'inventory', context, ...(tab && tab !== 'namespaces' ? { tab: tab as InventoryTab } : {}), ...(q ? { query: q } : {}), ...(selected ? { selected } : {}) };
    }
    case 'service': {
      const [namespace, service] = rest;
      const from = query.get('from') ?? undefined;
      if (rest.length !== 2 || !namespace || !service || (from !== undefined && !SOURCES.has(from))) return undefined;
      return { page: 'service', context, namespace, service, ...(from ? { from: from as 'inventory' | 'graph' } : {}) };
    }
    case 'graph':
      if (rest.length > 1 || rest[0] === '') return undefined;
      return { page: 'graph', context, ...(rest[0] ? { namespace: rest[0] } : {}) };
    case 'canary': {
      if (rest.length === 0) return { page: 'canary', context };
      const [namespace, service] = rest;
      return rest.length === 2 && namespace && service ? { page: 'canary', context, target: { namespace, service } } : undefined;
    }
    case 'routing':
      return search ? undefined : routingViewOf(context, rest);
    default:
      return undefined;
  }
}

function routingViewOf(context: string, [what, ...rest]: string[]): View | undefined {
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
  // The routing, install and inventory pages are read back from their hash, which says the same in a checked form.
  if (page === 'routing' || page === 'install' || page === 'inventory') {
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
