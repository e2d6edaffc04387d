import { z } from 'zod';
import { RpcErrorShape } from './errors.js';
import { ContextName, NamespaceName } from './names.js';

/**
 * Live metrics from Prometheus: where they come from, golden signals per service and per version, the
 * service graph with mTLS, and why there is no data when there is none. Queries live in the core; the
 * UI and the CLI show these shapes.
 */

/** How Meshdeck reaches Prometheus: a Service through the API server's proxy, or a URL the user gave. */
export const MetricsSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('service'), namespace: z.string(), name: z.string(), port: z.number(), discovered: z.boolean() }),
  z.object({ kind: z.literal('url'), url: z.string(), auth: z.enum(['none', 'basic', 'bearer']), customCa: z.boolean() }),
]);
export type MetricsSource = z.infer<typeof MetricsSource>;

/** A source the user picks: a URL's credentials go to the core once and are never sent back. */
export const MetricsSourceChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('auto') }),
  z.object({ kind: z.literal('service'), namespace: NamespaceName, name: z.string().min(1).max(253), port: z.number().int().min(1).max(65535) }),
  z.object({
    kind: z.literal('url'),
    url: z.string().url().max(2000).refine((u) => /^https?:\/\//.test(u), 'An http:// or https:// address.'),
    username: z.string().max(200).optional(),
    password: z.string().max(4000).optional(),
    bearerToken: z.string().max(8000).optional(),
    /** PEM of a CA to trust for this URL. */
    caPem: z.string().max(64 * 1024).optional(),
  }),
]);
export type MetricsSourceChoice = z.infer<typeof MetricsSourceChoice>;

/** Why a view has no numbers, each with what to do. */
export const NoDataReason = z.enum([
  'no-prometheus', // no Prometheus found in the cluster and none configured
  'unreachable', // Prometheus did not answer, or refused (status or auth)
  'no-istio-metrics', // Prometheus answers but has no Istio metrics: it does not scrape the proxies
  'no-traffic', // Istio metrics exist, but none for this service in the range
  'stale', // the last sample is old: scraping stopped
  'query-error', // Prometheus refused a query: the query and its message are given
]);
export type NoDataReason = z.infer<typeof NoDataReason>;

export const Diagnosis = z.object({
  reason: NoDataReason,
  message: z.string(),
  /** What to do about it. */
  fix: z.string(),
  /** For query-error: the query and Prometheus's message. */
  query: z.string().optional(),
  detail: z.string().optional(),
  /** For stale: when the newest sample was taken. */
  lastSampleAt: z.string().optional(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

export const MetricsRange = z.object({
  /** How far back, in seconds (the window of the figures and the charts). */
  rangeSeconds: z.number().int().min(60).max(31 * 24 * 3600).default(900),
  /** Treat 4xx as failures too (5xx always are). */
  count4xx: z.boolean().default(false),
}).strict();

/** [unix seconds, value] points; null where there is no sample (a gap, never drawn as zero). */
export const Point = z.tuple([z.number(), z.number().nullable()]);

/** The golden signals of one version of a service over the range, with the count behind every ratio. */
export const VersionFigures = z.object({
  version: z.string(),
  /**
   * Requests per second now: the rate over the last window of the chart (a service that started a minute ago
   * reads its real rate, not its requests spread over the whole range); the range's average where that is missing.
   */
  rps: z.number().nullable(),
  /** Requests in the range (what the ratios rest on). */
  requests: z.number().nullable(),
  /** Share of requests that did not fail, 0–1; null without requests. */
  successRate: z.number().nullable(),
  failures: z.number().nullable(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p99: z.number().nullable(),
  /** TCP services: bytes per second each way and connections opened per second. */
  tcp: z.object({ sentBps: z.number().nullable(), receivedBps: z.number().nullable(), connectionsPerSecond: z.number().nullable() }).optional(),
});
export type VersionFigures = z.infer<typeof VersionFigures>;

export const VersionSeries = z.object({
  version: z.string(),
  rps: z.array(Point),
  successRate: z.array(Point),
  p50: z.array(Point),
  p90: z.array(Point),
  p99: z.array(Point),
  tcpSent: z.array(Point).optional(),
  tcpReceived: z.array(Point).optional(),
});
export type VersionSeries = z.infer<typeof VersionSeries>;

export const ServiceMetrics = z.object({
  namespace: z.string(),
  service: z.string(),
  protocol: z.enum(['http', 'tcp']),
  /** Which reporter the figures come from: the destination's sidecar, or (only where that is missing) the callers'. */
  reporter: z.enum(['destination', 'source']),
  rangeSeconds: z.number(),
  stepSeconds: z.number(),
  versions: z.array(VersionFigures),
  series: z.array(VersionSeries),
  diagnosis: Diagnosis.optional(),
  /** Queries this refresh cost, and how long they took. */
  queries: z.number(),
  elapsedMs: z.number(),
  at: z.string(),
});
export type ServiceMetrics = z.infer<typeof ServiceMetrics>;

export const MetricsEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('source'), source: MetricsSource.optional(), diagnosis: Diagnosis.optional() }),
  z.object({ type: z.literal('metrics'), metrics: ServiceMetrics }),
]);
export type MetricsEvent = z.infer<typeof MetricsEvent>;

