import type { Diagnosis, MetricsEvent, MetricsSource, MetricsSourceChoice, MtlsPosture, ServiceGraph, ServiceMetrics, SummaryResult, VersionFigures, VersionSeries } from '../contract/metrics.js';
import type { ClusterConnection } from '../kube/connection.js';
import { sleep } from '../util/sleep.js';
import { discoverPrometheus } from './discover.js';
import { PromError, viaServiceProxy, viaUrl, type Prometheus, type RangeSeries, type Sample } from './prometheus.js';
import { duration, meshQueries, rateWindow, serviceQueries, stepFor, type Reporter, type ServiceSelector } from './queries.js';
import type { MetricsSources } from './sources.js';

const RESOLVE_TTL_MS = 30_000;
/** The Prometheus found per context, shared by every service of this process (one per request). */
const resolved = new Map<string, { at: number; value: Promise<{ prom?: Prometheus; diagnosis?: Diagnosis }> }>();

const ROUTES_TTL_MS = 10_000;
const routesSeen = new Map<string, { at: number; value: Promise<HttpRouteLike[]> }>();

interface HttpRouteLike { spec?: { parentRefs?: { group?: string; kind?: string; name?: string; namespace?: string }[]; rules?: { backendRefs?: { group?: string; kind?: string; name?: string; namespace?: string }[] }[] } }

/** The Services an HTTPRoute whose parent is `service` (GAMMA: a Service as parent) routes to, in the same namespace. */
export function backendsOf(routes: HttpRouteLike[], service: string): string[] {
  // A backendRef's kind defaults to Service; a parentRef's to Gateway, so a parent must say Service.
  const isService = (r: { group?: string; kind?: string }) => ['', 'core'].includes(r.group ?? '') && (r.kind ?? 'Service') === 'Service';
  const out = new Set<string>();
  for (const route of routes) {
    if (!route.spec?.parentRefs?.some((p) => isService(p) && p.kind === 'Service' && p.name === service && !p.namespace)) continue;
    for (const rule of route.spec.rules ?? []) for (const b of rule.backendRefs ?? []) if (b.name && isService(b) && !b.namespace && b.name !== service) out.add(b.name);
  }
  return [...out].sort();
}

/** A sample this old means scraping has stopped (Prometheus scrapes every 5–60 s). */
const STALE_AFTER_S = 180;
const VERSION = 'destination_canonical_revision';

export const diagnoseError = (e: unknown): Diagnosis => {
  if (e instanceof PromError && e.kind === 'query') {
    return { reason: 'query-error', message: 'Prometheus refused a query.', fix: 'Read Prometheus\'s message below; an old Prometheus may lack a function Meshdeck uses.', query: e.query, detail: e.detail ?? e.message };
  }
  return { reason: 'unreachable', message: e instanceof Error ? e.message : String(e), fix: 'Check that Prometheus runs and answers (its pod, its Service\'s endpoints, or the URL and credentials you gave).', ...(e instanceof PromError && e.detail ? { detail: e.detail } : {}) };
};

const NO_PROMETHEUS: Diagnosis = {
  reason: 'no-prometheus', message: 'No Prometheus was found in this cluster, and none is configured.',
  fix: 'Install Istio\'s Prometheus add-on from the control-plane wizard (Options → Prometheus add-on), or give the address of your Prometheus.',
};

/** Versions in the order a person reads them: v1 before v2 before v10. */
const byVersion = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });
const versionOf = (m: Record<string, string>) => m[VERSION] || m.destination_version || 'unknown';
const byKey = (samples: Sample[]) => new Map(samples.map((s) => [versionOf(s.metric), s.value]));

/** The newest sample of a series (its last point that has one). */
export function latest(points: [number, number | null][] | undefined): number | null {
  for (let i = (points?.length ?? 0) - 1; i >= 0; i--) if (points![i]![1] !== null) return points![i]![1];
  return null;
}

/** Points for a chart: each series' values, keyed by version. */
function seriesByVersion(series: RangeSeries[]): Map<string, [number, number | null][]> {
  return new Map(series.map((s) => [versionOf(s.metric), s.points.map(([t, v]) => [t, v === null || Number.isNaN(v) ? null : v] as [number, number | null])]));
}

