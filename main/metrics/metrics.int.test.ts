import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsEvent, ServiceMetrics } from '../contract/metrics.js';
import { createCore, type Core } from '../core.js';
import { ensureIstioCrds, eventually, killSandboxProcess, kubectl, layout, uniqueName } from '../testing/sandbox.js';

/**
 * Live metrics against the sandbox's real Prometheus, which scrapes the traffic simulator (a stand-in
 * for Envoy only: discovery, queries and diagnoses are the product's, on real Prometheus data).
 */
let core: Core;
const ctx = 'sandbox-admin';
const ns = uniqueName('it-metrics');
const quiet = uniqueName('it-quiet');

// A caller (front) and a service with two versions; every pod labelled as meshed traffic.
const APP = `
apiVersion: v1
kind: Namespace
metadata: { name: ${ns}, labels: { sandbox.meshdeck.io/traffic: always } }
---
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: ${ns}, annotations: { sandbox.meshdeck.io/rps: "20" } }
spec: { selector: { app: reviews }, ports: [{ name: http, port: 9080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: front, namespace: ${ns}, annotations: { sandbox.meshdeck.io/rps: "5", sandbox.meshdeck.io/calls: "reviews=8" } }
spec: { selector: { app: front }, ports: [{ name: http, port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: ${ns}, annotations: { sandbox.meshdeck.io/rps: "3" } }
spec: { selector: { app: db }, ports: [{ name: tcp-db, port: 5432 }] }
${['reviews:v1:0.3:20', 'reviews:v2:0:250', 'front:v1:0:10', 'db:v1:0:5'].map((spec) => {
  const [app, version, err, lat] = spec.split(':');
  return `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${app}-${version}, namespace: ${ns}, annotations: { sandbox.meshdeck.io/error-rate: "${err}", sandbox.meshdeck.io/latency-ms: "${lat}" } }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${app}, version: ${version} } }
  template: { metadata: { labels: { app: ${app}, version: ${version} } }, spec: { containers: [{ name: app, image: registry.invalid/${app}:1 }] } }`;
}).join('\n')}
---
apiVersion: v1
kind: Namespace
metadata: { name: ${quiet} }
---
apiVersion: v1
kind: Service
metadata: { name: idle, namespace: ${quiet} }
spec: { selector: { app: idle }, ports: [{ name: http, port: 80 }] }
`;

async function metricsOnce(service: string, namespace = ns, rangeSeconds = 300): Promise<{ source?: MetricsEvent; metrics?: ServiceMetrics }> {
  const out: { source?: MetricsEvent; metrics?: ServiceMetrics } = {};
  for await (const e of core.handlers['metrics.service']({ context: ctx, namespace, service, rangeSeconds, count4xx: false, live: false }, new AbortController().signal)) {
    if (e.type === 'source') out.source = e;
    else out.metrics = e.metrics;
  }
  return out;
}

beforeAll(async () => {
  ensureIstioCrds();
  core = await createCore({ env: { ...process.env, KUBECONFIG: layout.kubeconfig } });
  kubectl(['apply', '-f', '-'], { input: APP });
}, 60_000);

afterAll(async () => {
  kubectl(['delete', 'namespace', ns, quiet, '--wait=false']);
  await core.dispose();
});

