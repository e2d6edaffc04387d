import { execFileSync } from 'node:child_process';
import { MeshdeckClient } from '../../main/contract/client.js';
import type { MetricsEvent } from '../../main/contract/metrics.js';
import { createCore } from '../../main/core.js';
import { ContextsService } from '../../main/contexts/service.js';
import { requestCounter } from '../../main/kube/connection.js';
import { viaServiceProxy } from '../../main/metrics/prometheus.js';
import { duration, rateWindow, serviceQueries, stepFor } from '../../main/metrics/queries.js';
import { localTransport } from '../../main/rpc/local-transport.js';
import { sandboxLayout } from '../../main/sandbox/layout.js';
import { median, timed } from './raw-api.js';

/**
 * Live metrics on the sandbox's real Prometheus (run inside its namespace: `npm run bench:metrics`):
 *  1. one refresh of a service page through the contract, next to the same queries made raw, in parallel,
 *     against Prometheus through the same API server proxy (goal ≤ 1.5×);
 *  2. a 24-hour range: the page's queries (about 200 points per series) next to the same series at 15 s
 *     steps (5,760 points), time and points;
 *  3. queries per minute of one page left open (live tail) at idle.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 60);
const l = sandboxLayout();
const env = { ...process.env, KUBECONFIG: l.kubeconfig, HOME: '/nonexistent', MESHDECK_HOME: '/tmp/meshdeck-bench-home' };
const kubectl = (args: string[], input?: string) => execFileSync(l.bin.kubectl, ['--kubeconfig', l.kubeconfig, '--context', 'sandbox-admin', ...args], { encoding: 'utf8', input });
const ns = `bench-metrics-${Date.now().toString(36)}`;
kubectl(['apply', '-f', '-'], `apiVersion: v1
kind: Namespace
metadata: { name: ${ns}, labels: { sandbox.meshdeck.io/traffic: always } }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${ns}, annotations: { sandbox.meshdeck.io/rps: "30" } }
spec: { selector: { app: web }, ports: [{ name: http, port: 80 }] }
${['v1', 'v2', 'v3'].map((v) => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-${v}, namespace: ${ns}, annotations: { sandbox.meshdeck.io/error-rate: "0.01" } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web, version: ${v} } }
  template: { metadata: { labels: { app: web, version: ${v} } }, spec: { containers: [{ name: web, image: registry.invalid/web:${v} }] } }`).join('\n')}`);

const core = await createCore({ env, includeSandboxContexts: false });
const transport = localTransport(core.handlers);
const client = new MeshdeckClient(transport);
const refresh = (rangeSeconds: number) => new Promise<MetricsEvent[]>((resolve, reject) => {
  const events: MetricsEvent[] = [];
  client.stream('metrics.service', { context: 'sandbox-admin', namespace: ns, service: 'web', rangeSeconds, count4xx: false, live: false }, { onEvent: (e) => events.push(e), onError: reject, onEnd: () => resolve(events) });
});
try {
  // Wait for data in every version.
  for (let i = 0; i < 60; i++) {
    const m = (await refresh(300)).find((e) => e.type === 'metrics');
    if (m?.type === 'metrics' && m.metrics.versions.length === 3) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const conn = await new ContextsService({ env }).connection('sandbox-admin');
  const prom = viaServiceProxy(conn, 'monitoring', 'prometheus', 9090, true);
  const sel = { namespace: ns, service: 'web', reporter: 'destination' as const };
  const rawRefresh = async (rangeSeconds: number, step: number) => {
    const end = Math.floor(Date.now() / 1000 / step) * step;
    const range = duration(rangeSeconds);
    const window = rateWindow(step);
    const presence = serviceQueries.presence({ namespace: ns, service: 'web' });
    const last = serviceQueries.lastSample({ namespace: ns, service: 'web' });
    await Promise.all([prom.query(presence, end), prom.query(last, end)]);
    await Promise.all([
      ...[serviceQueries.requests(sel, range), serviceQueries.failures(sel, range, false), ...[0.5, 0.9, 0.99].map((q) => serviceQueries.latency(sel, q, range))].map((q) => prom.query(q, end)),
      ...[serviceQueries.rps(sel, window), serviceQueries.failuresRps(sel, window, false), ...[0.5, 0.9, 0.99].map((q) => serviceQueries.latency(sel, q, window))].map((q) => prom.queryRange(q, end - rangeSeconds, end, step)),
    ]);
  };
  const page: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    page.push((await timed(() => refresh(900)))[0]);
    raw.push((await timed(() => rawRefresh(900, stepFor(900))))[0]);
  }
  console.log(`service page, 15 min, 3 versions: one refresh through the contract ${median(page).toFixed(0)} ms; the same 12 queries raw ${median(raw).toFixed(0)} ms; ratio ${(median(page) / median(raw)).toFixed(2)} (goal ≤ 1.5)`);

  const day = 24 * 3600;
  const [dayMs, dayEvents] = await timed(() => refresh(day));
  const dayMetrics = dayEvents.find((e) => e.type === 'metrics');
  const points = dayMetrics?.type === 'metrics' ? dayMetrics.metrics.series.reduce((n, s) => n + s.rps.length, 0) : 0;
  const fine: number[] = [];
  let finePoints = 0;
  for (let i = 0; i < 3; i++) {
    fine.push((await timed(async () => {
      const end = Math.floor(Date.now() / 1000);
      const r = await prom.queryRange(serviceQueries.rps(sel, '60s'), end - day, end, 15);
      finePoints = r.reduce((n, s) => n + s.points.length, 0);
    }))[0]);
  }
  console.log(`24-hour range: the page's refresh ${dayMs.toFixed(0)} ms, ${points} rate points drawn (step ${stepFor(day)} s); one rate series at 15 s steps raw ${median(fine).toFixed(0)} ms, ${finePoints} points`);
  console.log('  (the sandbox\'s Prometheus holds only the minutes since the sandbox started: a day of real data costs more on both sides)');

  const before = requestCounter.total();
  const ctrl = new AbortController();
  const tail = new Promise<void>((resolve) => {
    const cancel = client.stream('metrics.service', { context: 'sandbox-admin', namespace: ns, service: 'web', rangeSeconds: 900, count4xx: false, live: true }, { onEvent: () => {}, onError: () => resolve(), onEnd: () => resolve() });
    ctrl.signal.addEventListener('abort', () => { cancel(); resolve(); });
  });
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  ctrl.abort();
  await tail;
  const perMinute = ((requestCounter.total() - before) * 60) / IDLE_SECONDS;
  console.log(`one service page left open (15 min range, live tail): ${perMinute.toFixed(0)} Prometheus queries per minute (a refresh every ${Math.min(30, Math.max(5, stepFor(900)))} s, 12 queries each)`);
} finally {
  kubectl(['delete', 'namespace', ns, '--wait=false']);
  transport.close();
  await core.dispose();
}
process.exit(0);