export const ServiceMetricsInput = z.object({
  context: ContextName,
  namespace: NamespaceName,
  service: z.string().min(1).max(253),
  rangeSeconds: MetricsRange.shape.rangeSeconds,
  count4xx: MetricsRange.shape.count4xx,
  /** Refresh while the page is open (a live tail); off: one answer. */
  live: z.boolean().default(true),
}).strict();

/** Per service, for the inventory's columns. */
export const ServiceSummary = z.object({ namespace: z.string(), service: z.string(), rps: z.number().nullable(), successRate: z.number().nullable(), requests: z.number().nullable(), p99: z.number().nullable() });
export const SummaryResult = z.object({ services: z.array(ServiceSummary), diagnosis: Diagnosis.optional(), queries: z.number() });
export type SummaryResult = z.infer<typeof SummaryResult>;

export const GraphNode = z.object({ id: z.string(), kind: z.enum(['service', 'workload', 'outside']), namespace: z.string(), name: z.string() });
export const GraphEdge = z.object({
  source: z.string(),
  target: z.string(),
  rps: z.number(),
  /** Share of failed requests, 0–1. */
  errorShare: z.number(),
  requests: z.number(),
  /** From connection_security_policy: mutual TLS, plaintext, or both seen. */
  mtls: z.enum(['mutual', 'plaintext', 'mixed', 'unknown']),
  protocol: z.enum(['http', 'tcp']),
});
export const ServiceGraph = z.object({ nodes: z.array(GraphNode), edges: z.array(GraphEdge), diagnosis: Diagnosis.optional(), rangeSeconds: z.number() });
export type ServiceGraph = z.infer<typeof ServiceGraph>;

/** mTLS posture: the PeerAuthentication mode in force next to what traffic shows, mismatches named. */
export const MtlsPosture = z.object({
  namespaces: z.array(z.object({
    namespace: z.string(),
    /** STRICT, PERMISSIVE, DISABLE, or UNSET (Istio's default, PERMISSIVE). */
    mode: z.string(),
    modeFrom: z.string().optional(),
    observed: z.enum(['mutual', 'plaintext', 'mixed', 'none']),
    mismatch: z.string().optional(),
  })),
  diagnosis: Diagnosis.optional(),
});
export type MtlsPosture = z.infer<typeof MtlsPosture>;

export const GraphInput = z.object({ context: ContextName, namespace: NamespaceName.optional(), rangeSeconds: MetricsRange.shape.rangeSeconds }).strict();

/** A query of the user's own (advanced): its instant result, or why there is none. */
export const QueryResult = z.object({
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.number().nullable() })).max(5000),
  diagnosis: Diagnosis.optional(),
});

export { RpcErrorShape };

export const MetricsSourceStatus = z.object({
  source: MetricsSource.optional(),
  diagnosis: Diagnosis.optional(),
  /** Services in the cluster that look like Prometheus, best first. */
  candidates: z.array(z.object({ namespace: z.string(), name: z.string(), port: z.number(), why: z.string() })),
});
