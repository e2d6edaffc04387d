/**
 * The sandbox's stand-in for Envoy's traffic: given services, their workloads (one per version) and the
 * live routing (VirtualService weights over DestinationRule subsets), it accrues Istio's standard metrics.
 * Pure: the agent feeds it cluster state and time; Prometheus scrapes what `render` prints.
 */

export interface Workload {
  namespace: string;
  name: string;
  app: string;
  version: string;
  /** Pod-template labels, matched against DestinationRule subsets. */
  labels: Record<string, string>;
  readyReplicas: number;
  errorRate: number;
  latencyMs: number;
}

export interface Service {
  namespace: string;
  name: string;
  /** Requests per second a load generator outside the mesh's services sends it (0: only its callers). */
  rps: number;
  selector: Record<string, string>;
  /** Services its workloads call, each at a rate (requests per second): the service graph's edges. */
  calls?: { host: string; rps: number }[];
  /** Every port speaks TCP (not HTTP): Envoy reports bytes and connections, not requests. */
  tcp?: boolean;
}

export interface RouteDestination { host: string; subset?: string; weight: number }
/**
 * A route's catch-all weights: a VirtualService's (destinations are subsets of the host), or a Gateway API
 * HTTPRoute's with a Service as parent (`gatewayApi`: destinations are other Services, its backendRefs).
 */
export interface VirtualServiceRoute { namespace: string; hosts: string[]; destinations: RouteDestination[]; gatewayApi?: boolean }
export interface DestinationRuleSubsets { namespace: string; host: string; subsets: Record<string, Record<string, string>> }

export interface TrafficState {
  services: Service[];
  workloads: Workload[];
  routes: VirtualServiceRoute[];
  destinationRules: DestinationRuleSubsets[];
  /** PeerAuthentication mode in force per namespace ("" key: the mesh-wide one from the root namespace). */
  mtls?: Map<string, string>;
}

/** What the destination's sidecar reports for a connection, from the PeerAuthentication in force there. */
export function connectionSecurity(state: TrafficState, namespace: string): 'mutual_tls' | 'none' {
  const mode = state.mtls?.get(namespace) ?? state.mtls?.get('') ?? 'PERMISSIVE';
  // The sandbox's callers all have sidecars: PERMISSIVE and STRICT both end in mutual TLS; DISABLE in plaintext.
  return mode === 'DISABLE' ? 'none' : 'mutual_tls';
}

export const fqdn = (name: string, namespace: string) => `${name}.${namespace}.svc.cluster.local`;