/**
 * Live metrics of one cluster from its Prometheus: the one the user chose, else the one found in the
 * cluster. Every query comes from queries.ts; every "no data" has its reason.
 */
export class MetricsService {
  constructor(private readonly conn: ClusterConnection, private readonly context: string, private readonly sources: MetricsSources) {}

  /**
   * The Prometheus in use (undefined with the reason when there is none). Found once per half minute per
   * context: a canary driver asks every second, and finding it lists every Service of the cluster.
   */
  prometheus(): Promise<{ prom?: Prometheus; diagnosis?: Diagnosis }> {
    const cached = resolved.get(this.context);
    if (cached && Date.now() - cached.at < RESOLVE_TTL_MS) return cached.value;
    const value = this.resolve();
    resolved.set(this.context, { at: Date.now(), value });
    value.catch(() => resolved.delete(this.context));
    return value;
  }

  private async resolve(): Promise<{ prom?: Prometheus; diagnosis?: Diagnosis }> {
    const choice = await this.sources.get(this.context);
    if (choice.kind === 'url') return { prom: viaUrl(choice.url, choice) };
    if (choice.kind === 'service') return { prom: viaServiceProxy(this.conn, choice.namespace, choice.name, choice.port, false) };
    const found = await discoverPrometheus(this.conn).catch(() => []);
    const best = found[0];
    return best ? { prom: viaServiceProxy(this.conn, best.namespace, best.name, best.port, true) } : { diagnosis: NO_PROMETHEUS };
  }

  async source(): Promise<{ source?: MetricsSource; diagnosis?: Diagnosis; candidates: { namespace: string; name: string; port: number; why: string }[] }> {
    const { prom, diagnosis } = await this.prometheus();
    const candidates = (await discoverPrometheus(this.conn).catch(() => [])).map(({ namespace, name, port, why }) => ({ namespace, name, port, why }));
    if (!prom) return { diagnosis, candidates };
    try {
      await prom.query('vector(1)');
      return { source: prom.source, candidates };
    } catch (e) {
      return { source: prom.source, diagnosis: diagnoseError(e), candidates };
    }
  }

  /**
   * The Services that Gateway API routes of `service` (HTTPRoutes with it as parent) send requests on to:
   * Istio reports those requests under the backend's name. Read once per 10 s per namespace; none where
   * the cluster serves no HTTPRoute.
   */
  async routedBackends(namespace: string, service: string): Promise<string[]> {
    const key = `${this.context}\n${namespace}`;
    let cached = routesSeen.get(key);
    if (!cached || Date.now() - cached.at > ROUTES_TTL_MS) {
      const value = this.conn.requestJson<{ items?: HttpRouteLike[] | null }>('GET', `/apis/gateway.networking.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/httproutes`)
        .then((l) => l.items ?? [], () => []);
      cached = { at: Date.now(), value };
      routesSeen.set(key, cached);
    }
    return backendsOf(await cached.value, service);
  }

  async setSource(choice: MetricsSourceChoice): Promise<void> {
    await this.sources.set(this.context, choice);
    resolved.delete(this.context);
  }

  /**
   * The figures a canary gate reads: requests, success rate and p99 per version over the last
   * `windowSeconds` (three queries, whatever the number of versions).
   */
  async versionFigures(prom: Prometheus, namespace: string, service: string, windowSeconds: number, count4xx = false, backends?: string[]): Promise<Map<string, { requests: number; successRate: number | null; p99: number | null }>> {
    const sel: ServiceSelector = { namespace, service, reporter: 'destination', backends: backends ?? await this.routedBackends(namespace, service) };
    const w = duration(windowSeconds);
    const [requests, failures, p99] = await Promise.all([prom.query(serviceQueries.requests(sel, w)), prom.query(serviceQueries.failures(sel, w, count4xx)), prom.query(serviceQueries.latency(sel, 0.99, w))]);
    const f = byKey(failures);
    const q = byKey(p99);
    const out = new Map<string, { requests: number; successRate: number | null; p99: number | null }>();
    for (const [version, n] of byKey(requests)) {
      const count = n ?? 0;
      const p = q.get(version);
      out.set(version, { requests: count, successRate: count > 0 ? 1 - (f.get(version) ?? 0) / count : null, p99: p === undefined || p === null || Number.isNaN(p) ? null : p });
    }
    return out;
  }

