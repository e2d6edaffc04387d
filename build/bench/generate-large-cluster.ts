import { ContextsService } from '../../main/contexts/service.js';
import { fakeNode } from '../../main/sandbox/bootstrap.js';
import { sandboxLayout } from '../../main/sandbox/layout.js';

/**
 * Fills the sandbox with a large mesh for the inventory benchmarks: by default 50 namespaces,
 * 2,000 Services, 2,000 Deployments × 5 pods = 10,000 pods on fake nodes, and 3,000 Istio objects
 * (1,500 VirtualServices + 1,500 DestinationRules; Istio's CRDs must be installed).
 * SCALE=0.05 makes a small one. Objects are created in parallel through the API (one by one would
 * take minutes); a busy API server's timeouts are retried, and a second run completes a first that failed. Labels: meshdeck.io/generated=true, so `kubectl delete ns -l meshdeck.io/generated` undoes it.
 */
const scale = Number(process.env.SCALE ?? 1);
const NS = Math.max(1, Math.round(50 * scale));
const SERVICES = Math.max(1, Math.round(2000 * scale));
const REPLICAS = 5;
const ISTIO = Math.round(1500 * scale);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 24);

const l = sandboxLayout();
const svc = new ContextsService({ env: { KUBECONFIG: l.kubeconfig, HOME: '/nonexistent' } });
const conn = await svc.connection('sandbox-admin');
const gen = { 'meshdeck.io/generated': 'true' };

const detailOf = (e: unknown) => `${(e as { code?: string }).code ?? ''} ${String((e as { shape?: { detail?: string } }).shape?.detail ?? e)}`;
/** A POST that already happened (a retry after a timeout, or a second run of the generator). */
const alreadyThere = (e: unknown) => /409|already exists/i.test(detailOf(e));
/** An API server busy admitting thousands of pods (each through istiod's injector) may time out or shed load. */
const transient = (e: unknown) => /^(TIMEOUT|UNREACHABLE)\b|\b(429|500|502|503|504)\b|timed? ?out/i.test(detailOf(e));

async function withRetries(fn: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fn();
      return;
    } catch (e) {
      if (alreadyThere(e)) return;
      if (!transient(e) || attempt === 6) throw e;
      await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
    }
  }
}

async function parallel<T>(items: T[], fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let done = 0;
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await withRetries(() => fn(item));
      if (++done % 1000 === 0) console.log(`  ${done}/${items.length} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }));
}
const post = (path: string, body: object) => conn.requestJson('POST', path, { body, timeoutMs: 60_000 });

const t0 = Date.now();
const nodes = Math.ceil((SERVICES * REPLICAS) / 250);
console.log(`generating: ${nodes} nodes, ${NS} namespaces, ${SERVICES} services and deployments (${SERVICES * REPLICAS} pods), ${ISTIO * 2} Istio objects`);
await parallel(Array.from({ length: nodes }, (_, i) => fakeNode(`gen-node-${i}`)), (n) => {
  const metadata = n.metadata as { labels: Record<string, string> };
  return post('/api/v1/nodes', { ...n, metadata: { ...metadata, labels: { ...metadata.labels, ...gen } } });
});
const namespaces = Array.from({ length: NS }, (_, i) => `gen-${String(i).padStart(2, '0')}`);
await parallel(namespaces, (name) => post('/api/v1/namespaces', { metadata: { name, labels: { ...gen, ...(Number(name.slice(4)) % 2 === 0 ? { 'istio-injection': 'enabled' } : {}) } } }));
const apps = Array.from({ length: SERVICES }, (_, i) => ({ ns: namespaces[i % NS]!, name: `svc-${i}`, version: i % 3 === 0 ? 'v2' : 'v1' }));
console.log('services');
await parallel(apps, (a) => post(`/api/v1/namespaces/${a.ns}/services`, {
  metadata: { name: a.name, labels: gen }, spec: { selector: { app: a.name }, ports: [{ name: a.name.endsWith('7') ? 'web' : 'http', port: 80 }] },
}));
console.log('deployments');
await parallel(apps, (a) => post(`/apis/apps/v1/namespaces/${a.ns}/deployments`, {
  metadata: { name: a.name, labels: gen },
  spec: { replicas: REPLICAS, selector: { matchLabels: { app: a.name } },
    template: { metadata: { labels: { app: a.name, version: a.version } }, spec: { containers: [{ name: 'app', image: `example/${a.name}:1` }] } } },
}));
console.log('Istio objects');
await parallel(apps.slice(0, ISTIO), (a) => post(`/apis/networking.istio.io/v1/namespaces/${a.ns}/destinationrules`, {
  apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: a.name, labels: gen },
  spec: { host: a.name, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
}));
await parallel(apps.slice(0, ISTIO), (a) => post(`/apis/networking.istio.io/v1/namespaces/${a.ns}/virtualservices`, {
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: a.name, labels: gen },
  spec: { hosts: [a.name], http: [{ route: [{ destination: { host: a.name, subset: 'v1' }, weight: 90 }, { destination: { host: a.name, subset: 'v2' }, weight: 10 }] }] },
}));
console.log(`created in ${((Date.now() - t0) / 1000).toFixed(0)} s; pods become Running as the controllers catch up`);
process.exit(0);
