import { execFileSync } from 'node:child_process';
import { CanaryController } from '../../main/canary/controller.js';
import { ContextsService } from '../../main/contexts/service.js';
import type { CanarySpec } from '../../main/contract/canary.js';
import { MetricsService } from '../../main/metrics/service.js';
import { MetricsSources } from '../../main/metrics/sources.js';
import { serviceQueries } from '../../main/metrics/queries.js';
import { sandboxLayout } from '../../main/sandbox/layout.js';
import { median, timed } from './raw-api.js';

/**
 * Canary decisions on the sandbox (run inside its namespace: `npm run sandbox:exec -- npx tsx build/bench/canary-bench.ts`):
 *  1. from the moment a breaching figure is queryable in Prometheus to the route rolled back (goal ≤ 1 s),
 *     next to the least any decision costs: one query of the same figures plus one write of the route;
 *  2. how long one driver turn (read, judge on live metrics, maybe move) takes with 1, 10 and 50 rollouts
 *     driven at once, next to one raw query of the same figures.
 * Istio must be installed (its validating webhook checks every route written).
 */
const l = sandboxLayout();
const kubectl = (args: string[], input?: string) => execFileSync(l.bin.kubectl, ['--kubeconfig', l.kubeconfig, '--context', 'sandbox-admin', ...args], { encoding: 'utf8', input });
const conn = await new ContextsService({ env: { KUBECONFIG: l.kubeconfig, HOME: '/nonexistent' } }).connection('sandbox-admin');
const metrics = new MetricsService(conn, 'sandbox-admin', new MetricsSources('/tmp/meshdeck-bench-metrics-sources.json'));
const controller = new CanaryController(conn, metrics, 'canary benchmark');
const { prom } = await metrics.prometheus();
if (!prom) throw new Error('no Prometheus in the sandbox');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = `bench-${Date.now().toString(36)}`;

function app(ns: string): void {
  const dep = (version: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-${version}, namespace: ${ns}, annotations: { sandbox.meshdeck.io/error-rate: "0", sandbox.meshdeck.io/latency-ms: "20" } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web, version: ${version} } }
  template: { metadata: { labels: { app: web, version: ${version} } }, spec: { containers: [{ name: web, image: registry.invalid/web:${version} }] } }`;
  kubectl(['apply', '-f', '-'], `apiVersion: v1
