import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import { MeshdeckClient } from '../../main/contract/client.js';
import type { Finding } from '../../main/contract/config.js';
import { createCore } from '../../main/core.js';
import { runChecks } from '../../main/config/checks.js';
import { LiveConfig } from '../../main/config/live.js';
import { ContextsService } from '../../main/contexts/service.js';
import { istioctl } from '../../main/install/release.js';
import { localTransport } from '../../main/rpc/local-transport.js';
import { sandboxLayout } from '../../main/sandbox/layout.js';
import { median, timed } from './raw-api.js';

/**
 * The routing checks' speed, on the sandbox (for part 2, filled by `SCALE=1 npm run sandbox:generate`:
 * 3,000 VirtualServices and DestinationRules over 2,000 Services and 10,000 pods):
 *  1. a 1,000-line document checked through the contract against the live cluster (goal ≤ 100 ms), and a
 *     keystroke's re-check of it (goal ≤ 30 ms), next to parsing the same text with the `yaml` library alone;
 *  2. every check over the whole cluster next to the bundled `istioctl analyze` on the same cluster (goal
 *     ≤ 0.2× its time): both read the cluster from the API server and judge it; what each reports for the
 *     problems both look for is counted side by side.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const l = sandboxLayout();
const env = { ...process.env, KUBECONFIG: l.kubeconfig, HOME: '/nonexistent', MESHDECK_HOME: '/tmp/meshdeck-bench-home' };
const core = await createCore({ env, includeSandboxContexts: false });
const transport = localTransport(core.handlers);
const client = new MeshdeckClient(transport);
const ctx = 'sandbox-admin';

// --- 1. a 1,000-line document ---
const docs: object[] = [];
for (let i = 0; docs.length < 40; i++) {
  docs.push({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: `bench-${i}`, namespace: 'default' },
    spec: { host: `bench-${i}`, trafficPolicy: { connectionPool: { tcp: { maxConnections: 100 } }, outlierDetection: { consecutive5xxErrors: 5, interval: '10s' } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] } });
  docs.push({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: `bench-${i}`, namespace: 'default' },
    spec: { hosts: [`bench-${i}`], http: [{ match: [{ headers: { 'end-user': { exact: 'tester' } } }], route: [{ destination: { host: `bench-${i}`, subset: 'v2' } }] }, { route: [{ destination: { host: `bench-${i}`, subset: 'v1' }, weight: 90 }, { destination: { host: `bench-${i}`, subset: 'v2' }, weight: 10 }], timeout: '2s' }] } });
}
const text = docs.map((d) => stringify(d)).join('---\n');
const lines = text.split('\n').length;
const check = (t: string) => client.call('config.check', { context: ctx, documents: [{ name: 'bench.yaml', text: t }] });
await check(text); // the live snapshot is in
const full: number[] = [];
const keystroke: number[] = [];
const parse: number[] = [];
for (let i = 0; i < RUNS * 4; i++) {
  // Cold: every document new to the core (the editor just opened the file).
  const fresh = text.replaceAll('kind: ', `# opened ${i}\nkind: `);
  full.push((await timed(() => check(fresh)))[0]);
  // A keystroke: one document of the forty changed since the last check.
  const edited = fresh.replace('subset: v2', `subset: v${i % 2 ? 2 : 3}`);
  keystroke.push((await timed(() => check(edited)))[0]);
  parse.push((await timed(async () => parseAllDocuments(fresh).map((d) => d.toJS())))[0]);
}
console.log(`a ${lines}-line document (${docs.length} objects), checked against the live cluster through the contract:`);
console.log(`  full check ${median(full).toFixed(1)} ms (goal ≤ 100 ms); a keystroke's re-check ${median(keystroke).toFixed(1)} ms (goal ≤ 30 ms); parsing the text alone ${median(parse).toFixed(1)} ms; ratio check/parse ${(median(full) / median(parse)).toFixed(1)}`);

// --- 2. the whole cluster: Meshdeck's checks next to istioctl analyze ---
const conn = await new ContextsService({ env }).connection(ctx);
const load = async () => {
  const live = new LiveConfig(conn).start();
  const never = new AbortController();
  while (!live.complete) await live.changes.next(never.signal);
  return live;
};
const mine: number[] = [];
const checkOnly: number[] = [];
let findings: Finding[] = [];
let objects = 0;
for (let i = 0; i < Math.min(RUNS, 3); i++) {
  const [ms, live] = await timed(async () => {
    const lv = await load();
    findings = runChecks(lv.snapshot());
    return lv;
  });
  mine.push(ms);
  objects = live.snapshot().config.size;
  checkOnly.push((await timed(async () => runChecks(live.snapshot())))[0]);
  live.stop();
}
const run = promisify(execFile);
const theirs: number[] = [];
let analyzed: { code: string; level: string }[] = [];
for (let i = 0; i < Math.min(RUNS, 3); i++) {
  const [ms, out] = await timed(async () => {
    try {
      return (await run(await istioctl(), ['analyze', '--all-namespaces', '-o', 'json', '--kubeconfig', l.kubeconfig], { maxBuffer: 512 << 20, timeout: 600_000 })).stdout;
    } catch (e) {
      return String((e as { stdout?: string }).stdout ?? '[]');
    }
  });
  theirs.push(ms);
  analyzed = JSON.parse(out || '[]') as { code: string; level: string }[];
}
const count = (xs: string[]) => Object.entries(xs.reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {})).sort().map(([c, n]) => `${c} ${n}`).join(', ') || 'none';
console.log(`the whole cluster (${objects} routing objects): istioctl analyze ${median(theirs).toFixed(0)} ms`);
console.log(`  Meshdeck from its live view (what the app does: the browse list keeps it by watches): checks ${median(checkOnly).toFixed(0)} ms, ratio ${(median(checkOnly) / median(theirs)).toFixed(3)} (goal ≤ 0.2)`);
console.log(`  Meshdeck cold (listing the cluster first, as istioctl does): ${median(mine).toFixed(0)} ms, ratio ${(median(mine) / median(theirs)).toFixed(2)}`);
console.log(`  Meshdeck found: ${count(findings.filter((f) => f.severity !== 'info').map((f) => f.istioCode ?? f.code))}`);
console.log(`  istioctl found: ${count(analyzed.filter((m) => m.level !== 'Info').map((m) => m.code))}`);
transport.close();
await core.dispose();
process.exit(0);
