/**
 * Every PromQL query Meshdeck makes, built in one place from plain inputs (no query text anywhere else).
 * Istio's standard metrics: istio_requests_total, istio_request_duration_milliseconds_bucket and
 * istio_tcp_*; versions by destination_canonical_revision (the version label, or the revision Istio derives).
 */

export type Reporter = 'destination' | 'source';

/** A label value quoted for PromQL (backslashes and quotes escaped). */
export const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A rate window that spans a few scrapes (5 s in the sandbox, 15–30 s usually) but not the whole chart. */
export function rateWindow(stepSeconds: number): string {
  return `${Math.max(60, Math.ceil(stepSeconds * 2))}s`;
}

/** A step that keeps a chart at about 200 points whatever the range (a 24-hour range is not drawn point by point). */
export function stepFor(rangeSeconds: number, points = 200): number {
  const raw = Math.max(5, Math.ceil(rangeSeconds / points));
  const nice = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  return nice.find((n) => n >= raw) ?? raw;
}

/**
 * A service's traffic. `backends` are the Services a Gateway API route of it sends its requests on to
 * (an HTTPRoute's backendRefs): Istio reports those requests under the backend's name, so they count too.
 */
export interface ServiceSelector { namespace: string; service: string; domain?: string; reporter: Reporter; backends?: string[] }

const fqdnOf = (s: Omit<ServiceSelector, 'reporter'>, name: string) => `${name}.${s.namespace}.svc.${s.domain ?? 'cluster.local'}`;
const regexEscape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The destination_service matcher: the service's own host, or it and its backends' hosts. */
export function destinationMatch(s: Omit<ServiceSelector, 'reporter'>): string {
  const others = (s.backends ?? []).filter((b) => b !== s.service);
  if (!others.length) return `destination_service=${quote(fqdnOf(s, s.service))}`;
  return `destination_service=~${quote([s.service, ...others].map((n) => regexEscape(fqdnOf(s, n))).join('|'))}`;
}
const selector = (s: ServiceSelector, extra = '') => `reporter=${quote(s.reporter)},${destinationMatch(s)}${extra}`;
/** 5xx fail; with count4xx, 4xx too. Envoy's 0 (no response) always fails. */
export const failureCodes = (count4xx: boolean) => `response_code=~${quote(count4xx ? '0|[45]..' : '0|5..')}`;

const BY_VERSION = 'destination_canonical_revision';

export const serviceQueries = {
  /** Requests per second, per version. */
  rps: (s: ServiceSelector, window: string) => `sum by (${BY_VERSION}) (rate(istio_requests_total{${selector(s)}}[${window}]))`,
  failuresRps: (s: ServiceSelector, window: string, count4xx: boolean) => `sum by (${BY_VERSION}) (rate(istio_requests_total{${selector(s, `,${failureCodes(count4xx)}`)}}[${window}]))`,
  /** Requests over the whole range, per version (the count behind the ratios). */
  requests: (s: ServiceSelector, range: string) => `sum by (${BY_VERSION}) (increase(istio_requests_total{${selector(s)}}[${range}]))`,
  failures: (s: ServiceSelector, range: string, count4xx: boolean) => `sum by (${BY_VERSION}) (increase(istio_requests_total{${selector(s, `,${failureCodes(count4xx)}`)}}[${range}]))`,
  latency: (s: ServiceSelector, q: number, window: string) => `histogram_quantile(${q}, sum by (le, ${BY_VERSION}) (rate(istio_request_duration_milliseconds_bucket{${selector(s)}}[${window}])))`,
  tcpSent: (s: ServiceSelector, window: string) => `sum by (${BY_VERSION}) (rate(istio_tcp_sent_bytes_total{${selector(s)}}[${window}]))`,
  tcpReceived: (s: ServiceSelector, window: string) => `sum by (${BY_VERSION}) (rate(istio_tcp_received_bytes_total{${selector(s)}}[${window}]))`,
  tcpConnections: (s: ServiceSelector, window: string) => `sum by (${BY_VERSION}) (rate(istio_tcp_connections_opened_total{${selector(s)}}[${window}]))`,
  /** Which reporters and protocols have series for this service at all (one query decides the rest). */
  presence: (s: Omit<ServiceSelector, 'reporter'>) =>
    `count by (reporter, __name__) ({__name__=~"istio_requests_total|istio_tcp_sent_bytes_total", ${destinationMatch(s)}})`,
  /** When the newest sample of this service was scraped (staleness). */
  lastSample: (s: Omit<ServiceSelector, 'reporter'>) => `max(timestamp({__name__=~"istio_requests_total|istio_tcp_sent_bytes_total", ${destinationMatch(s)}}))`,
};

export const meshQueries = {
  /** Does Prometheus hold any Istio metric at all? */
  anyIstio: () => 'count(istio_requests_total) or count(istio_tcp_sent_bytes_total)',
  /** Per service, for the inventory: rate, failures, requests and p99 over the range (four queries for the whole cluster). */
  serviceRps: (window: string) => 'sum by (destination_service_namespace, destination_service_name) (rate(istio_requests_total{reporter="destination"}[' + window + ']))',
  serviceRequests: (range: string) => `sum by (destination_service_namespace, destination_service_name) (increase(istio_requests_total{reporter="destination"}[${range}]))`,
  serviceFailures: (range: string, count4xx: boolean) => `sum by (destination_service_namespace, destination_service_name) (increase(istio_requests_total{reporter="destination",${failureCodes(count4xx)}}[${range}]))`,
  serviceP99: (range: string) => `histogram_quantile(0.99, sum by (le, destination_service_namespace, destination_service_name) (rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[${range}])))`,
  /** Who calls whom: requests and failures per edge, with the connection's security. */
  edges: (range: string, namespace?: string) => `sum by (source_workload, source_workload_namespace, destination_service_name, destination_service_namespace, connection_security_policy) (increase(istio_requests_total{reporter="destination"${namespace ? `,destination_service_namespace=${quote(namespace)}` : ''}}[${range}]))`,
  edgeFailures: (range: string, namespace?: string) => `sum by (source_workload, source_workload_namespace, destination_service_name, destination_service_namespace) (increase(istio_requests_total{reporter="destination",${failureCodes(false)}${namespace ? `,destination_service_namespace=${quote(namespace)}` : ''}}[${range}]))`,
  tcpEdges: (range: string, namespace?: string) => `sum by (source_workload, source_workload_namespace, destination_service_name, destination_service_namespace, connection_security_policy) (increase(istio_tcp_connections_opened_total{reporter="destination"${namespace ? `,destination_service_namespace=${quote(namespace)}` : ''}}[${range}]))`,
  /** What the traffic into each namespace shows: requests by connection security. */
  mtlsByNamespace: (range: string) => `sum by (destination_service_namespace, connection_security_policy) (increase(istio_requests_total{reporter="destination"}[${range}])) or sum by (destination_service_namespace, connection_security_policy) (increase(istio_tcp_connections_opened_total{reporter="destination"}[${range}]))`,
};

/** A range as Prometheus writes it. */
export const duration = (seconds: number) => `${Math.max(1, Math.round(seconds))}s`;
