import type { V1Deployment } from '@kubernetes/client-node';
import type { MeshdeckError, RpcErrorShape } from '../contract/errors.js';
import type { ClusterOverview, ControlPlane, MeshStatus, NamespaceSummary, OverviewEvent } from '../contract/models.js';
import type { ClusterConnection } from '../kube/connection.js';
import { liveCache } from '../kube/live-cache.js';
import type { RawObject } from '../kube/reflector.js';
import { ISTIO_NAMESPACE, MANAGED_LABEL } from '../install/render.js';
import { PURPOSE_LABEL } from '../mesh/injector-probe.js';
import { istiodVersion } from '../mesh/mesh-state.js';
import { ChangeSignal } from '../util/latest-value.js';

type Section = ClusterOverview['problems'][number]['section'];

type Labels = Record<string, string>;
interface Meta { name: string; namespace?: string; labels?: Labels; creationTimestamp?: string }
const meta = (o: RawObject) => o.metadata as unknown as Meta;

export const nodeReady = (o: RawObject) =>
  ((o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

export function namespaceSummary(o: RawObject): NamespaceSummary {
  const m = meta(o);
  const l = m.labels ?? {};
  return {
    name: m.name,
    phase: (o.status as { phase?: string } | undefined)?.phase ?? 'Unknown',
    injection: l['istio-injection'],
    revision: l['istio.io/rev'],
    dataplaneMode: l['istio.io/dataplane-mode'],
    createdAt: m.creationTimestamp ? new Date(m.creationTimestamp).toISOString() : undefined,
    meshdeckPurpose: l[PURPOSE_LABEL],
  };
}

export function controlPlane(o: RawObject): ControlPlane {
  const d = o as unknown as V1Deployment;
  return {
    namespace: d.metadata?.namespace ?? '',
    name: d.metadata?.name ?? '',
    revision: d.metadata?.labels?.['istio.io/rev'] || 'default',
    version: istiodVersion(d.spec?.template.spec?.containers),
    readyReplicas: d.status?.readyReplicas ?? 0,
    replicas: d.spec?.replicas ?? 0,
  };
}

const crdGroup = (o: RawObject) => (o.spec as { group?: string } | undefined)?.group ?? '';
/** The revision a sidecar-injector webhook configuration serves (tags' webhooks name their tag too). */
export const injectorRevision = (o: RawObject) => ({ revision: meta(o).labels?.['istio.io/rev'] || 'default', tag: meta(o).labels?.['istio.io/tag'] });
/** Meshdeck's install record of a revision: how far its last apply got. */
export function installRecordState(o: RawObject): InstallRecordState | undefined {
  const m = /^meshdeck-install-(.+)$/.exec(meta(o).name);
  const data = (o as { data?: Record<string, string> }).data;
  return m && data ? { revision: m[1]!, state: data.state ?? '', phase: data.phase ?? '' } : undefined;
}
export interface InstallRecordState { revision: string; state: string; phase: string }

/**
 * The mesh as it really is: a control plane counts as installed only when its injector webhook exists
 * and Meshdeck's record of its install (when there is one) says the apply finished; otherwise it is an
 * incomplete install, to be resumed.
 */
export function meshStatus(input: {
  istioCrdGroups: readonly string[] | undefined;
  controlPlanes: readonly ControlPlane[] | undefined;
  injectors: readonly { revision: string; tag?: string }[] | undefined;
  records: readonly InstallRecordState[] | undefined;
}): MeshStatus {
  const istioCrds = (input.istioCrdGroups ?? []).filter((g) => g.endsWith('istio.io')).length;
  const controlPlanes = [...(input.controlPlanes ?? [])].sort((a, b) => a.revision.localeCompare(b.revision));
  // Without every source the state cannot be told (an unreadable one must not read as "not installed").
  if (!input.istioCrdGroups || !input.controlPlanes) return { state: 'unknown', istioCrds, controlPlanes, incomplete: [] };
  const incomplete: MeshStatus['incomplete'] = [];
  for (const r of input.records ?? []) {
    if (r.state !== 'complete') incomplete.push({ revision: r.revision, reason: 'apply-unfinished', phase: r.phase || undefined });
  }
  if (input.injectors) {
    for (const cp of controlPlanes) {
      const served = input.injectors.some((i) => !i.tag && i.revision === cp.revision);
      if (!served && !incomplete.some((x) => x.revision === cp.revision)) incomplete.push({ revision: cp.revision, reason: 'webhooks-missing' });
    }
  }
  const state = incomplete.length ? 'incomplete' : controlPlanes.length > 0 ? 'installed' : istioCrds > 0 ? 'crds-only' : 'not-installed';
  return { state, istioCrds, controlPlanes, incomplete };
}

/**
 * The cluster overview, kept live by watches (list once, then watch): a snapshot after every burst of
 * changes. Parts the account may not read carry their FORBIDDEN explanation instead of data.
 */
export async function* overviewStream(conn: ClusterConnection, signal: AbortSignal): AsyncGenerator<OverviewEvent> {
  const version = await conn.getJson<{ gitVersion: string; platform?: string }>('/version');
  if (signal.aborted) return;
  const changes = new ChangeSignal(100);
  // Mesh state has several sources (istiod Deployments, CRDs, injectors, install records): each keeps its own problem.
  type Source = Section | 'crds' | 'injectors' | 'records';
  const problems = new Map<Source, RpcErrorShape>();
  const loaded = new Set<Source>();
  const track = (source: Source) => ({
    onChange: () => {
      loaded.add(source);
      problems.delete(source);
      changes.mark();
    },
    onError: (err: MeshdeckError) => {
      problems.set(source, err.shape);
      changes.mark();
    },
  });
  const nodes = liveCache(conn, '/api/v1/nodes', nodeReady, track('nodes'));
  const namespaces = liveCache(conn, '/api/v1/namespaces', namespaceSummary, track('namespaces'));
  const istiods = liveCache(conn, '/apis/apps/v1/deployments', controlPlane, { ...track('mesh'), labelSelector: 'app=istiod' });
  const crds = liveCache(conn, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crdGroup, track('crds'));
  // Optional sources: without them (no permission) the state rests on istiod and the CRDs alone.
  const injectors = liveCache(conn, '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations', injectorRevision, { ...track('injectors'), labelSelector: 'istio.io/rev' });
  const records = liveCache(conn, `/api/v1/namespaces/${ISTIO_NAMESPACE}/configmaps`, installRecordState, { ...track('records'), labelSelector: MANAGED_LABEL });
  // The first snapshot waits (briefly) for every section, so the UI draws a whole overview at once.
  const settled = () => (['nodes', 'namespaces', 'mesh', 'crds', 'injectors', 'records'] as const).every((s) => loaded.has(s) || problems.has(s));
  const deadline = Date.now() + 5000;
  while (!settled() && Date.now() < deadline && !signal.aborted) await new Promise((r) => setTimeout(r, 10));
  try {
    while (!signal.aborted) {
      const overview: ClusterOverview = {
        context: conn.contextName,
        serverVersion: version.gitVersion,
        platform: version.platform,
        nodes: loaded.has('nodes') ? { ready: nodes.items().filter(Boolean).length, total: nodes.items().length } : undefined,
        namespaces: loaded.has('namespaces') ? namespaces.items().sort((a, b) => a.name.localeCompare(b.name)) : undefined,
        mesh: meshStatus({
          istioCrdGroups: loaded.has('crds') ? crds.items() : undefined,
          controlPlanes: loaded.has('mesh') ? istiods.items() : undefined,
          injectors: loaded.has('injectors') ? injectors.items() : undefined,
          records: loaded.has('records') ? records.items().filter((r): r is InstallRecordState => !!r) : undefined,
        }),
        // Injectors and records only sharpen the mesh state; not reading them is not worth a warning.
        problems: [...problems].flatMap(([source, error]) => (source === 'injectors' || source === 'records' ? []
          : [{ section: source === 'crds' ? 'mesh' as const : source, error }])),
        updatedAt: new Date().toISOString(),
      };
      yield { type: 'snapshot', overview };
      if (!(await changes.next(signal))) break;
    }
  } finally {
    changes.dispose();
    for (const l of [nodes, namespaces, istiods, crds, injectors, records]) l.stop();
  }
}
