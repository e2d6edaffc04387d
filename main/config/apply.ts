import { stringify } from 'yaml';
import type { ConfigRef, Finding } from '../contract/config.js';
import { MeshdeckError } from '../contract/errors.js';
import type { ClusterConnection } from '../kube/connection.js';
import { groupOf, isNamespaced, type ConfigObject } from './objects.js';
import type { ServedKind } from './live.js';

/** What the live cluster holds for one object, with its path for reads and writes. */
export interface LiveTarget { ref: ConfigRef; path: string; kind: ServedKind }

export const FIELD_MANAGER = 'meshdeck';

export function targetOf(o: ConfigObject, kind: ServedKind): LiveTarget {
  const ns = isNamespaced(o.kind) ? o.metadata.namespace ?? 'default' : undefined;
  const ref: ConfigRef = { group: groupOf(o.apiVersion), kind: o.kind, ...(ns ? { namespace: ns } : {}), name: o.metadata.name };
  // The core group (Services) lives under /api, the others under /apis/<group>.
  const root = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
  return { ref, kind, path: `${root}${ns ? `/namespaces/${encodeURIComponent(ns)}` : ''}/${kind.plural}/${encodeURIComponent(o.metadata.name)}` };
}

/** The object as a person reads it: no managedFields, no status. */
export function readable(o: ConfigObject): ConfigObject {
  const { managedFields: _m, ...metadata } = o.metadata as Record<string, unknown>;
  const { status: _s, ...rest } = o as Record<string, unknown>;
  return { ...(rest as ConfigObject), metadata: metadata as ConfigObject['metadata'] };
}

export const toYaml = (o: ConfigObject) => stringify(readable(o), { lineWidth: 0 });

export async function readLive(conn: ClusterConnection, t: LiveTarget): Promise<ConfigObject | undefined> {
  try {
    return await conn.requestJson<ConfigObject>('GET', t.path);
  } catch (e) {
    if (e instanceof MeshdeckError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}

/** The body of a server-side apply: the user's object at the served version, with a resourceVersion precondition when given. */
function applyBody(o: ConfigObject, kind: ServedKind, resourceVersion: string | undefined): ConfigObject {
  const { resourceVersion: _rv, managedFields: _m, uid: _u, creationTimestamp: _c, generation: _g, ...metadata } = o.metadata as Record<string, unknown>;
  return { ...o, apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version, metadata: { ...(metadata as ConfigObject['metadata']), ...(resourceVersion ? { resourceVersion } : {}) } };
}

export interface ApplyAttempt { object: ConfigObject; target: LiveTarget; resourceVersion?: string }

/**
 * Server-side apply under Meshdeck's field manager, never forced: a field another manager owns is a
 * conflict to name, not to take (`force` only to undo Meshdeck's own change). `dryRun` asks the API server
 * (the CRD schema and Istio's webhook) only.
 */
export async function serverApply(conn: ClusterConnection, a: ApplyAttempt, dryRun: boolean, force = false): Promise<ConfigObject> {
  const query = `?fieldManager=${FIELD_MANAGER}&fieldValidation=Strict${dryRun ? '&dryRun=All' : ''}${force ? '&force=true' : ''}`;
  return conn.requestJson<ConfigObject>('PATCH', a.target.path + query, { body: applyBody(a.object, a.target.kind, a.resourceVersion), contentType: 'application/apply-patch+yaml', timeoutMs: 30_000 });
}

/** The field managers a 409 from a server-side apply names ("conflict with \"argocd-controller\" using …"). */
export function conflictingManagers(detail: string): string[] {
  return [...new Set([...detail.matchAll(/conflicts? with "([^"]+)"/g)].map((m) => m[1]!))];
}

/**
 * The API server's refusal of an object as findings at the fields it names: `spec.http[0].route[0].weight:
 * Invalid value` (CRD schema), or Istio's webhook ("admission webhook \"validation.istio.io\" denied …").
 */
export function rejectionFindings(ref: ConfigRef, err: MeshdeckError): Finding[] {
  const detail = err.shape.detail ?? err.message;
  const webhook = /admission webhook "([^"]+)" denied the request:\s*(.*)$/s.exec(detail);
  const fields = [...detail.matchAll(/\b(spec(?:\.[A-Za-z0-9_]+|\[\d+\])+)(?::|\s)/g)].map((m) => m[1]!);
  const pathOf = (field: string) => field.split(/[.[\]]/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const message = webhook ? `Istio's validation (${webhook[1]}) refuses it: ${webhook[2]!.trim()}` : detail.replace(/^.*? is invalid: /s, '');
  const paths = fields.length ? [...new Set(fields)] : [''];
  return paths.map((field) => ({ code: webhook ? 'MD201' : 'MD202', severity: 'error' as const, message, source: 'dry-run' as const, ref, path: field ? pathOf(field) : [] }));
}
