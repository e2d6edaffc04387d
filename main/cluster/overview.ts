import { ApiextensionsV1Api, AppsV1Api, CoreV1Api, type V1CustomResourceDefinition, type V1Deployment, type V1Namespace, type V1Node } from '@kubernetes/client-node';
import type { RpcErrorShape } from '../contract/errors.js';
import type { ClusterOverview, ControlPlane, MeshStatus, NamespaceSummary, OverviewEvent } from '../contract/models.js';
import type { ClusterConnection } from '../kube/connection.js';
import { liveList } from '../kube/informer.js';
import { ChangeSignal } from '../util/latest-value.js';

type Section = ClusterOverview['problems'][number]['section'];

export const isReady = (n: V1Node) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

export function namespaceSummary(ns: V1Namespace): NamespaceSummary {
  const l = ns.metadata?.labels ?? {};
  return {
    name: ns.metadata?.name ?? '',
    phase: ns.status?.phase ?? 'Unknown',
    injection: l['istio-injection'],
    revision: l['istio.io/rev'],
    dataplaneMode: l['istio.io/dataplane-mode'],
    createdAt: ns.metadata?.creationTimestamp ? new Date(ns.metadata.creationTimestamp).toISOString() : undefined,
  };
}

export function controlPlane(d: V1Deployment): ControlPlane {
  const image = d.spec?.template.spec?.containers.find((c) => c.name === 'discovery')?.image ?? d.spec?.template.spec?.containers[0]?.image;
  const tag = image?.includes('@') ? undefined : image?.split(':').pop();
  return {
    namespace: d.metadata?.namespace ?? '',
    name: d.metadata?.name ?? '',
    revision: d.metadata?.labels?.['istio.io/rev'] || 'default',
    version: tag,
    readyReplicas: d.status?.readyReplicas ?? 0,
    replicas: d.spec?.replicas ?? 0,
  };
}

export function meshStatus(crds: readonly V1CustomResourceDefinition[] | undefined, istiods: readonly V1Deployment[] | undefined): MeshStatus {
  // Without either source the state cannot be told (an unreadable one must not read as "not installed").
  if (!crds || !istiods) return { state: 'unknown', istioCrds: crds?.filter((c) => c.spec.group.endsWith('istio.io')).length ?? 0, controlPlanes: (istiods ?? []).map(controlPlane) };
  const istioCrds = (crds ?? []).filter((c) => c.spec.group.endsWith('istio.io')).length;
  const controlPlanes = (istiods ?? []).map(controlPlane).sort((a, b) => a.revision.localeCompare(b.revision));
  const state = controlPlanes.length > 0 ? 'installed' : istioCrds > 0 ? 'crds-only' : 'not-installed';
  return { state, istioCrds, controlPlanes };
}

/**
 * The cluster overview, kept live by watches (list once, then watch): a snapshot after every burst of
 * changes. Parts the account may not read carry their FORBIDDEN explanation instead of data.
 */
export async function* overviewStream(conn: ClusterConnection, signal: AbortSignal): AsyncGenerator<OverviewEvent> {
  const version = await conn.getJson<{ gitVersion: string; platform?: string }>('/version');
  if (signal.aborted) return;
  const kc = conn.kc;
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  const changes = new ChangeSignal(100);
  // Mesh state has two sources (istiod Deployments, CRDs): each keeps its own problem.
  type Source = Section | 'crds';
  const problems = new Map<Source, RpcErrorShape>();
  const loaded = new Set<Source>();
  const track = (source: Source) => ({
    onChange: () => {
      loaded.add(source);
      problems.delete(source);
      changes.mark();
    },
    onError: (err: unknown) => {
      problems.set(source, conn.classify(err).shape);
      changes.mark();
    },
  });
  const nodes = liveList<V1Node>(kc, '/api/v1/nodes', () => core.listNode(), track('nodes'));
  const namespaces = liveList<V1Namespace>(kc, '/api/v1/namespaces', () => core.listNamespace(), track('namespaces'));
  const istiods = liveList<V1Deployment>(kc, '/apis/apps/v1/deployments', () => apps.listDeploymentForAllNamespaces({ labelSelector: 'app=istiod' }),
    { ...track('mesh'), labelSelector: 'app=istiod' });
  const crds = liveList<V1CustomResourceDefinition>(kc, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', () => ext.listCustomResourceDefinition(), track('crds'));
  // The first snapshot waits (briefly) for every section, so the UI draws a whole overview at once.
  const settled = () => (['nodes', 'namespaces', 'mesh', 'crds'] as const).every((s) => loaded.has(s) || problems.has(s));
  const deadline = Date.now() + 5000;
  while (!settled() && Date.now() < deadline && !signal.aborted) await new Promise((r) => setTimeout(r, 10));
  try {
    while (!signal.aborted) {
      const overview: ClusterOverview = {
        context: conn.contextName,
        serverVersion: version.gitVersion,
        platform: version.platform,
        nodes: loaded.has('nodes') ? { ready: nodes.cache.list().filter(isReady).length, total: nodes.cache.list().length } : undefined,
        namespaces: loaded.has('namespaces') ? namespaces.cache.list().map(namespaceSummary).sort((a, b) => a.name.localeCompare(b.name)) : undefined,
        mesh: meshStatus(loaded.has('crds') ? crds.cache.list() : undefined, loaded.has('mesh') ? istiods.cache.list() : undefined),
        problems: [...problems].map(([source, error]) => ({ section: source === 'crds' ? 'mesh' as const : source, error })),
        updatedAt: new Date().toISOString(),
      };
      yield { type: 'snapshot', overview };
      if (!(await changes.next(signal))) break;
    }
  } finally {
    changes.dispose();
    for (const l of [nodes, namespaces, istiods, crds]) l.stop();
  }
}
