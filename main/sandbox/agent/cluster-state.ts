import { ApiextensionsV1Api, AppsV1Api, CoreV1Api, CustomObjectsApi, type V1CustomResourceDefinition, type KubeConfig, type KubernetesObject, type V1Deployment, type V1Namespace, type V1Pod, type V1Service } from '@kubernetes/client-node';
import { liveList, type LiveList } from '../../kube/informer.js';
import { SIM } from '../bootstrap.js';
import type { TrafficState, Workload } from './traffic-model.js';

interface IstioObject extends KubernetesObject { spec?: Record<string, unknown> }

/** Live copies of what the agent needs, kept by watches. */
export interface ClusterWatch {
  deployments: LiveList<V1Deployment>;
  pods: LiveList<V1Pod>;
  services: LiveList<V1Service>;
  namespaces: LiveList<V1Namespace>;
  virtualServices: LiveList<IstioObject>;
  destinationRules: LiveList<IstioObject>;
  crds: LiveList<V1CustomResourceDefinition>;
  stop(): void;
}

export function watchCluster(kc: KubeConfig, onChange: () => void, log: (msg: string) => void): ClusterWatch {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const onError = (what: string) => (err: unknown, attempt: number) => {
    // Istio's CRDs are absent until Istio is installed: say so once, keep retrying quietly.
    if (attempt === 1) log(`watch ${what}: ${err instanceof Error ? err.message : String(err)} (retrying)`);
  };
  const istio = (plural: string) => liveList<IstioObject>(kc, `/apis/networking.istio.io/v1/${plural}`,
    () => custom.listClusterCustomObject({ group: 'networking.istio.io', version: 'v1', plural }) as never,
    { onChange, onError: onError(plural) });
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  const w: Omit<ClusterWatch, 'stop'> = {
    deployments: liveList(kc, '/apis/apps/v1/deployments', () => apps.listDeploymentForAllNamespaces(), { onChange, onError: onError('deployments') }),
    pods: liveList(kc, '/api/v1/pods', () => core.listPodForAllNamespaces(), { onChange, onError: onError('pods') }),
    services: liveList(kc, '/api/v1/services', () => core.listServiceForAllNamespaces(), { onChange, onError: onError('services') }),
    namespaces: liveList(kc, '/api/v1/namespaces', () => core.listNamespace(), { onChange, onError: onError('namespaces') }),
    virtualServices: istio('virtualservices'),
    destinationRules: istio('destinationrules'),
    // Istio's CRDs come and go with installs: when they appear, their watches start at once, not after a backoff.
    crds: liveList(kc, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', () => ext.listCustomResourceDefinition(), {
      onChange: () => {
        w.virtualServices.retryNow();
        w.destinationRules.retryNow();
      },
      onError: onError('customresourcedefinitions'),
    }),
  };
  return { ...w, stop: () => Object.values(w).forEach((l) => l.stop()) };
}

const num = (v: string | undefined, fallback: number) => {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};

const hasProxy = (p: V1Pod) =>
  [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])].some((c) => c.name === 'istio-proxy');

const selects = (sel: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  !!sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels?.[k] === v);

/**
 * Only workloads whose pods carry Istio's proxy report metrics, as with real Envoy; a namespace labelled
 * sandbox.meshdeck.io/traffic=always gets traffic without a mesh (for testing the simulator alone).
 */
export function trafficState(w: ClusterWatch): TrafficState {
  const always = new Set(w.namespaces.cache.list().filter((n) => n.metadata?.labels?.[SIM.trafficAlways] === 'always').map((n) => n.metadata!.name!));
  const podsByNamespace = new Map<string, V1Pod[]>();
  for (const p of w.pods.cache.list()) {
    const ns = p.metadata?.namespace ?? '';
    const list = podsByNamespace.get(ns);
    if (list) list.push(p);
    else podsByNamespace.set(ns, [p]);
  }
  const workloads: Workload[] = [];
  for (const d of w.deployments.cache.list()) {
    const ns = d.metadata?.namespace ?? '';
    const labels = d.spec?.template.metadata?.labels ?? {};
    const sel = d.spec?.selector.matchLabels;
    const ready = (podsByNamespace.get(ns) ?? []).filter((p) => selects(sel, p.metadata?.labels) && p.status?.phase === 'Running'
      && p.metadata?.deletionTimestamp === undefined && (always.has(ns) || hasProxy(p)));
    if (ready.length === 0) continue;
    const a = d.metadata?.annotations ?? {};
    workloads.push({
      namespace: ns, name: d.metadata?.name ?? '', app: labels.app ?? labels['app.kubernetes.io/name'] ?? d.metadata?.name ?? '',
      version: labels.version ?? labels['app.kubernetes.io/version'] ?? 'unknown', labels, readyReplicas: ready.length,
      errorRate: num(a[SIM.errorRate], 0), latencyMs: num(a[SIM.latencyMs], 20),
    });
  }
  const services = w.services.cache.list().filter((s) => s.spec?.selector && Object.keys(s.spec.selector).length > 0).map((s) => ({
    namespace: s.metadata?.namespace ?? '', name: s.metadata?.name ?? '',
    rps: num(s.metadata?.annotations?.[SIM.rps], 10), selector: s.spec!.selector!,
  }));
  const routes = w.virtualServices.cache.list().map((vs) => {
    const spec = (vs.spec ?? {}) as { hosts?: string[]; http?: { match?: unknown; route?: { destination?: { host?: string; subset?: string }; weight?: number }[] }[] };
    // The catch-all route (no match) carries the weights a canary shifts.
    const http = spec.http?.find((h) => !h.match) ?? spec.http?.[0];
    return {
      namespace: vs.metadata?.namespace ?? '', hosts: spec.hosts ?? [],
      destinations: (http?.route ?? []).map((r) => ({ host: r.destination?.host ?? '', subset: r.destination?.subset, weight: r.weight ?? 0 })),
    };
  });
  const destinationRules = w.destinationRules.cache.list().map((dr) => {
    const spec = (dr.spec ?? {}) as { host?: string; subsets?: { name: string; labels?: Record<string, string> }[] };
    return {
      namespace: dr.metadata?.namespace ?? '', host: spec.host ?? '',
      subsets: Object.fromEntries((spec.subsets ?? []).map((s) => [s.name, s.labels ?? {}])),
    };
  });
  return { services, workloads, routes, destinationRules };
}
