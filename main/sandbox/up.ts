import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '../contract/models.js';
import { bootstrapManifest } from './bootstrap.js';
import { ensureCredentials, starter, startApiServer, startControllers, startEtcd, startKwok } from './controlplane.js';
import { extraKubeconfig, SANDBOX_TOKENS, userKubeconfig } from './kubeconfigs.js';
import { PORTS, sandboxLayout, type SandboxLayout } from './layout.js';
import { ensureNetns, netnsExecPrefix, netnsSupported, deleteNetns } from './netns.js';
import { isAlive, readTracked, startDaemon, stopAll } from './processes.js';
import { prometheusArgs, registryConfig } from './services.js';
import { probe, waitFor } from './wait.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const AGENT = fileURLToPath(new URL('./agent/main.ts', import.meta.url));
const BRIDGE = fileURLToPath(new URL('./agent/bridge.ts', import.meta.url));
const BUILD = join(REPO_ROOT, 'build/testbed/build-binaries.sh');
const DEBIAN_PACKAGES = join(REPO_ROOT, 'build/testbed/install-debian-packages.sh');

/** Roles that must run for the sandbox to count as up (istiod processes come and go with Istio). */
export const CORE_ROLES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'prometheus', 'registry', 'agent'];

const tsx = (script: string, ...args: string[]) => [process.execPath, '--import', 'tsx', script, ...args];

type Progress = Extract<ProgressEvent, { type: 'progress' }>;
const clock = () => {
  const t0 = Date.now();
  return (step: string, message: string): Progress => ({ type: 'progress', step, message, elapsedMs: Date.now() - t0 });
};

function missingBinaries(l: SandboxLayout): string[] {
  return Object.entries(l.bin).filter(([, p]) => !existsSync(p)).map(([name]) => name);
}

/** Runs a command and yields each output line as progress. */
async function* linesOf(cmd: string[], step: string, at: ReturnType<typeof clock>, env?: NodeJS.ProcessEnv): AsyncGenerator<Progress> {
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: REPO_ROOT, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.trim()) continue;
    // The inside half speaks JSON progress; anything else (a build) is passed on as it is.
    try {
      const e = JSON.parse(line) as Progress;
      if (e.type === 'progress') { yield at(e.step, e.message); continue; }
    } catch { /* plain line */ }
    yield at(step, line);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`${step} failed (exit ${code}): ${stderr.join('').trim().split('\n').slice(-15).join('\n')}`);
}

/** `up` from the host: builds what is missing, prepares the namespace, starts everything inside, bridges the API. */
export async function* sandboxUp(opts: { nodes?: number } = {}): AsyncGenerator<ProgressEvent> {
  const l = sandboxLayout();
  const at = clock();
  mkdirSync(l.dir, { recursive: true, mode: 0o700 });
  if (missingBinaries(l).some((b) => b === 'prometheus' || b === 'registry')) {
    yield at('packages', 'installing the Debian packages the sandbox uses (prometheus, docker-registry)');
    yield* linesOf(['bash', DEBIAN_PACKAGES], 'packages', at);
  }
  const missing = missingBinaries(l);
  if (missing.length) {
    if (spawnSync('go', ['version']).status !== 0) throw new Error(`building ${missing.join(', ')} needs Go (https://go.dev/dl), which is not on PATH`);
    yield at('build', `building ${missing.join(', ')} (first run only; tens of minutes on two cores)`);
    yield* linesOf(['bash', BUILD], 'build', at);
  }
  const ns = netnsSupported();
  const nodeArgs = opts.nodes ? ['--nodes', String(opts.nodes)] : [];
  if (ns.ok) {
    ensureNetns();
    yield at('network', 'sandbox network namespace ready (10.0.0.0/8 local, nothing else routed)');
    yield* linesOf([...netnsExecPrefix(), ...tsx(CLI, 'up-inside', ...nodeArgs)], 'start', at);
    const bridge = readTracked(l.pidsFile).find((p) => p.role === 'host-bridge');
    if (!bridge || !isAlive(bridge)) {
      startDaemon({ role: 'host-bridge', exe: process.execPath, args: tsx(BRIDGE, join(l.runtime, 'bridge'), String(PORTS.apiServer), String(PORTS.registry)).slice(1), cwd: REPO_ROOT, logsDir: l.logs, pidsFile: l.pidsFile });
    }
    const ca = join(l.pki, 'ca.crt');
    await waitFor('the API server through the host bridge', async () =>
      (await probe(`https://127.0.0.1:${PORTS.apiServer}/readyz`, { ca, cert: join(l.pki, 'admin.crt'), key: join(l.pki, 'admin.key') })) === 200, 20_000, 100);
    yield at('bridge', `API server reachable from the host at https://127.0.0.1:${PORTS.apiServer}`);
  } else {
    yield at('network', `no network namespace (${ns.why}): running on the host's loopback; pod IPs and the API server's service proxy are not usable in this mode`);
    yield* upInside({ nodes: opts.nodes, listenAll: false });
  }
  yield { type: 'done', message: `sandbox running; kubeconfig: ${l.kubeconfig}` };
}