  /** One refresh of a service page: figures per version over the range, chart series, or the reason there are none. */
  async serviceMetrics(shared: Prometheus, namespace: string, service: string, rangeSeconds: number, count4xx: boolean, now = Date.now() / 1000): Promise<ServiceMetrics> {
    const t0 = performance.now();
    const prom = shared.counted();
    const step = stepFor(rangeSeconds);
    const end = Math.floor(now / step) * step;
    const start = end - rangeSeconds;
    const range = duration(rangeSeconds);
    const window = rateWindow(step);
    const base = { namespace, service, rangeSeconds, stepSeconds: step, at: new Date(now * 1000).toISOString() };
    const done = (m: Omit<ServiceMetrics, keyof typeof base | 'queries' | 'elapsedMs'>): ServiceMetrics => ({ ...base, ...m, queries: prom.queries, elapsedMs: Math.round(performance.now() - t0) });
    const empty = { protocol: 'http' as const, reporter: 'destination' as const, versions: [], series: [] };
    try {
      const backends = await this.routedBackends(namespace, service);
      const [presence, last] = await Promise.all([
        prom.query(serviceQueries.presence({ namespace, service, backends }), end),
        prom.query(serviceQueries.lastSample({ namespace, service, backends }), end),
      ]);
      if (!presence.length) {
        const any = await prom.query(meshQueries.anyIstio(), end);
        return done({ ...empty, diagnosis: any.some((s) => (s.value ?? 0) > 0)
          ? { reason: 'no-traffic', message: `Prometheus has Istio's metrics, but none for ${service}.${namespace} in the last ${range}.`, fix: 'Send it traffic; check that its pods have the sidecar (the inventory shows it), and that callers use the Service\'s name.' }
          : { reason: 'no-istio-metrics', message: 'Prometheus answers but holds no Istio metrics: it does not scrape the proxies.', fix: 'Use Istio\'s Prometheus add-on, or add the scrape configuration for Envoy\'s metrics (port 15020, /stats/prometheus) to yours.' } });
      }
      const lastAt = last[0]?.value ?? null;
      const reporters = new Set(presence.map((s) => s.metric.reporter));
      const reporter: Reporter = reporters.has('destination') ? 'destination' : 'source';
      const tcp = presence.every((s) => s.metric.__name__ === 'istio_tcp_sent_bytes_total');
      const sel: ServiceSelector = { namespace, service, reporter, backends };
      const stale: Diagnosis | undefined = lastAt !== null && end - lastAt > STALE_AFTER_S
        ? { reason: 'stale', message: `The newest sample of ${service} is ${Math.round((end - lastAt) / 60)} minute(s) old: scraping stopped, or the service stopped receiving traffic.`, fix: 'Check Prometheus\'s targets page for the proxies\' scrape status.', lastSampleAt: new Date(lastAt * 1000).toISOString() }
        : undefined;
      if (tcp) {
        const [sent, received, conns, sentSeries, receivedSeries] = await Promise.all([
          prom.query(serviceQueries.tcpSent(sel, range), end), prom.query(serviceQueries.tcpReceived(sel, range), end), prom.query(serviceQueries.tcpConnections(sel, range), end),
          prom.queryRange(serviceQueries.tcpSent(sel, window), start, end, step), prom.queryRange(serviceQueries.tcpReceived(sel, window), start, end, step),
        ]);
        const s = byKey(sent), r = byKey(received), c = byKey(conns);
        const versions = [...new Set([...s.keys(), ...r.keys(), ...c.keys()])].sort(byVersion);
        const ss = seriesByVersion(sentSeries), rs = seriesByVersion(receivedSeries);
        return done({
          protocol: 'tcp', reporter, diagnosis: stale,
          versions: versions.map((v): VersionFigures => ({ version: v, rps: null, requests: null, successRate: null, failures: null, p50: null, p90: null, p99: null, tcp: { sentBps: s.get(v) ?? null, receivedBps: r.get(v) ?? null, connectionsPerSecond: c.get(v) ?? null } })),
          series: versions.map((v): VersionSeries => ({ version: v, rps: [], successRate: [], p50: [], p90: [], p99: [], tcpSent: ss.get(v) ?? [], tcpReceived: rs.get(v) ?? [] })),
        });
      }
      const [requests, failures, p50, p90, p99, rpsSeries, failSeries, p50s, p90s, p99s] = await Promise.all([
        prom.query(serviceQueries.requests(sel, range), end),
        prom.query(serviceQueries.failures(sel, range, count4xx), end),
        prom.query(serviceQueries.latency(sel, 0.5, range), end),
        prom.query(serviceQueries.latency(sel, 0.9, range), end),
        prom.query(serviceQueries.latency(sel, 0.99, range), end),
        prom.queryRange(serviceQueries.rps(sel, window), start, end, step),
        prom.queryRange(serviceQueries.failuresRps(sel, window, count4xx), start, end, step),
        prom.queryRange(serviceQueries.latency(sel, 0.5, window), start, end, step),
        prom.queryRange(serviceQueries.latency(sel, 0.9, window), start, end, step),
        prom.queryRange(serviceQueries.latency(sel, 0.99, window), start, end, step),
      ]);
      const req = byKey(requests), fail = byKey(failures), q50 = byKey(p50), q90 = byKey(p90), q99 = byKey(p99);
      const versions = [...req.keys()].sort(byVersion);
      const rpsBy = seriesByVersion(rpsSeries), failBy = seriesByVersion(failSeries);
      const clean = (v: number | null | undefined) => (v === undefined || v === null || Number.isNaN(v) ? null : v);
      return done({
        protocol: 'http', reporter, diagnosis: stale,
        versions: versions.map((v): VersionFigures => {
          const n = clean(req.get(v));
          const f = clean(fail.get(v)) ?? (n !== null ? 0 : null);
          const now = latest(rpsBy.get(v));
          return { version: v, requests: n, failures: f, rps: now ?? (n === null ? null : n / rangeSeconds), successRate: n && n > 0 && f !== null ? 1 - f / n : null, p50: clean(q50.get(v)), p90: clean(q90.get(v)), p99: clean(q99.get(v)) };
        }),
        series: versions.map((v): VersionSeries => {
          const rps = rpsBy.get(v) ?? [];
          const failed = new Map((failBy.get(v) ?? []).map(([t, x]) => [t, x]));
          return {
            version: v, rps,
            // A ratio only where there were requests: no traffic is a gap, not 100%.
            successRate: rps.map(([t, r]) => [t, r && r > 0 ? 1 - (failed.get(t) ?? 0) / r : null] as [number, number | null]),
            p50: seriesByVersion(p50s).get(v) ?? [], p90: seriesByVersion(p90s).get(v) ?? [], p99: seriesByVersion(p99s).get(v) ?? [],
          };
        }),
      });
    } catch (e) {
      return done({ ...empty, diagnosis: diagnoseError(e) });
    }
  }