kind: Namespace
metadata: { name: ${ns}, labels: { sandbox.meshdeck.io/traffic: always, meshdeck.io/bench: ${run} } }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${ns}, annotations: { sandbox.meshdeck.io/rps: "50" } }
spec: { selector: { app: web }, ports: [{ name: http, port: 80 }] }
${dep('v1')}
${dep('v2')}`);
}
const spec = (namespace: string, extra: Partial<CanarySpec> = {}): CanarySpec => ({
  namespace, service: 'web', stableVersion: 'v1', canaryVersion: 'v2', versionLabel: 'version', steps: [50, 100], holdSeconds: 3600,
  gates: { minSuccessRate: 0.9, minRequests: 10 }, failureLimit: 1, noDataTimeoutSeconds: 3600, approvals: [], scaleDownStable: false, ...extra,
});
const canaryWeight = async (ns: string) => {
  const vs = await conn.requestJson<{ spec: { http: { name: string; route: { destination: { subset: string }; weight: number }[] }[] } }>('GET', `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices/web-canary`);
  return vs.spec.http.find((r) => r.name === 'weighted')?.route.find((d) => d.destination.subset === 'canary')?.weight;
};

try {
  // --- 1. breach → rollback ---
  const ns = `${run}-breach`;
  app(ns);
  await sleep(12_000);
  await controller.start(spec(ns));
  let driving = true;
  // As the app's driver does: a turn, then half a second.
  const driver = (async () => { while (driving) { await controller.drive(ns, 'web'); await sleep(500); } })();
  await sleep(25_000);
  kubectl(['-n', ns, 'annotate', 'deployment', 'web-v2', 'sandbox.meshdeck.io/error-rate=1', '--overwrite']);
  const flipped = Date.now();
  // The same figure the driver reads: the canary's success over the step so far.
  const stepStart = Date.parse((await controller.read(ns, 'web'))!.state.stepStartedAt);
  let breachAt = 0;
  let rolledAt = 0;
  while (!rolledAt && Date.now() - flipped < 120_000) {
    const window = Math.max(20, Math.round((Date.now() - stepStart) / 1000));
    const sel = { namespace: ns, service: 'web', reporter: 'destination' as const };
    if (!breachAt) {
      const [req, fail] = await Promise.all([prom.query(serviceQueries.requests(sel, `${window}s`)), prom.query(serviceQueries.failures(sel, `${window}s`, false))]);
      const n = req.find((s) => s.metric.destination_canonical_revision === 'v2')?.value ?? 0;
      const f = fail.find((s) => s.metric.destination_canonical_revision === 'v2')?.value ?? 0;
      if (n > 0 && 1 - f / n < 0.9) breachAt = Date.now();
    }
    if ((await canaryWeight(ns)) === 0) rolledAt = Date.now();
    else await sleep(50);
  }
  driving = false;
  await driver;
  // The least a decision costs: the figures queried once and the route written once.
  const sel = { namespace: ns, service: 'web', reporter: 'destination' as const };
  const queryMs = median(await Promise.all([0, 1, 2, 3, 4].map(async () => (await timed(() => prom.query(serviceQueries.requests(sel, '60s'))))[0])));
  const writeMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    writeMs.push((await timed(() => conn.requestJson('PATCH', `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices/web-canary`, { contentType: 'application/merge-patch+json', body: { metadata: { annotations: { bench: String(i) } } } })))[0]);
  }
  const floor = queryMs + median(writeMs);
  if (!breachAt || !rolledAt) console.log(`breach → rollback: did not happen within 2 minutes (breach seen: ${!!breachAt}, rolled back: ${!!rolledAt})`);
  else {
    const latency = rolledAt - breachAt;
    console.log(`breach queryable → route rolled back: ${latency} ms (goal ≤ 1000 ms); one query + one write: ${floor.toFixed(0)} ms; ratio ${(latency / floor).toFixed(1)}`);
    console.log(`  (the driver judges every half second and rolls back at the first failed check here: failureLimit 1)`);
  }

  // --- 2. decision time with 1, 10, 50 rollouts ---
  const counts = (process.env.ROLLOUTS ?? '1,10,50').split(',').map(Number);
  const all = Array.from({ length: Math.max(...counts) }, (_, i) => `${run}-r${i}`);
  for (const n of all) app(n);
  await sleep(15_000);
  for (const n of all) await controller.start(spec(n));
  await sleep(20_000);
  for (const count of counts) {
    const set = all.slice(0, count);
    const turns: number[] = [];
    const rounds: number[] = [];
    for (let round = 0; round < 5; round++) {
      const [total] = await timed(() => Promise.all(set.map(async (n) => turns.push((await timed(() => controller.drive(n, 'web')))[0]))));
      rounds.push(total);
    }
    const raw = median(await Promise.all(set.slice(0, 5).map(async (n) => (await timed(() => prom.query(serviceQueries.requests({ namespace: n, service: 'web', reporter: 'destination' }, '60s'))))[0])));
    console.log(`${String(count).padStart(2)} rollout(s) driven at once: one turn ${median(turns).toFixed(0)} ms (median), all of them ${median(rounds).toFixed(0)} ms; one raw query ${raw.toFixed(0)} ms; ratio turn/query ${(median(turns) / raw).toFixed(1)}`);
  }
} finally {
  kubectl(['delete', 'namespace', '-l', `meshdeck.io/bench=${run}`, '--wait=false']);
}
process.exit(0);