/** `up` inside the namespace: idempotent, and cleans up after a crash before starting. */
export async function* upInside(opts: { nodes?: number; listenAll: boolean }): AsyncGenerator<Progress> {
  const l = sandboxLayout();
  const at = clock();
  const nodes = opts.nodes ?? Number(process.env.MESHDECK_SANDBOX_NODES ?? 3);
  mkdirSync(l.logs, { recursive: true });
  const c = ensureCredentials(l);
  const tracked = readTracked(l.pidsFile);
  const allUp = CORE_ROLES.every((r) => tracked.some((p) => p.role === r && isAlive(p)));
  if (allUp && (await probe(`https://127.0.0.1:${PORTS.apiServer}/readyz`, { ca: c.ca, cert: c.admin.cert, key: c.admin.key })) === 200) {
    yield at('check', 'already running');
  } else {
    if (tracked.length) {
      yield at('cleanup', `stopping ${tracked.length} leftover process(es) from an earlier run`);
      await stopAll(l.pidsFile);
    }
    const start = starter(l);
    yield at('etcd', `starting etcd ${l.pins.ETCD_VERSION}`);
    await startEtcd(l, start);
    yield at('apiserver', `starting kube-apiserver ${l.pins.K8S_VERSION}`);
    await startApiServer(l, c, start);
    yield at('controllers', 'API ready; starting controller-manager, scheduler and kwok');
    startControllers(l, c, start);
    startKwok(l, c, start);
    start('prometheus', l.bin.prometheus, prometheusArgs(l, opts.listenAll));
    start('registry', l.bin.registry, ['serve', registryConfig(l)]);
    start('agent', process.execPath, tsx(AGENT).slice(1), { cwd: REPO_ROOT });
  }
  const execToken = join(l.pki, 'exec-token');
  writeFileSync(execToken, SANDBOX_TOKENS.exec + '\n', { mode: 0o600 });
  userKubeconfig(l.kubeconfig, { caFile: c.ca, certFile: c.admin.cert, keyFile: c.admin.key }, execToken);
  extraKubeconfig(l.extraKubeconfig, c.ca);

  yield at('bootstrap', `applying ${nodes} fake node(s), RBAC, Prometheus workload, Gateway API ${l.pins.GATEWAY_API_VERSION} CRDs`);
  const apply = (input: string) => execFileSync(l.bin.kubectl, ['--kubeconfig', c.kubeconfigs.admin, 'apply', '--server-side', '--force-conflicts', '--field-manager=meshdeck-sandbox', '-f', '-'],
    { input, stdio: ['pipe', 'ignore', 'pipe'] });
  apply(bootstrapManifest(nodes));
  // The Gateway API is not part of Kubernetes: clusters that serve it install its CRDs, and so does the sandbox.
  apply(readFileSync(l.bin.gatewayApiCrds, 'utf8'));
  const kubectl = (...args: string[]) => execFileSync(l.bin.kubectl, ['--kubeconfig', c.kubeconfigs.admin, ...args], { encoding: 'utf8' });
  await waitFor(`${nodes} node(s) Ready`, () => {
    const out = kubectl('get', 'nodes', '-o', 'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}');
    return out.split('\n').filter((s) => s === 'True').length >= nodes;
  }, 60_000, 250);
  yield at('nodes', `${nodes} node(s) Ready`);
  // Serving certificates of these two are their own self-signed ones: health is all that is asked here.
  for (const [what, port] of [['kube-controller-manager', PORTS.controllerManager], ['kube-scheduler', PORTS.scheduler]] as const) {
    await waitFor(`${what} healthy`, async () => (await probe(`https://127.0.0.1:${port}/healthz`, undefined)) === 200, 60_000, 100);
  }
  await waitFor('the Prometheus pod Running', () => kubectl('get', 'pods', '-n', 'monitoring', '-o', 'jsonpath={.items[*].status.phase}').includes('Running'), 60_000, 250);
  await waitFor('Prometheus ready', async () => (await probe(`http://127.0.0.1:${PORTS.prometheus}/-/ready`)) === 200, 30_000, 200);
  await waitFor('the registry', async () => (await probe(`http://127.0.0.1:${PORTS.registry}/v2/`)) === 200, 30_000, 200);
  yield at('ready', `kubeconfig: ${l.kubeconfig} (contexts sandbox-admin, sandbox-viewer, sandbox-exec, sandbox-unreachable; more in ${l.extraKubeconfig})`);
}

export async function sandboxDown(opts: { purge?: boolean } = {}): Promise<string[]> {
  const l = sandboxLayout();
  const stopped = await stopAll(l.pidsFile);
  if (netnsSupported().ok) deleteNetns();
  if (opts.purge) execFileSync('rm', ['-rf', l.etcdData, join(l.dir, 'prometheus'), join(l.dir, 'registry'), l.runtime]);
  return stopped.map((p) => `${p.role} (pid ${p.pid})`);
}

export function sandboxStatus() {
  const l = sandboxLayout();
  const processes = readTracked(l.pidsFile).map((p) => ({ role: p.role, pid: p.pid, alive: isAlive(p) }));
  const core = CORE_ROLES.map((r) => processes.find((p) => p.role === r && p.alive));
  const state = core.every(Boolean) ? 'running' as const : processes.some((p) => p.alive) ? 'degraded' as const : 'stopped' as const;
  return { state, processes, kubeconfig: l.kubeconfig, extraKubeconfig: l.extraKubeconfig };
}
