import type { KubeConfig, KubernetesObject, V1Deployment, V1Namespace, V1Pod, V1Service } from '@kubernetes/client-node';
import { ClusterConnection } from '../../kube/connection.js';
import { liveCache, type LiveCache } from '../../kube/live-cache.js';
import type { RawObject } from '../../kube/reflector.js';
import { portProtocol } from '../../mesh/mesh-state.js';
import { SIM } from '../bootstrap.js';
import type { TrafficState, VirtualServiceRoute, Workload } from './traffic-model.js';

interface IstioObject extends KubernetesObject { spec?: Record<string, unknown> }

/** Live copies of what the agent needs, kept by watches. */
export interface ClusterWatch {
  deployments: LiveCache<V1Deployment>;
  pods: LiveCache<V1Pod>;
  services: LiveCache<V1Service>;
  namespaces: LiveCache<V1Namespace>;
  virtualServices: LiveCache<IstioObject>;
  destinationRules: LiveCache<IstioObject>;
  peerAuthentications: LiveCache<IstioObject>;
  httpRoutes: LiveCache<IstioObject>;
  crds: LiveCache<RawObject>;
  stop(): void;
}

/** The agent reads whole objects (it is the sandbox's kubelet stand-in, not the app). */
const whole = <T>(o: RawObject) => o as unknown as T;

