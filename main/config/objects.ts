/**
 * The objects routing checks, the simulator and the wizards read: Istio and Gateway API config as
 * plain JSON, and the few facts of Services, pods and namespaces they need. A snapshot is the whole
 * world the checks see: live objects with the documents being edited laid over them, or files alone.
 */

export interface ConfigObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; resourceVersion?: string; [k: string]: unknown };
  spec?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface TextRange { startLine: number; startColumn: number; endLine: number; endColumn: number }

/** kind/namespace/name; the API group is left out (no two routing kinds share a name across groups we check, but see groupOf). */
export type ObjectKey = string;

export const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

/** Kinds with no namespace among those Meshdeck edits. */
const CLUSTER_SCOPED = new Set(['GatewayClass']);
export const isNamespaced = (kind: string) => !CLUSTER_SCOPED.has(kind);

export const keyOfRef = (r: { group: string; kind: string; namespace?: string; name: string }): ObjectKey =>
  `${r.group}/${r.kind}/${isNamespaced(r.kind) ? r.namespace ?? 'default' : ''}/${r.name}`;
export const keyOf = (o: Pick<ConfigObject, 'apiVersion' | 'kind' | 'metadata'>): ObjectKey =>
  keyOfRef({ group: groupOf(o.apiVersion), kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });

export interface ServiceFacts {
  namespace: string;
  name: string;
  selector?: Record<string, string>;
  ports: { name?: string; port: number; protocol?: string; appProtocol?: string; targetPort?: number | string }[];
}
export interface PodFacts { namespace: string; labels: Record<string, string> }

export interface Snapshot {
  /** Istio and Gateway API objects by key. */
  config: Map<ObjectKey, ConfigObject>;
  services: ServiceFacts[];
  pods: PodFacts[];
  namespaces: Set<string>;
  /** The mesh's DNS suffix. */
  domain: string;
  /**
   * Offline: the files are the whole cluster (like `istioctl analyze --use-kube=false`); facts that
   * need the live cluster (pods behind a subset) are not judged.
   */
  offline: boolean;
}

export function emptySnapshot(offline = false): Snapshot {
  return { config: new Map(), services: [], pods: [], namespaces: new Set(), domain: 'cluster.local', offline };
}

/** The snapshot with the edited objects laid over it (same key replaces; new keys add). */
export function overlay(base: Snapshot, objects: readonly ConfigObject[]): Snapshot {
  const config = new Map(base.config);
  for (const o of objects) config.set(keyOf(o), o);
  const namespaces = new Set(base.namespaces);
  for (const o of objects) if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
  return { ...base, config, namespaces };
}

export const ofKind = (s: Snapshot, kind: string, group?: string) =>
  [...s.config.values()].filter((o) => o.kind === kind && (group === undefined || groupOf(o.apiVersion) === group));

export const ISTIO_NETWORKING = 'networking.istio.io';
export const ISTIO_SECURITY = 'security.istio.io';
export const GATEWAY_API = 'gateway.networking.k8s.io';