  /** The service page as a stream: the source first, then a refresh every step until cancelled (or once). */
  async *serviceStream(namespace: string, service: string, rangeSeconds: number, count4xx: boolean, live: boolean, signal: AbortSignal): AsyncGenerator<MetricsEvent> {
    const { prom, diagnosis } = await this.prometheus();
    yield { type: 'source', source: prom?.source, diagnosis };
    if (!prom) return;
    const every = Math.min(30, Math.max(5, stepFor(rangeSeconds))) * 1000;
    while (!signal.aborted) {
      yield { type: 'metrics', metrics: await this.serviceMetrics(prom, namespace, service, rangeSeconds, count4xx) };
      if (!live) return;
      await sleep(every, signal);
    }
  }

  /** Rate, success and p99 of every service, for the inventory: four queries for the whole cluster. */
  async summary(rangeSeconds: number, count4xx: boolean): Promise<SummaryResult> {
    const { prom: shared, diagnosis } = await this.prometheus();
    if (!shared) return { services: [], diagnosis, queries: 0 };
    const prom = shared.counted();
    const range = duration(rangeSeconds);
    try {
      const [requests, failures, p99] = await Promise.all([prom.query(meshQueries.serviceRequests(range)), prom.query(meshQueries.serviceFailures(range, count4xx)), prom.query(meshQueries.serviceP99(range))]);
      const key = (m: Record<string, string>) => `${m.destination_service_namespace}/${m.destination_service_name}`;
      const f = new Map(failures.map((s) => [key(s.metric), s.value ?? 0]));
      const q = new Map(p99.map((s) => [key(s.metric), s.value]));
      return {
        queries: prom.queries,
        services: requests.map((s) => {
          const n = s.value ?? 0;
          const k = key(s.metric);
          const p = q.get(k);
          return { namespace: s.metric.destination_service_namespace ?? '', service: s.metric.destination_service_name ?? '', requests: n, rps: n / rangeSeconds, successRate: n > 0 ? 1 - (f.get(k) ?? 0) / n : null, p99: p === undefined || p === null || Number.isNaN(p) ? null : p };
        }),
      };
    } catch (e) {
      return { services: [], diagnosis: diagnoseError(e), queries: prom.queries };
    }
  }

