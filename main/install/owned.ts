import type { ObjectRef } from '../contract/install.js';
import { METADATA_ONLY, type ClusterConnection } from '../kube/connection.js';
import { ISTIO_NAMESPACE, MANAGED_LABEL } from './render.js';

/** ConfigMaps istiod writes into every namespace by itself (`istioctl uninstall --purge` leaves them). */
export const ISTIOD_CONFIGMAPS = ['istio-ca-root-cert', 'istio-ca-crl'];

interface Kind { apiVersion: string; kind: string; plural: string; namespaced: boolean }
const kind = (apiVersion: string, k: string, plural: string, namespaced: boolean): Kind => ({ apiVersion, kind: k, plural, namespaced });

/** Every kind an Istio control plane, its tags, Meshdeck's add-ons and Meshdeck's records are made of. */
const KINDS: Kind[] = [
  kind('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
  kind('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false),
  kind('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false),
  kind('rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', false),
  kind('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  kind('v1', 'Namespace', 'namespaces', false),
  kind('v1', 'ServiceAccount', 'serviceaccounts', true),
  kind('rbac.authorization.k8s.io/v1', 'Role', 'roles', true),
  kind('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings', true),
  kind('v1', 'ConfigMap', 'configmaps', true),
  kind('v1', 'Secret', 'secrets', true),
  kind('v1', 'Service', 'services', true),
  kind('apps/v1', 'Deployment', 'deployments', true),
  kind('apps/v1', 'DaemonSet', 'daemonsets', true),
  kind('autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true),
  kind('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true),
  kind('coordination.k8s.io/v1', 'Lease', 'leases', true),
];

interface Item { metadata: { name: string; namespace?: string; labels?: Record<string, string> } }

const base = (k: Kind) => (k.apiVersion.includes('/') ? `/apis/${k.apiVersion}` : `/api/${k.apiVersion}`);

/**
 * Whether an object belongs to Istio or to Meshdeck, judged by the live object alone (no manifest, no
 * options): Meshdeck's label; anything in the control plane's namespace (and that namespace); Istio's
 * CRDs; istiod's per-namespace ConfigMaps; and cluster-scoped webhooks and roles that carry Istio's
 * revision, tag or istiod labels. A user's namespace labelled istio.io/rev is never one of them.
 */
export function ownedByMesh(k: Pick<Kind, 'kind' | 'namespaced'>, o: Item): boolean {
  const l = o.metadata.labels ?? {};
  if (l[MANAGED_LABEL]) return true;
  if (k.kind === 'Namespace') return o.metadata.name === ISTIO_NAMESPACE;
  if (k.namespaced) return o.metadata.namespace === ISTIO_NAMESPACE || (k.kind === 'ConfigMap' && ISTIOD_CONFIGMAPS.includes(o.metadata.name));
  // A CRD is named <plural>.<group>.
  if (k.kind === 'CustomResourceDefinition') return /(^|\.)istio\.io$/.test(o.metadata.name.slice(o.metadata.name.indexOf('.') + 1));
  return l['istio.io/rev'] !== undefined || l['istio.io/tag'] !== undefined || l.app === 'istiod' || l.release === 'istio';
}

/**
 * The live objects Istio and Meshdeck own in the cluster now, whatever installed them. Metadata only;
 * namespaced kinds are read in the control plane's namespace and, elsewhere, by label or name only
 * (never every Secret of the cluster).
 */
export interface OwnedObject extends ObjectRef { labels: Record<string, string> }

export async function ownedObjects(conn: ClusterConnection): Promise<OwnedObject[]> {
  const list = async (k: Kind, path: string) => {
    // An empty metadata-only list comes back with "items": null.
    const items = (await conn.requestJson<{ items: Item[] | null }>('GET', path, { timeoutMs: 30_000, accept: METADATA_ONLY })).items ?? [];
    return items.filter((o) => ownedByMesh(k, o))
      .map((o): OwnedObject => ({ apiVersion: k.apiVersion, kind: k.kind, name: o.metadata.name, namespace: o.metadata.namespace, labels: o.metadata.labels ?? {} }));
  };
  const reads = KINDS.flatMap((k) => {
    if (!k.namespaced) return [list(k, `${base(k)}/${k.plural}`)];
    const paths = [`${base(k)}/namespaces/${ISTIO_NAMESPACE}/${k.plural}`, `${base(k)}/${k.plural}?labelSelector=${encodeURIComponent(MANAGED_LABEL)}`];
    if (k.kind === 'ConfigMap') paths.push(...ISTIOD_CONFIGMAPS.map((n) => `${base(k)}/${k.plural}?fieldSelector=${encodeURIComponent(`metadata.name=${n}`)}`));
    return paths.map((p) => list(k, p));
  });
  const seen = new Set<string>();
  return (await Promise.all(reads)).flat().filter((r) => {
    const key = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

export const describeRef = (r: ObjectRef) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
