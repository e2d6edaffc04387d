import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExecCredentials } from './exec-credentials.js';
import type { ExecPluginSpec } from './exec-plugin.js';
import { PluginTrust } from './plugin-trust.js';
import { ContextsService } from './service.js';

/**
 * Credential plugins run only when asked, once at a time, cached, and stopped with their process group — with
 * real plugin processes that count their runs (main/contexts/fixtures/b/bin/fake-exec-plugin.mjs).
 */
const PLUGIN = fileURLToPath(new URL('./fixtures/b/bin/fake-exec-plugin.mjs', import.meta.url));
const SLOW_PLUGIN = `
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const child = spawn('sleep', ['40'], { stdio: 'ignore' });
writeFileSync(process.env.PIDS_FILE, JSON.stringify([process.pid, child.pid]));
setTimeout(() => {}, 40_000);
`;

let dir: string;
let api: Server;
let apiPort: number;
/** What the stand-in API server answers to the authenticated request. */
let authorizationStatus = 200;
let services: ContextsService[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshdeck-exec-'));
  fs.writeFileSync(path.join(dir, 'slow-plugin.mjs'), SLOW_PLUGIN);
  api = createServer((req, res) => {
    const status = req.url === '/version' ? 200 : authorizationStatus;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/version' ? { gitVersion: 'v1.0.0-fake' } : { kind: status === 200 ? 'APIResourceList' : 'Status' }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiPort = (api.address() as AddressInfo).port;
});
afterEach(() => {
  services.forEach((s) => s.dispose());
  services = [];
  authorizationStatus = 200;
});
afterAll(() => {
  api.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
/** A kubeconfig whose contexts `a` and `b` share one exec user; returns its path and the file the plugin counts runs in. */
function kubeconfig(env: Record<string, string> = {}, script = PLUGIN): { file: string; runs: string } {
  const id = seq++;
  const file = path.join(dir, `config-${id}.yaml`);
  const runs = path.join(dir, `runs-${id}.txt`);
  fs.writeFileSync(file, stringify({
    clusters: [{ name: 'k', cluster: { server: `http://127.0.0.1:${apiPort}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'u', user: { exec: {
      apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [script],
      env: Object.entries({ FAKE_PLUGIN_RUNS: runs, ...env }).map(([name, value]) => ({ name, value })),
    } } }],
    contexts: [{ name: 'a', context: { cluster: 'k', user: 'u' } }, { name: 'b', context: { cluster: 'k', user: 'u' } }],
  }));
  return { file, runs };
}

function service(file: string, o: { home?: string; ownFiles?: string[]; pluginTimeoutMs?: number } = {}): ContextsService {
  const s = new ContextsService({ env: { KUBECONFIG: file, HOME: dir, MESHDECK_HOME: o.home ?? path.join(dir, `home-${seq++}`) }, ownFiles: o.ownFiles, pluginTimeoutMs: o.pluginTimeoutMs });
  services.push(s);
  return s;
}

const runsIn = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);

/** Gone, or a zombie waiting for a parent that does not reap it (a container's init may not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('credential plugins', () => {
  it('runs none before the user confirms it for its kubeconfig file, and names what would run', async () => {
    const { file, runs } = kubeconfig();
    const contexts = service(file);
    const probe = await contexts.probe('a');
    expect(probe.reachable).toBe(false);
    expect(probe.error).toMatchObject({ code: 'EXEC_PLUGIN_UNCONFIRMED', plugin: { command: process.execPath, args: [PLUGIN], file } });
    await expect(contexts.connection('a').then((c) => c.getJson('/version'))).rejects.toMatchObject({ code: 'EXEC_PLUGIN_UNCONFIRMED' });
    expect(runsIn(runs)).toBe(0);

    await contexts.trustPlugin('a', { command: process.execPath, file });
    expect(await contexts.probe('b')).toMatchObject({ reachable: true, serverVersion: 'v1.0.0-fake' });
    expect(runsIn(runs)).toBe(1);
  }, 20_000);

  it('remembers a confirmation per file and command, and refuses one for a plugin other than the one shown', async () => {
    const home = path.join(dir, 'shared-home');
    const { file, runs } = kubeconfig();
    await expect(service(file, { home }).trustPlugin('a', { command: '/usr/bin/other', file })).rejects.toMatchObject({ code: 'CONFLICT' });
    await service(file, { home }).trustPlugin('a', { command: process.execPath, file });
    expect(fs.statSync(path.join(home, 'trusted-exec-plugins.json')).mode & 0o777).toBe(0o600);
    expect(await service(file, { home }).probe('a')).toMatchObject({ reachable: true }); // a later start: still confirmed
    expect(runsIn(runs)).toBe(1);
    // Another file with the same plugin is another confirmation.
    const other = kubeconfig();
    expect((await service(other.file, { home }).probe('a')).error?.code).toBe('EXEC_PLUGIN_UNCONFIRMED');
  }, 20_000);

  it("runs Meshdeck's own kubeconfig's plugins (the sandbox's) without asking", async () => {
    const { file, runs } = kubeconfig();
    expect(await service(file, { ownFiles: [file] }).probe('a')).toMatchObject({ reachable: true });
    expect(runsIn(runs)).toBe(1);
  }, 20_000);

  it('runs once for two probes of a context at the same time, and for two contexts of the same user', async () => {
    const { file, runs } = kubeconfig({ FAKE_PLUGIN_DELAY_MS: '400' });
    const contexts = service(file, { ownFiles: [file] });
    const first = contexts.probe('a');
    expect(contexts.probe('a')).toBe(first); // the second waits for the first
    const results = await Promise.all([first, contexts.probe('a'), contexts.probe('b')]);
    expect(results.map((r) => r.reachable)).toEqual([true, true, true]);
    expect(runsIn(runs)).toBe(1);
  }, 20_000);

  it('reuses a credential until its expiry, then runs the plugin again', async () => {
    const { runs } = kubeconfig();
    let now = Date.now();
    const credentials = new ExecCredentials(new PluginTrust(path.join(dir, 'unused.json'), [path.join(dir, 'own.yaml')]), { now: () => now });
    const spec: ExecPluginSpec = { sourceFile: path.join(dir, 'own.yaml'), command: process.execPath, args: [PLUGIN],
      env: [{ name: 'FAKE_PLUGIN_RUNS', value: runs }, { name: 'FAKE_PLUGIN_EXPIRES_IN_MS', value: String(10 * 60_000) }] };
    try {
      const first = await credentials.get(spec);
      expect(first.expiresAt).toBeGreaterThan(now);
      expect(await credentials.get(spec)).toBe(first);
      now += 9 * 60_000;
      expect(await credentials.get(spec)).toBe(first);
      expect(runsIn(runs)).toBe(1);
      now += 2 * 60_000; // past expirationTimestamp
      expect(await credentials.get(spec)).not.toBe(first);
      expect(runsIn(runs)).toBe(2);
    } finally {
      credentials.dispose();
    }
  }, 20_000);

  it('keeps a credential without an expiry until the cluster refuses it (401)', async () => {
    const { file, runs } = kubeconfig();
    const contexts = service(file, { ownFiles: [file] });
    for (let i = 0; i < 3; i++) expect((await contexts.probe('a')).reachable).toBe(true);
    expect(runsIn(runs)).toBe(1);
    authorizationStatus = 401;
    expect((await contexts.probe('a')).error?.code).toBe('UNAUTHORIZED');
    authorizationStatus = 200;
    expect((await contexts.probe('a')).reachable).toBe(true);
    expect(runsIn(runs)).toBe(2);
  }, 20_000);

  it.skipIf(process.platform === 'win32')('stops a plugin that outlives its timeout, with everything it started', async () => {
    const pidsFile = path.join(dir, 'slow-pids.json');
    const { file } = kubeconfig({ PIDS_FILE: pidsFile }, path.join(dir, 'slow-plugin.mjs'));
    const started = Date.now();
    const probe = await service(file, { ownFiles: [file], pluginTimeoutMs: 1500 }).probe('a');
    expect(probe.error).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('stopped it') });
    expect(Date.now() - started).toBeLessThan(6000);
    const pids = JSON.parse(fs.readFileSync(pidsFile, 'utf8')) as number[];
    expect(pids).toHaveLength(2);
    expect(await until(() => pids.every((pid) => !alive(pid)), 5000), `still running: ${pids.filter(alive).join(', ')}`).toBe(true);
  }, 20_000);

  it.skipIf(process.platform === 'win32')('stops running plugins, with their process groups, when the core is disposed', async () => {
    const pidsFile = path.join(dir, 'disposed-pids.json');
    const { file } = kubeconfig({ PIDS_FILE: pidsFile }, path.join(dir, 'slow-plugin.mjs'));
    const contexts = service(file, { ownFiles: [file] });
    const probe = contexts.probe('a');
    expect(await until(() => fs.existsSync(pidsFile), 5000)).toBe(true);
    const pids = JSON.parse(fs.readFileSync(pidsFile, 'utf8')) as number[];
    contexts.dispose();
    expect((await probe).error?.code).toBe('CANCELLED');
    expect(await until(() => pids.every((pid) => !alive(pid)), 5000), `still running: ${pids.filter(alive).join(', ')}`).toBe(true);
  }, 20_000);
});