  /** Who calls whom, with rate, error share and mTLS per edge. */
  async graph(namespace: string | undefined, rangeSeconds: number): Promise<ServiceGraph> {
    const { prom, diagnosis } = await this.prometheus();
    if (!prom) return { nodes: [], edges: [], diagnosis, rangeSeconds };
    const range = duration(rangeSeconds);
    try {
      const [http, failures, tcp] = await Promise.all([prom.query(meshQueries.edges(range, namespace)), prom.query(meshQueries.edgeFailures(range, namespace)), prom.query(meshQueries.tcpEdges(range, namespace))]);
      return { ...buildGraph(http, failures, tcp, rangeSeconds), rangeSeconds, ...(http.length || tcp.length ? {} : { diagnosis: { reason: 'no-traffic' as const, message: namespace ? `No traffic to services in ${namespace} in the last ${range}.` : `No traffic between services in the last ${range}.`, fix: 'Services show up here once they receive requests through their sidecars.' } }) };
    } catch (e) {
      return { nodes: [], edges: [], diagnosis: diagnoseError(e), rangeSeconds };
    }
  }

  async query(q: string): Promise<{ result: Sample[]; diagnosis?: Diagnosis }> {
    const { prom, diagnosis } = await this.prometheus();
    if (!prom) return { result: [], diagnosis };
    try {
      return { result: (await prom.query(q)).slice(0, 5000) };
    } catch (e) {
      return { result: [], diagnosis: diagnoseError(e) };
    }
  }

  /** The PeerAuthentication mode in force per namespace next to what the traffic into it shows. */
  async mtls(rangeSeconds: number): Promise<MtlsPosture> {
    const pas = await this.conn.requestJson<{ items: { metadata: { namespace: string; name: string }; spec?: { selector?: unknown; mtls?: { mode?: string } } }[] | null }>('GET', '/apis/security.istio.io/v1/peerauthentications').catch(() => ({ items: [] }));
    const modes = new Map<string, { mode: string; from: string }>();
    for (const p of pas.items ?? []) if (!p.spec?.selector && p.spec?.mtls?.mode) modes.set(p.metadata.namespace, { mode: p.spec.mtls.mode, from: `${p.metadata.namespace}/${p.metadata.name}` });
    const { prom, diagnosis } = await this.prometheus();
    if (!prom) return { namespaces: [], diagnosis };
    try {
      const seen = await prom.query(meshQueries.mtlsByNamespace(duration(rangeSeconds)));
      return { namespaces: mtlsPosture(seen, modes) };
    } catch (e) {
      return { namespaces: [], diagnosis: diagnoseError(e) };
    }
  }
}

