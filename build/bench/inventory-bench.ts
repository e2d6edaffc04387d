import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ContextsService } from '../../main/contexts/service.js';
import { sandboxLayout } from '../../main/sandbox/layout.js';
import { median } from './raw-api.js';

/**
 * The inventory at scale, on the sandbox filled by `npm run sandbox:generate` (10,000 pods at SCALE=1):
 *  1. connect → complete inventory in the core, next to the same LIST calls made raw and parsed (goal ≤ 1.25×)
 *  2. peak memory (VmHWM) of the core process, next to the raw LISTs' process (goal ≤ 250 MB)
 *  3. API requests per minute while idle (watches only, no polling)
 *  4. memory while pods churn for CHURN_MINUTES (default 10): heap after GC at the start and the end
 * Each measured process is its own child, run with --expose-gc from an esbuild bundle as the app ships
 * its core (not through tsx, whose transpiler alone holds ~150 MB). The Chromium figures are in inventory-ui-bench.ts.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHURN_MINUTES = Number(process.env.CHURN_MINUTES ?? 10);
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 60);
const root = fileURLToPath(new URL('../..', import.meta.url));
const probe = join(root, 'dist', 'bench', 'inventory-probe.mjs');
await build({
  absWorkingDir: root, entryPoints: ['build/bench/inventory-probe.ts'], outfile: probe, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
  // CommonJS dependencies call require(); our own modules find files relative to their sources.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  plugins: [{
    name: 'source-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        if (args.path.split(sep).includes('node_modules')) return undefined;
        const text = await readFile(args.path, 'utf8');
        const fromBundle = relative(dirname(probe), args.path).split(sep).join('/');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: extname(args.path).slice(1) as 'ts' };
      });
    },
  }],
});

interface Line { type: string; [k: string]: number | string | object }

// However this script ends (a timeout from a busy API server included), no probe outlives it.
const children = new Set<ReturnType<typeof spawn>>();
process.on('exit', () => children.forEach((c) => c.kill()));

function start(mode: 'inventory' | 'raw') {
  const child = spawn(process.execPath, ['--expose-gc', probe, mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Line> => {
    const r = await lines.next();
    if (r.done) throw new Error(`${mode} probe ended early`);
    return JSON.parse(r.value) as Line;
  };
  return { child, next, send: (cmd: string) => child.stdin.write(`${cmd}\n`) };
}

const f = (x: number, unit: string) => `${x.toFixed(0)} ${unit}`;
const conn = await new ContextsService({ env: { KUBECONFIG: sandboxLayout().kubeconfig, HOME: '/nonexistent' } }).connection('sandbox-admin');
const pods = await conn.requestJson<{ metadata: { remainingItemCount?: number }; items: unknown[] }>('GET', '/api/v1/pods?limit=1');
console.log(`cluster: ${(pods.metadata.remainingItemCount ?? 0) + pods.items.length} pods`);

const inv: Line[] = [];
const raw: Line[] = [];
for (let i = 0; i < RUNS; i++) {
  const r = start('raw');
  raw.push(await r.next());
  const p = start('inventory');
  inv.push(await p.next());
  p.send('exit');
}
const invMs = median(inv.map((x) => x.ms as number));
const rawMs = median(raw.map((x) => x.ms as number));
const invPeak = Math.max(...inv.map((x) => x.peakMb as number));
const rawPeak = Math.max(...raw.map((x) => x.peakMb as number));
console.log(`inventory: ${inv[0]!.pods} pods, ${inv[0]!.workloads} workloads, ${inv[0]!.services} services, ${inv[0]!.namespaces} namespaces; median of ${RUNS}`);
console.log(`1. connect → complete inventory    core ${f(invMs, 'ms').padStart(8)}   raw LISTs parsed ${f(rawMs, 'ms').padStart(8)}   ratio ${(invMs / rawMs).toFixed(2)}× (goal ≤ 1.25×)`);
console.log(`2. peak memory (VmHWM)             core ${f(invPeak, 'MB').padStart(8)}   raw LISTs process ${f(rawPeak, 'MB').padStart(7)}   ratio ${(invPeak / rawPeak).toFixed(2)}× (goal ≤ 250 MB)`);

const live = start('inventory');
await live.next();
live.send(`idle ${IDLE_SECONDS}`);
const idle = await live.next();
console.log(`3. idle: ${idle.requests} API requests in ${IDLE_SECONDS} s = ${((idle.requests as number) * 60 / IDLE_SECONDS).toFixed(1)}/min ${JSON.stringify(idle.byVerb)} (watches only; each re-opens after 5–10 min)`);

if (CHURN_MINUTES > 0) {
  live.send('sample');
  const before = await live.next();
  const namespaces = (await conn.requestJson<{ items: { metadata: { name: string } }[] }>('GET', '/api/v1/namespaces?labelSelector=meshdeck.io%2Fgenerated')).items.map((n) => n.metadata.name);
  if (!namespaces.length) throw new Error('no generated namespaces: run npm run sandbox:generate first');
  const end = Date.now() + CHURN_MINUTES * 60_000;
  let deleted = 0;
  let failed = 0;
  const samples: number[] = [before.heapMb as number];
  // Churn: delete pods all the time (four at a time); their ReplicaSets create new ones (add, update, delete events).
  const churn = async () => {
    while (Date.now() < end) {
      const ns = namespaces[Math.floor(Math.random() * namespaces.length)]!;
      // A request the busy API server times out is counted and the churn goes on.
      const list = await conn.requestJson<{ items: { metadata: { name: string } }[] }>('GET', `/api/v1/namespaces/${ns}/pods?limit=10`).catch(() => { failed++; return { items: [] }; });
      await Promise.all(list.items.map((p) => conn.requestJson('DELETE', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}?gracePeriodSeconds=0`).then(() => deleted++, () => failed++)));
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const sampler = async () => {
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(60_000, Math.max(0, end - Date.now()))));
      live.send('sample');
      samples.push((await live.next()).heapMb as number);
    }
  };
  await Promise.all([churn(), churn(), churn(), churn(), sampler()]);
  await new Promise((r) => setTimeout(r, 5000));
  live.send('sample');
  const after = await live.next();
  console.log(`4. churn for ${CHURN_MINUTES} min: ${deleted} pods deleted and recreated, ${after.deltas} deltas sent${failed ? `, ${failed} churn requests failed` : ''}`);
  console.log(`   heap after GC: start ${(before.heapMb as number).toFixed(1)} MB, end ${(after.heapMb as number).toFixed(1)} MB, ratio ${((after.heapMb as number) / (before.heapMb as number)).toFixed(2)}×; per minute: ${samples.map((s) => s.toFixed(0)).join(' ')} MB`);
  console.log(`   RSS: start ${(before.rssMb as number).toFixed(0)} MB, end ${(after.rssMb as number).toFixed(0)} MB; peak ${(after.peakMb as number).toFixed(0)} MB`);
}
live.send('exit');
process.exit(0);
