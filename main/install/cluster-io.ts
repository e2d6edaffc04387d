import { ApiextensionsV1Api, AppsV1Api, CoreV1Api, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import type { ClusterConnection } from '../kube/connection.js';
import type { EventView, NodeView, PodView } from './explain.js';
import type { K8sObject } from './render.js';

/** Field manager for every server-side apply: one owner, so re-runs and resumes are idempotent. */
export const FIELD_MANAGER = 'meshdeck';

/** REST path of an object; the manifest's kinds all pluralize by a trailing "s" and carry their namespace. */
export function resourcePath(o: Pick<K8sObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const ns = o.metadata.namespace ? `/namespaces/${encodeURIComponent(o.metadata.namespace)}` : '';
  return `${base}${ns}/${o.kind.toLowerCase()}s/${encodeURIComponent(o.metadata.name)}`;
}

const is404 = (e: unknown) => (e as { code?: number }).code === 404;

/** The cluster calls the installer makes, in one place, each classified on failure. */
export class InstallCluster {
  readonly objects: KubernetesObjectApi;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly ext: ApiextensionsV1Api;

  constructor(readonly conn: ClusterConnection) {
    this.objects = KubernetesObjectApi.makeApiClient(conn.kc);
    this.core = conn.kc.makeApiClient(CoreV1Api);
    this.apps = conn.kc.makeApiClient(AppsV1Api);
    this.ext = conn.kc.makeApiClient(ApiextensionsV1Api);
  }

  /** Server-side apply of the object exactly as rendered (raw JSON: nothing dropped on the way). */
  async apply(o: K8sObject, dryRun = false): Promise<void> {
    const query = `?fieldManager=${FIELD_MANAGER}&force=true${dryRun ? '&dryRun=All' : ''}`;
    await this.conn.requestJson('PATCH', resourcePath(o) + query, { body: o, contentType: 'application/apply-patch+yaml', timeoutMs: 30_000 });
  }

  /** Deletes; true when it existed. */
  async delete(o: K8sObject): Promise<boolean> {
    try {
      await this.objects.delete(o as KubernetesObject);
      return true;
    } catch (e) {
      if (is404(e)) return false;
      throw this.conn.classify(e);
    }
  }

  async exists(o: Pick<K8sObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<boolean> {
    try {
      await this.objects.read({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace: o.metadata.namespace } });
      return true;
    } catch (e) {
      if (is404(e)) return false;
      // A kind the cluster no longer serves (its CRD is gone) has no objects left either.
      if (/unable to find api|not found|404/i.test(String((e as Error).message))) return false;
      throw this.conn.classify(e);
    }
  }

  /** The live object's labels, or undefined when it does not exist. */
  async labels(o: Pick<K8sObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<Record<string, string> | undefined> {
    try {
      const live = await this.conn.requestJson<{ metadata?: { labels?: Record<string, string> } }>('GET', resourcePath(o));
      return live.metadata?.labels ?? {};
    } catch (e) {
      if (e instanceof Error && 'code' in e && (e as { code: string }).code === 'NOT_FOUND') return undefined;
      throw e;
    }
  }

  async crdEstablished(name: string): Promise<boolean> {
    try {
      const crd = await this.ext.readCustomResourceDefinition({ name });
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
    } catch (e) {
      if (is404(e)) return false;
      throw this.conn.classify(e);
    }
  }

  /** Ready when every replica is updated and available for the current generation. */
  async deploymentReady(namespace: string, name: string): Promise<{ ready: boolean; selector?: Record<string, string> }> {
    const d = await this.apps.readNamespacedDeployment({ namespace, name }).catch((e: unknown) => { throw this.conn.classify(e); });
    const want = d.spec?.replicas ?? 1;
    const s = d.status ?? {};
    const ready = (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && (s.updatedReplicas ?? 0) >= want && (s.availableReplicas ?? 0) >= want;
    return { ready, selector: d.spec?.selector.matchLabels };
  }

  /** What a person would look at when a rollout hangs: pods, recent Events, node taints, secrets. */
  async blockerInputs(namespace: string, selector: Record<string, string> | undefined) {
    const labelSelector = Object.entries(selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const [pods, events, nodes, secrets] = await Promise.all([
      this.core.listNamespacedPod({ namespace, labelSelector }),
      this.core.listNamespacedEvent({ namespace }),
      this.core.listNode().catch(() => ({ items: [] })),
      this.core.listNamespacedSecret({ namespace }).catch(() => ({ items: [] })),
    ]);
    const podViews: PodView[] = pods.items.map((p) => ({
      name: p.metadata?.name ?? '', phase: p.status?.phase, imagePullSecrets: (p.spec?.imagePullSecrets ?? []).map((s) => s.name ?? ''),
      containers: (p.spec?.containers ?? []).map((c) => {
        const st = p.status?.containerStatuses?.find((x) => x.name === c.name);
        return { name: c.name, image: c.image ?? '', waitingReason: st?.state?.waiting?.reason, waitingMessage: st?.state?.waiting?.message, restartCount: st?.restartCount ?? 0 };
      }),
    }));
    const podNames = new Set(podViews.map((p) => p.name));
    const eventViews: EventView[] = events.items
      .filter((e) => e.type === 'Warning' && (podNames.has(e.involvedObject.name ?? '') || e.involvedObject.kind === 'ReplicaSet'))
      .map((e) => ({ involvedKind: e.involvedObject.kind ?? '', involvedName: e.involvedObject.name ?? '', reason: e.reason ?? '', message: e.message ?? '', type: e.type }));
    const nodeViews: NodeView[] = nodes.items.map((n) => ({ name: n.metadata?.name ?? '', taints: (n.spec?.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })) }));
    return { pods: podViews, events: eventViews, nodes: nodeViews, secrets: new Set(secrets.items.map((s) => s.metadata?.name ?? '')) };
  }
}

export { is404 };