export function watchCluster(kc: KubeConfig, onChange: () => void, log: (msg: string) => void): ClusterWatch {
  const conn = new ClusterConnection(kc, kc.getCurrentContext());
  const onError = (what: string) => (err: unknown, attempt: number) => {
    // Istio's CRDs are absent until Istio is installed: say so once, keep retrying quietly.
    if (attempt === 1) log(`watch ${what}: ${err instanceof Error ? err.message : String(err)} (retrying)`);
  };
  const watch = <T>(path: string, what: string) => liveCache(conn, path, whole<T>, { onChange, onError: onError(what) });
  const w: Omit<ClusterWatch, 'stop'> = {
    deployments: watch<V1Deployment>('/apis/apps/v1/deployments', 'deployments'),
    pods: watch<V1Pod>('/api/v1/pods', 'pods'),
    services: watch<V1Service>('/api/v1/services', 'services'),
    namespaces: watch<V1Namespace>('/api/v1/namespaces', 'namespaces'),
    virtualServices: watch<IstioObject>('/apis/networking.istio.io/v1/virtualservices', 'virtualservices'),
    destinationRules: watch<IstioObject>('/apis/networking.istio.io/v1/destinationrules', 'destinationrules'),
    peerAuthentications: watch<IstioObject>('/apis/security.istio.io/v1/peerauthentications', 'peerauthentications'),
    httpRoutes: watch<IstioObject>('/apis/gateway.networking.k8s.io/v1/httproutes', 'httproutes'),
    // Istio's CRDs come and go with installs: when they appear, their watches start at once, not after a backoff.
    crds: liveCache(conn, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', (o) => o, {
      onChange: () => {
        w.virtualServices.retryNow();
        w.destinationRules.retryNow();
        w.peerAuthentications.retryNow();
        w.httpRoutes.retryNow();
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
  const always = new Set(w.namespaces.items().filter((n) => n.metadata?.labels?.[SIM.trafficAlways] === 'always').map((n) => n.metadata!.name!));
  const podsByNamespace = new Map<string, V1Pod[]>();
  for (const p of w.pods.items()) {
    const ns = p.metadata?.namespace ?? '';
    const list = podsByNamespace.get(ns);
    if (list) list.push(p);
    else podsByNamespace.set(ns, [p]);
  }
  const workloads: Workload[] = [];
  for (const d of w.deployments.items()) {
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
  const services = w.services.items().filter((s) => s.spec?.selector && Object.keys(s.spec.selector).length > 0).map((s) => {
    const rps = num(s.metadata?.annotations?.[SIM.rps], 10);
    const calls = (s.metadata?.annotations?.[SIM.calls] ?? '').split(',').map((c) => c.trim()).filter(Boolean).map((c) => {
      const [host, rate] = c.split('=');
      return { host: host!.trim(), rps: num(rate?.trim(), rps) };
    });
    const ports = s.spec?.ports ?? [];
    return {
      namespace: s.metadata?.namespace ?? '', name: s.metadata?.name ?? '', rps, selector: s.spec!.selector!, calls,
      // Envoy reports bytes and connections for ports it reads as TCP, requests for the rest.
      tcp: ports.length > 0 && ports.every((p) => ['tcp', 'mongo', 'mysql', 'redis'].includes(portProtocol({ name: p.name, appProtocol: p.appProtocol ?? undefined, protocol: p.protocol }).protocol ?? '')),
    };
  });
  const routes: VirtualServiceRoute[] = w.virtualServices.items().map((vs) => {
    const spec = (vs.spec ?? {}) as { hosts?: string[]; http?: { match?: unknown; route?: { destination?: { host?: string; subset?: string }; weight?: number }[] }[] };
    // The catch-all route (no match) carries the weights a canary shifts.
    const http = spec.http?.find((h) => !h.match) ?? spec.http?.[0];
    return {
      namespace: vs.metadata?.namespace ?? '', hosts: spec.hosts ?? [],
      destinations: (http?.route ?? []).map((r) => ({ host: r.destination?.host ?? '', subset: r.destination?.subset, weight: r.weight ?? 0 })),
    };
  });
  routes.push(...w.httpRoutes.items().flatMap((r) => gatewayRoutes(r)));
  const destinationRules = w.destinationRules.items().map((dr) => {
    const spec = (dr.spec ?? {}) as { host?: string; subsets?: { name: string; labels?: Record<string, string> }[] };
    return {
      namespace: dr.metadata?.namespace ?? '', host: spec.host ?? '',
      subsets: Object.fromEntries((spec.subsets ?? []).map((s) => [s.name, s.labels ?? {}])),
    };
  });
  // PeerAuthentication in force per namespace (workload selectors aside); the root namespace's is mesh-wide.
  const mtls = new Map<string, string>();
  for (const pa of w.peerAuthentications.items()) {
    const spec = (pa.spec ?? {}) as { selector?: unknown; mtls?: { mode?: string } };
    if (spec.selector || !spec.mtls?.mode) continue;
    mtls.set(pa.metadata?.namespace === 'istio-system' ? '' : pa.metadata?.namespace ?? '', spec.mtls.mode);
  }
  return { services, workloads, routes, destinationRules, mtls };
}

interface HttpRouteSpec {
  parentRefs?: { group?: string; kind?: string; name?: string; namespace?: string }[];
  rules?: { matches?: { headers?: unknown[]; queryParams?: unknown[] }[]; backendRefs?: { kind?: string; name?: string; namespace?: string; weight?: number }[] }[];
}

/**
 * An HTTPRoute with Services as parents (Gateway API for the mesh, GAMMA) routes each of them: its last
 * rule that matches every request (no header or query matches) carries the weights between backends.
 */
export function gatewayRoutes(route: IstioObject): VirtualServiceRoute[] {
  const spec = (route.spec ?? {}) as HttpRouteSpec;
  const namespace = route.metadata?.namespace ?? '';
  const parents = (spec.parentRefs ?? []).filter((p) => p.kind === 'Service' && p.name && (!p.namespace || p.namespace === namespace)).map((p) => p.name!);
  const catchAll = [...(spec.rules ?? [])].reverse().find((r) => !(r.matches ?? []).some((m) => m.headers?.length || m.queryParams?.length));
  if (!parents.length || !catchAll) return [];
  const destinations = (catchAll.backendRefs ?? []).filter((b) => (b.kind ?? 'Service') === 'Service' && b.name && (!b.namespace || b.namespace === namespace))
    .map((b) => ({ host: b.name!, weight: b.weight ?? 1 }));
  return [{ namespace, hosts: parents, destinations, gatewayApi: true }];
}
