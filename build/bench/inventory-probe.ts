import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ContextsService } from '../../main/contexts/service.js';
import { createCore } from '../../main/core.js';
import { requestCounter } from '../../main/kube/connection.js';
import { sandboxLayout } from '../../main/sandbox/layout.js';

/**
 * One measured process for the inventory benchmark (run with --expose-gc), so its peak memory is its
 * own. `inventory`: the core's live inventory, from connect to complete, then it stays live and
 * answers commands on stdin (idle SECONDS, sample, exit). `raw`: the same LIST calls, one each, parsed.
 */
const mode = process.argv[2];
const env = { ...process.env, KUBECONFIG: sandboxLayout().kubeconfig, HOME: '/nonexistent' };
const context = 'sandbox-admin';
const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

export const INVENTORY_LISTS = [
  '/api/v1/namespaces', '/api/v1/pods', '/apis/apps/v1/deployments', '/apis/apps/v1/statefulsets', '/apis/apps/v1/daemonsets', '/api/v1/services',
  '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations?labelSelector=istio.io%2Frev',
];

function memory() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(/^\s*(\d+)/.exec(status.split(`${field}:`)[1] ?? '')?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024, heapMb: process.memoryUsage().heapUsed / 2 ** 20 };
}
const gc = () => (globalThis as { gc?: () => void }).gc?.();

if (mode === 'raw') {
  const t0 = performance.now();
  const conn = await new ContextsService({ env }).connection(context);
  const lists = await Promise.all(INVENTORY_LISTS.map((p) => conn.requestJson<{ items: unknown[] }>('GET', p, { timeoutMs: 120_000 })));
  say({ type: 'complete', ms: performance.now() - t0, items: lists.reduce((n, l) => n + l.items.length, 0), ...memory() });
  process.exit(0);
}

const t0 = performance.now();
const core = await createCore({ env, includeSandboxContexts: false });
const abort = new AbortController();
let deltas = 0;
let rows = 0;
void (async () => {
  for await (const e of core.handlers['inventory.watch']({ context }, abort.signal)) {
    if (e.type === 'snapshot') {
      rows = e.pods.length;
      say({ type: 'complete', ms: performance.now() - t0, pods: e.pods.length, workloads: e.workloads.length, services: e.services.length, namespaces: e.namespaces.length, problems: e.problems.length, ...memory() });
    } else deltas++;
  }
})();

for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'idle') {
    const before = new Map(requestCounter.byVerb);
    const total = requestCounter.total();
    await new Promise((r) => setTimeout(r, Number(arg) * 1000));
    const byVerb = Object.fromEntries([...requestCounter.byVerb].map(([k, v]) => [k, v - (before.get(k) ?? 0)]).filter(([, v]) => Number(v) > 0));
    say({ type: 'idle', seconds: Number(arg), requests: requestCounter.total() - total, byVerb });
  } else if (cmd === 'sample') {
    gc();
    say({ type: 'sample', deltas, rows, ...memory() });
  } else if (cmd === 'exit') {
    abort.abort();
    process.exit(0);
  }
}