describe('live metrics from the sandbox\'s Prometheus', { timeout: 180_000 }, () => {
  it('finds its Prometheus through the API server and says so', async () => {
    const s = await core.handlers['metrics.source']({ context: ctx });
    expect(s.source).toEqual({ kind: 'service', namespace: 'monitoring', name: 'prometheus', port: 9090, discovered: true });
    expect(s.diagnosis).toBeUndefined();
  });

  it('shows per-version rates, success with the count behind it, and latency that follow the simulated traffic', async () => {
    const m = await eventually('both versions with requests', async () => {
      const r = (await metricsOnce('reviews')).metrics;
      return r && r.versions.length === 2 && r.versions.every((v) => (v.requests ?? 0) > 50) ? r : undefined;
    }, 120_000, 3000);
    const v1 = m.versions.find((v) => v.version === 'v1')!;
    const v2 = m.versions.find((v) => v.version === 'v2')!;
    expect(m).toMatchObject({ protocol: 'http', reporter: 'destination' });
    // The error-rate annotation shows as a success-rate drop, the latency annotation as p99.
    expect(v1.successRate!).toBeGreaterThan(0.6);
    expect(v1.successRate!).toBeLessThan(0.8);
    expect(v2.successRate).toBe(1);
    expect(v2.p99!).toBeGreaterThan(v1.p99! * 3);
    expect(v1.failures! / v1.requests!).toBeCloseTo(1 - v1.successRate!, 5);
    expect(m.series.find((s) => s.version === 'v1')!.rps.some(([, v]) => v !== null && v > 0)).toBe(true);
    expect(m.queries).toBeLessThanOrEqual(12);
    // The rate now (20 req/s from outside and 8 from front), not the requests spread over the whole range: once a
    // rate window has passed since the app started, it is all there, though the app is younger than the range.
    await eventually('the rate now', async () => {
      const r = (await metricsOnce('reviews')).metrics;
      return r && r.versions.reduce((sum, v) => sum + (v.rps ?? 0), 0) > 20 ? r : undefined;
    }, 120_000, 3000);
  });

  it('follows a weight change within a scrape and a rate window', async () => {
    kubectl(['apply', '-f', '-'], { input: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: ${ns} }
spec: { host: reviews, subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }] }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: ${ns} }
spec: { hosts: [reviews], http: [{ route: [{ destination: { host: reviews, subset: v2 }, weight: 100 }] }] }` });
    await eventually('v1 at no traffic in the last minute', async () => {
      const r = (await metricsOnce('reviews', ns, 60)).metrics;
      const v1 = r?.versions.find((v) => v.version === 'v1');
      return !v1 || (v1.rps ?? 0) < 0.5;
    }, 120_000, 5000);
  });

  it('draws the call graph: edges as simulated, with their mTLS', async () => {
    const g = await eventually('the front → reviews edge', async () => {
      const r = await core.handlers['metrics.graph']({ context: ctx, namespace: ns, rangeSeconds: 300 });
      return r.edges.some((e) => e.source === `workload:${ns}/front-v1` && e.target === `service:${ns}/reviews`) ? r : undefined;
    }, 120_000, 3000);
    expect(g.edges.find((e) => e.source === `workload:${ns}/front-v1`)).toMatchObject({ mtls: 'mutual', protocol: 'http' });
    expect(g.edges.some((e) => e.target === `service:${ns}/db` && e.protocol === 'tcp')).toBe(true);
  });

  it('shows plaintext for a namespace whose PeerAuthentication disables mTLS, and reports TCP bytes', async () => {
    kubectl(['apply', '-f', '-'], { input: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: mtls-off, namespace: ${ns} }
spec: { mtls: { mode: DISABLE } }` });
    await eventually('plaintext observed', async () => {
      const p = await core.handlers['metrics.mtls']({ context: ctx, rangeSeconds: 60 });
      const row = p.namespaces.find((n) => n.namespace === ns);
      return row?.mode === 'DISABLE' && (row.observed === 'plaintext' || row.observed === 'mixed');
    }, 120_000, 5000);
    const db = (await metricsOnce('db')).metrics!;
    expect(db.protocol).toBe('tcp');
    expect(db.versions[0]?.tcp?.sentBps ?? 0).toBeGreaterThan(0);
  });

  it('says why there is no data: no traffic, a namespace without proxies, a malformed query, Prometheus stopped', async () => {
    expect((await metricsOnce('idle', quiet)).metrics!.diagnosis).toMatchObject({ reason: 'no-traffic' });
    // Pods without a sidecar (and no "always" label) report nothing: their service has no Istio metrics.
    kubectl(['-n', quiet, 'create', 'deployment', 'idle', '--image=registry.invalid/idle:1']);
    expect((await metricsOnce('idle', quiet)).metrics!.diagnosis?.reason).toBe('no-traffic');
    const bad = await core.handlers['metrics.query']({ context: ctx, query: 'sum(rate(istio_requests_total[5m]' });
    expect(bad.diagnosis).toMatchObject({ reason: 'query-error', query: 'sum(rate(istio_requests_total[5m]', detail: expect.stringContaining('parse error') });
    const prometheus = killSandboxProcess('prometheus');
    try {
      const down = await metricsOnce('reviews');
      expect(down.metrics?.diagnosis ?? (down.source?.type === 'source' ? down.source.diagnosis : undefined)).toMatchObject({ reason: 'unreachable' });
    } finally {
      prometheus.restart();
      await eventually('Prometheus back', async () => !(await core.handlers['metrics.source']({ context: ctx })).diagnosis, 60_000, 1000);
    }
  });

  it('gives every service\'s rate, success and p99 for the inventory in a few queries', async () => {
    const s = await core.handlers['metrics.summary']({ context: ctx, rangeSeconds: 300, count4xx: false });
    expect(s.services.find((x) => x.namespace === ns && x.service === 'reviews')?.requests ?? 0).toBeGreaterThan(0);
    expect(s.queries).toBeLessThanOrEqual(4);
  });
});