/** Edges and nodes from the three edge queries (pure, for tests). */
export function buildGraph(http: Sample[], failures: Sample[], tcp: Sample[], rangeSeconds: number): Pick<ServiceGraph, 'nodes' | 'edges'> {
  const nodes = new Map<string, ServiceGraph['nodes'][number]>();
  const edges = new Map<string, ServiceGraph['edges'][number] & { seen: Set<string> }>();
  const failed = new Map(failures.map((s) => [`${s.metric.source_workload_namespace}/${s.metric.source_workload}>${s.metric.destination_service_namespace}/${s.metric.destination_service_name}`, s.value ?? 0]));
  for (const [samples, protocol] of [[http, 'http'], [tcp, 'tcp']] as const) {
    for (const s of samples) {
      const m = s.metric;
      const outside = !m.source_workload || m.source_workload === 'unknown';
      const src = outside ? 'outside' : `workload:${m.source_workload_namespace}/${m.source_workload}`;
      const dst = `service:${m.destination_service_namespace}/${m.destination_service_name}`;
      if (!nodes.has(src)) nodes.set(src, outside ? { id: src, kind: 'outside', namespace: '', name: 'outside the mesh' } : { id: src, kind: 'workload', namespace: m.source_workload_namespace ?? '', name: m.source_workload ?? '' });
      if (!nodes.has(dst)) nodes.set(dst, { id: dst, kind: 'service', namespace: m.destination_service_namespace ?? '', name: m.destination_service_name ?? '' });
      const id = `${src}>${dst}>${protocol}`;
      const n = s.value ?? 0;
      const e = edges.get(id) ?? { source: src, target: dst, rps: 0, errorShare: 0, requests: 0, mtls: 'unknown' as const, protocol, seen: new Set<string>() };
      e.requests += n;
      e.rps = e.requests / rangeSeconds;
      if (n > 0) e.seen.add(m.connection_security_policy ?? 'unknown');
      edges.set(id, e);
    }
  }
  return {
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...edges.values()].map(({ seen, ...e }) => {
      const f = e.protocol === 'http' ? failed.get(`${e.source.replace(/^workload:/, '')}>${e.target.replace(/^service:/, '')}`) ?? 0 : 0;
      const mutual = seen.has('mutual_tls');
      const plain = seen.has('none');
      return { ...e, errorShare: e.requests > 0 ? f / e.requests : 0, mtls: mutual && plain ? 'mixed' as const : mutual ? 'mutual' as const : plain ? 'plaintext' as const : 'unknown' as const };
    }).sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target)),
  };
}

/** The mode in force (namespace, else mesh-wide from istio-system, else Istio's PERMISSIVE default) against what traffic shows (pure). */
export function mtlsPosture(seen: Sample[], modes: Map<string, { mode: string; from: string }>): MtlsPosture['namespaces'] {
  const observed = new Map<string, Set<string>>();
  for (const s of seen) {
    if (!(s.value && s.value > 0)) continue;
    const ns = s.metric.destination_service_namespace ?? '';
    const set = observed.get(ns) ?? new Set<string>();
    set.add(s.metric.connection_security_policy ?? 'unknown');
    observed.set(ns, set);
  }
  const mesh = modes.get('istio-system');
  const namespaces = new Set([...observed.keys(), ...[...modes.keys()].filter((n) => n !== 'istio-system')]);
  return [...namespaces].sort().map((namespace) => {
    const inForce = modes.get(namespace) ?? mesh;
    const mode = inForce?.mode ?? 'UNSET';
    const set = observed.get(namespace) ?? new Set<string>();
    const obs = set.has('mutual_tls') && set.has('none') ? 'mixed' : set.has('mutual_tls') ? 'mutual' : set.has('none') ? 'plaintext' : 'none';
    const mismatch = mode === 'STRICT' && (obs === 'plaintext' || obs === 'mixed') ? 'STRICT is in force, yet plaintext traffic arrives: it comes from somewhere mTLS is not enforced on the way in (check for a sidecar-less path).'
      : mode === 'DISABLE' && (obs === 'mutual' || obs === 'mixed') ? 'mTLS is disabled, yet mutual TLS is seen: a workload-level policy or DestinationRule overrides it.'
        : (mode === 'PERMISSIVE' || mode === 'UNSET') && (obs === 'plaintext' || obs === 'mixed') ? 'Plaintext is accepted (PERMISSIVE) and used: set STRICT once every caller has a sidecar.'
          : undefined;
    return { namespace, mode, ...(inForce ? { modeFrom: inForce.from } : {}), observed: obs, ...(mismatch ? { mismatch } : {}) };
  });
}
