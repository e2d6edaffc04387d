import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeNode } from '../../main/sandbox/bootstrap.js';
import { sandboxLayout, testbedCache } from '../../main/sandbox/layout.js';
import { readTracked } from '../../main/sandbox/processes.js';
import { sandboxDown, sandboxUp } from '../../main/sandbox/up.js';
import { best, ms, rawApi, timed } from './raw-api.js';

/**
 * Sandbox figures: cold build per binary (as recorded when the cache was built), warm `up` to API
 * ready and to first pod Ready, idle RSS per process, and with 2,000 pods: time to all Ready and raw
 * LIST as JSON and protobuf. Ratios are against baselines measured in this run.
 */
const l = sandboxLayout();
const kubectl = (...args: string[]) => execFileSync(l.bin.kubectl, ['--kubeconfig', l.kubeconfig, '--context', 'sandbox-admin', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
const PODS = Number(process.env.BENCH_PODS ?? 2000);

console.log('== cold build per binary (recorded by build/testbed/build-binaries.sh) ==');
const times = join(testbedCache(), 'build-times.txt');
if (existsSync(times)) for (const line of readFileSync(times, 'utf8').trim().split('\n')) {
  const secs = Number(line.split(' ').pop());
  console.log(`  ${line.slice(0, line.lastIndexOf(' ')).padEnd(90)} ${secs} s`);
}

console.log('\n== warm up (binaries cached) ==');
await sandboxDown();
const t0 = performance.now();
let apiReady = 0;
for await (const e of sandboxUp()) {
  if (e.type === 'progress' && e.step === 'controllers') apiReady = performance.now() - t0;
}
const upTotal = performance.now() - t0;
console.log(`  up → API ready: ${ms(apiReady)}; up → everything ready (nodes, Prometheus, registry, bridge): ${ms(upTotal)}`);
console.log(`  ratio everything/API-ready: ${(upTotal / apiReady).toFixed(2)}; goal < 20 s: ${upTotal < 20_000 ? 'met' : 'MISSED'} (${(upTotal / 20_000).toFixed(2)} of it)`);

const ns = `bench-${Date.now().toString(36)}`;
kubectl('create', 'namespace', ns);
const tPod = performance.now();
kubectl('-n', ns, 'create', 'deployment', 'first', '--image=nginx');
for (;;) {
  const ready = kubectl('-n', ns, 'get', 'pods', '-l', 'app=first', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}');
  if (ready.includes('True')) break;
  await new Promise((r) => setTimeout(r, 50));
}
const firstPod = performance.now() - tPod;
console.log(`  deployment created → first pod Ready: ${ms(firstPod)} (${(firstPod / apiReady).toFixed(2)}× the API's own start)`);

console.log('\n== idle RSS per process (after 10 s) ==');
await new Promise((r) => setTimeout(r, 10_000));
const rss = readTracked(l.pidsFile).map((p) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'));
  return { role: p.role, mib: m ? Number(m[1]) / 1024 : 0 };
});
const total = rss.reduce((s, r) => s + r.mib, 0);
for (const r of rss) console.log(`  ${r.role.padEnd(26)} ${r.mib.toFixed(0).padStart(5)} MiB  (${((r.mib / total) * 100).toFixed(0)}% of ${total.toFixed(0)} MiB)`);

console.log(`\n== ${PODS} pods ==`);
// Each fake node takes 300 pods: add nodes so the pods fit with room to spare.
const extraNodes = Math.ceil(PODS / 250);
execFileSync(l.bin.kubectl, ['--kubeconfig', l.kubeconfig, 'apply', '-f', '-'], {
  input: Array.from({ length: extraNodes }, (_, i) => JSON.stringify(fakeNode(`bench-node-${i}`))).join('\n'),
});
const per = 100;
const deployments = Math.ceil(PODS / per);
const tMany = performance.now();
const docs = Array.from({ length: deployments }, (_, i) => JSON.stringify({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `d${i}`, namespace: ns },
  spec: { replicas: per, selector: { matchLabels: { app: `d${i}` } }, template: { metadata: { labels: { app: `d${i}` } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
}));
execFileSync(l.bin.kubectl, ['--kubeconfig', l.kubeconfig, 'apply', '-f', '-'], { input: docs.join('\n') });
for (;;) {
  const out = kubectl('-n', ns, 'get', 'deployments', '-o', 'jsonpath={range .items[*]}{.status.readyReplicas}{"\\n"}{end}');
  const ready = out.split('\n').reduce((s, x) => s + (Number(x) || 0), 0);
  if (ready >= deployments * per) break;
  await new Promise((r) => setTimeout(r, 1000));
}
const allReady = performance.now() - tMany;
console.log(`  ${deployments * per} pods created → all Ready: ${(allReady / 1000).toFixed(1)} s (${((deployments * per) / (allReady / 1000)).toFixed(0)} pods/s)`);

const get = rawApi(l);
const listJson: number[] = [];
const listProto: number[] = [];
let bytesJson = 0;
let bytesProto = 0;
for (let i = 0; i < 3; i++) {
  const [tj, rj] = await timed(() => get('/api/v1/pods'));
  const [tp, rp] = await timed(() => get('/api/v1/pods', 'application/vnd.kubernetes.protobuf'));
  listJson.push(tj); listProto.push(tp); bytesJson = rj.bytes; bytesProto = rp.bytes;
}
console.log(`  raw LIST all pods, best of 3: JSON ${ms(best(listJson))} (${(bytesJson / 1e6).toFixed(1)} MB), protobuf ${ms(best(listProto))} (${(bytesProto / 1e6).toFixed(1)} MB)`);
console.log(`  ratio JSON/protobuf: ${(best(listJson) / best(listProto)).toFixed(2)} (through the host bridge)`);
kubectl('delete', 'namespace', ns, '--wait=false');
kubectl('delete', 'nodes', ...Array.from({ length: extraNodes }, (_, i) => `bench-node-${i}`), '--wait=false');