/** Resolves a VirtualService/DestinationRule host the way Istio does for short names. */
export function resolveHost(host: string, namespace: string): string {
  if (host.endsWith('.svc.cluster.local')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return fqdn(host, namespace);
  if (parts.length === 2) return fqdn(parts[0]!, parts[1]!);
  return host;
}

const matches = (labels: Record<string, string>, selector: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Lookups by namespace and resolved host, so a large state is walked once rather than once per service. */
export interface StateIndex {
  workloadsByNamespace: Map<string, Workload[]>;
  /** The first VirtualService (in list order) naming the host. */
  routeByHost: Map<string, VirtualServiceRoute>;
  destinationRulesByHost: Map<string, DestinationRuleSubsets[]>;
  servicesByHost: Map<string, Service>;
}

export function indexState(state: TrafficState): StateIndex {
  const index: StateIndex = { workloadsByNamespace: new Map(), routeByHost: new Map(), destinationRulesByHost: new Map(), servicesByHost: new Map(state.services.map((s) => [fqdn(s.name, s.namespace), s])) };
  for (const w of state.workloads) {
    const list = index.workloadsByNamespace.get(w.namespace);
    if (list) list.push(w);
    else index.workloadsByNamespace.set(w.namespace, [w]);
  }
  for (const r of state.routes) {
    for (const h of r.hosts) {
      const host = resolveHost(h, r.namespace);
      if (!index.routeByHost.has(host)) index.routeByHost.set(host, r);
    }
  }
  for (const dr of state.destinationRules) {
    const host = resolveHost(dr.host, dr.namespace);
    const list = index.destinationRulesByHost.get(host);
    if (list) list.push(dr);
    else index.destinationRulesByHost.set(host, [dr]);
  }
  return index;
}

/** Share of the service's traffic each of its workloads receives (sums to 1 when any is ready). */
export function workloadShares(state: TrafficState, svc: Service, index: StateIndex = indexState(state)): Map<Workload, number> {
  const shares = new Map<Workload, number>();
  for (const r of routedShares(state, svc, index)) shares.set(r.workload, (shares.get(r.workload) ?? 0) + r.share);
  return shares;
}

/**
 * Where the service's traffic goes: each workload's share, and the Service its requests are reported
 * under (the service itself, or the backend a Gateway API route sent them to, as Istio reports them).
 */
export function routedShares(state: TrafficState, svc: Service, index: StateIndex = indexState(state)): { workload: Workload; share: number; via: Service }[] {
  const host = fqdn(svc.name, svc.namespace);
  const inNamespace = (index.workloadsByNamespace.get(svc.namespace) ?? []).filter((w) => w.readyReplicas > 0);
  const backends = inNamespace.filter((w) => matches(w.labels, svc.selector));
  const out: { workload: Workload; share: number; via: Service }[] = [];
  const byReplicas = (pool: Workload[], weight: number, via: Service) => {
    const total = pool.reduce((s, w) => s + w.readyReplicas, 0);
    if (total === 0) return;
    for (const w of pool) out.push({ workload: w, share: (weight * w.readyReplicas) / total, via });
  };
  const route = index.routeByHost.get(host);
  if (!route || route.destinations.length === 0) {
    byReplicas(backends, 1, svc);
    return out;
  }
  // A VirtualService splits its host between subsets; an HTTPRoute sends on to other Services.
  const dests = route.destinations.filter((d) => (route.gatewayApi ? index.servicesByHost.has(resolveHost(d.host, route.namespace)) : resolveHost(d.host, route.namespace) === host));
  const weights = dests.map((d) => (dests.length === 1 && !d.weight ? 100 : d.weight));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  if (totalWeight <= 0) return out;
  dests.forEach((d, i) => {
    const target = resolveHost(d.host, route.namespace);
    if (route.gatewayApi && target !== host) {
      const backend = index.servicesByHost.get(target)!;
      byReplicas((index.workloadsByNamespace.get(backend.namespace) ?? []).filter((w) => w.readyReplicas > 0 && matches(w.labels, backend.selector)), weights[i]! / totalWeight, backend);
      return;
    }
    let pool = backends;
    if (d.subset) {
      const dr = index.destinationRulesByHost.get(host)?.find((r) => r.subsets[d.subset!]);
      const subsetLabels = dr?.subsets[d.subset];
      // An unknown subset is a 503 in Istio; no workload receives that share here.
      pool = subsetLabels ? backends.filter((w) => matches(w.labels, subsetLabels)) : [];
    }
    byReplicas(pool, weights[i]! / totalWeight, svc);
  });
  return out;
}

/** Istio's default request duration buckets (ms). */
export const DURATION_BUCKETS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];
const SIGMA = 0.4;

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26; plenty for a simulator.
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** Fraction of requests at or under `le` ms for a log-normal latency with the given median. */
export function latencyCdf(le: number, medianMs: number): number {
  if (medianMs <= 0) return 1;
  return 0.5 * (1 + erf((Math.log(le) - Math.log(medianMs)) / (SIGMA * Math.SQRT2)));
}

interface Series { labels: string; value: number }

/** Cumulative counters, as Envoy keeps them; `accrue` adds `dt` seconds of traffic. */
export class TrafficCounters {
  private readonly requests = new Map<string, Series>();
  private readonly buckets = new Map<string, Series>();
  private readonly sums = new Map<string, Series>();
  private readonly counts = new Map<string, Series>();
  private readonly tcpOpened = new Map<string, Series>();
  private readonly tcpClosed = new Map<string, Series>();
  private readonly tcpSent = new Map<string, Series>();
  private readonly tcpReceived = new Map<string, Series>();

  /** What each state sends where, with its series keys: worked out once per state, not per accrual. */
  private readonly flows = new WeakMap<TrafficState, Flow[]>();

  accrue(state: TrafficState, dtSeconds: number): void {
    let flows = this.flows.get(state);
    if (!flows) this.flows.set(state, (flows = flowsOf(state)));
    for (const f of flows) {
      const n = f.rps * dtSeconds;
      if (n <= 0) continue;
      if (f.tcp) {
        for (const s of f.ok) {
          add(this.tcpOpened, s.base, n);
          add(this.tcpClosed, s.base, n);
          add(this.tcpSent, s.base, n * 2048);
          add(this.tcpReceived, s.base, n * 512);
        }
        continue;
      }
      const errors = n * f.errorRate;
      for (const [series, count] of [[f.ok, n - errors], [f.failed, errors]] as const) {
        if (count <= 0) continue;
        for (const s of series) {
          add(this.requests, s.base, count);
          add(this.sums, s.base, count * f.meanMs);
          add(this.counts, s.base, count);
          for (const b of s.buckets) add(this.buckets, b.key, count * b.fraction);
        }
      }
    }
  }

  /** Prometheus text exposition format. */
  render(): string {
    const out: string[] = [];
    out.push('# HELP istio_requests_total Total requests (simulated by the Meshdeck sandbox).', '# TYPE istio_requests_total counter');
    for (const s of this.requests.values()) out.push(`istio_requests_total{${s.labels}} ${s.value}`);
    out.push('# HELP istio_request_duration_milliseconds Request duration (simulated).', '# TYPE istio_request_duration_milliseconds histogram');
    for (const s of this.buckets.values()) out.push(`istio_request_duration_milliseconds_bucket{${s.labels}} ${s.value}`);
    for (const s of this.sums.values()) out.push(`istio_request_duration_milliseconds_sum{${s.labels}} ${s.value}`);
    for (const s of this.counts.values()) out.push(`istio_request_duration_milliseconds_count{${s.labels}} ${s.value}`);
    for (const [name, map] of [['istio_tcp_connections_opened_total', this.tcpOpened], ['istio_tcp_connections_closed_total', this.tcpClosed], ['istio_tcp_sent_bytes_total', this.tcpSent], ['istio_tcp_received_bytes_total', this.tcpReceived]] as const) {
      if (!map.size) continue;
      out.push(`# TYPE ${name} counter`);
      for (const s of map.values()) out.push(`${name}{${s.labels}} ${s.value}`);
    }
    return out.join('\n') + '\n';
  }
}

interface FlowSeries { base: string; buckets: { key: string; fraction: number }[] }
interface Flow { rps: number; errorRate: number; meanMs: number; ok: FlowSeries[]; failed: FlowSeries[]; tcp: boolean }

/** Who sends: the load generator, or one of a calling service's workloads. */
interface Source { workload: string; namespace: string; app: string; version: string }
const LOADGEN = (namespace: string): Source => ({ workload: 'sandbox-loadgen', namespace, app: 'sandbox-loadgen', version: 'unknown' });

function flowsOf(state: TrafficState): Flow[] {
  const index = indexState(state);
  const byHost = index.servicesByHost;
  const flows: Flow[] = [];
  const toService = (svc: Service, source: Source, rps: number) => {
    const security = connectionSecurity(state, svc.namespace);
    for (const { workload: w, share, via } of routedShares(state, svc, index)) {
      const series = (code: string): FlowSeries[] => (['destination', 'source'] as const).map((reporter) => {
        const base = baseLabels(via, w, source, reporter, code, svc.tcp ? 'tcp' : 'http', security);
        return { base, buckets: svc.tcp ? [] : [...DURATION_BUCKETS.map((le) => ({ key: `${base},le="${le}"`, fraction: latencyCdf(le, w.latencyMs) })), { key: `${base},le="+Inf"`, fraction: 1 }] };
      });
      flows.push({ rps: rps * share, errorRate: Math.min(1, Math.max(0, w.errorRate)), meanMs: w.latencyMs * Math.exp((SIGMA * SIGMA) / 2), ok: series(svc.tcp ? '0' : '200'), failed: w.errorRate > 0 && !svc.tcp ? series('500') : [], tcp: !!svc.tcp });
    }
  };
  for (const svc of state.services) {
    if (svc.rps > 0) toService(svc, LOADGEN(svc.namespace), svc.rps);
    // Each call edge: the caller's workloads (by their share of the caller's traffic) send to the callee.
    for (const call of svc.calls ?? []) {
      const callee = byHost.get(resolveHost(call.host, svc.namespace));
      if (!callee) continue;
      for (const [w, share] of workloadShares(state, svc, index)) toService(callee, { workload: w.name, namespace: w.namespace, app: w.app, version: w.version }, call.rps * share);
    }
  }
  return flows;
}

function add(map: Map<string, Series>, labels: string, by: number) {
  const s = map.get(labels);
  if (s) s.value += by;
  else map.set(labels, { labels, value: by });
}

function baseLabels(svc: Service, w: Workload, src: Source, reporter: 'source' | 'destination', code: string, protocol: 'http' | 'tcp', security: string): string {
  const l: Record<string, string> = {
    reporter,
    source_workload: src.workload, source_workload_namespace: src.namespace, source_app: src.app,
    source_version: src.version, source_canonical_service: src.app, source_canonical_revision: src.version === 'unknown' ? 'latest' : src.version,
    source_cluster: 'Kubernetes', source_principal: 'unknown',
    destination_workload: w.name, destination_workload_namespace: w.namespace, destination_app: w.app,
    destination_version: w.version, destination_canonical_service: w.app, destination_canonical_revision: w.version,
    destination_service: fqdn(svc.name, svc.namespace), destination_service_name: svc.name, destination_service_namespace: svc.namespace,
    destination_cluster: 'Kubernetes', destination_principal: `spiffe://cluster.local/ns/${w.namespace}/sa/default`,
    request_protocol: protocol, response_code: code, grpc_response_status: '', response_flags: code === '500' ? 'URX' : '-',
    connection_security_policy: reporter === 'destination' ? security : 'unknown',
  };
  return Object.entries(l).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',');
}
