import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClusterOverview } from '../contract/models.js';
import { createCore } from '../core.js';
import { EXEC_PLUGIN, SANDBOX_TOKENS } from '../sandbox/kubeconfigs.js';
import { PORTS } from '../sandbox/layout.js';
import { kubectl, layout, uniqueName } from '../testing/sandbox.js';
import { ContextsService } from './service.js';

/** Every way a connection fails, against the live sandbox, through the same service the app uses. */
const dir = mkdtempSync(join(tmpdir(), 'meshdeck-conn-'));
const ca = join(layout.pki, 'ca.crt');
const server = `https://127.0.0.1:${PORTS.apiServer}`;
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

function kubeconfig(name: string, cluster: Record<string, unknown>, user: Record<string, unknown>): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': name,
    clusters: [{ name, cluster: { server, 'certificate-authority': ca, ...cluster } }],
    users: [{ name, user }],
    contexts: [{ name, context: { cluster: name, user: name } }],
  }));
  return file;
}

async function probe(file: string, context: string, confirmPlugin?: string) {
  const svc = new ContextsService({ env: { KUBECONFIG: file, HOME: dir, MESHDECK_HOME: join(dir, 'home') } });
  // A credential plugin from a kubeconfig runs only once the user confirmed it for that file.
  if (confirmPlugin) await svc.trustPlugin(context, { command: confirmPlugin, file });
  try {
    return await svc.probe(context);
  } finally {
    svc.dispose();
  }
}

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

describe('connection failures, explained', () => {
  it('reaches the sandbox with a good context (baseline)', async () => {
    const r = await probe(layout.kubeconfig, 'sandbox-admin');
    expect(r).toMatchObject({ reachable: true, serverVersion: layout.pins.K8S_VERSION });
  });

  it('UNREACHABLE: nothing listens', async () => {
    const r = await probe(layout.kubeconfig, 'sandbox-unreachable');
    expect(r.error).toMatchObject({ code: 'UNREACHABLE', message: `Nothing answered at https://127.0.0.1:${PORTS.unreachable}.` });
    expect(r.latencyMs).toBeLessThan(2000);
  });

  it('DNS: the host name does not resolve', async () => {
    const r = await probe(kubeconfig('dns', { server: 'https://meshdeck-no-such-host.invalid:6443' }, { token: 'x' }), 'dns');
    expect(r.error?.code).toBe('DNS');
    expect(r.error?.message).toContain('cannot be resolved');
  });

  it('TLS_UNKNOWN_AUTHORITY: the server is signed by a CA the kubeconfig does not trust', async () => {
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'other-ca.key');
    openssl('req', '-x509', '-new', '-key', 'other-ca.key', '-subj', '/CN=other-ca', '-days', '2', '-out', 'other-ca.crt');
    const r = await probe(kubeconfig('tls', { 'certificate-authority': join(dir, 'other-ca.crt') }, { token: SANDBOX_TOKENS.viewer }), 'tls');
    expect(r.error?.code).toBe('TLS_UNKNOWN_AUTHORITY');
  });

  it('TLS_CERT_EXPIRED: an expired client certificate is named before any request', async () => {
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'expired.key');
    openssl('req', '-new', '-key', 'expired.key', '-subj', '/CN=expired/O=system:masters', '-out', 'expired.csr');
    openssl('x509', '-req', '-in', 'expired.csr', '-CA', ca, '-CAkey', join(layout.pki, 'ca.key'), '-days', '-1', '-out', 'expired.crt');
    const r = await probe(kubeconfig('expired', {}, { 'client-certificate': join(dir, 'expired.crt'), 'client-key': join(dir, 'expired.key') }), 'expired');
    expect(r.error?.code).toBe('TLS_CERT_EXPIRED');
    expect(r.error?.message).toMatch(/Your client certificate expired on \d{4}-\d\d-\d\d/);
  });

  it('UNAUTHORIZED: a token the API server does not know', async () => {
    const r = await probe(kubeconfig('token', {}, { token: 'not-a-valid-token' }), 'token');
    expect(r.error?.code).toBe('UNAUTHORIZED');
    expect(r.error?.message).toContain('401');
  });

  it('FORBIDDEN: the viewer connects, and the overview explains which verb on which resource was refused', async () => {
    const core = await createCore({ env: { KUBECONFIG: layout.kubeconfig, HOME: dir } });
    const ctrl = new AbortController();
    let overview: ClusterOverview | undefined;
    for await (const e of core.handlers['cluster.overview']({ context: 'sandbox-viewer' }, ctrl.signal)) { overview = e.overview; break; }
    ctrl.abort();
    const nodes = overview?.problems.find((p) => p.section === 'nodes')?.error;
    expect(nodes).toMatchObject({ code: 'FORBIDDEN', message: 'Your account is not allowed to list nodes.', forbidden: { verb: 'list', resource: 'nodes' } });
    expect(overview?.nodes).toBeUndefined();
    expect(overview?.namespaces?.some((n) => n.name === 'default')).toBe(true);
  });

  it('EXEC_PLUGIN_UNCONFIRMED: a plugin from a kubeconfig nobody confirmed does not run', async () => {
    const r = await probe(kubeconfig('unconfirmed', {}, { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: EXEC_PLUGIN, interactiveMode: 'Never' } }), 'unconfirmed');
    expect(r.error).toMatchObject({ code: 'EXEC_PLUGIN_UNCONFIRMED', plugin: { command: EXEC_PLUGIN, file: join(dir, 'unconfirmed.yaml') } });
  });

  it('EXEC_PLUGIN_MISSING: the credential plugin is not installed', async () => {
    const r = await probe(kubeconfig('nope', {}, { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/nonexistent/gke-gcloud-auth-plugin', interactiveMode: 'Never' } }), 'nope', '/nonexistent/gke-gcloud-auth-plugin');
    expect(r.error?.code).toBe('EXEC_PLUGIN_MISSING');
    expect(r.error?.detail).toContain('gke-gcloud-auth-plugin');
  });

  it('EXEC_PLUGIN_FAILED: the plugin fails, and its stderr is shown', async () => {
    const r = await probe(kubeconfig('fail', {}, { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: EXEC_PLUGIN, interactiveMode: 'Never',
      env: [{ name: 'MESHDECK_EXEC_PLUGIN_FAIL', value: 'refresh token expired; run `login` again' }] } }), 'fail', EXEC_PLUGIN);
    expect(r.error?.code).toBe('EXEC_PLUGIN_FAILED');
    expect(r.error?.detail).toContain('refresh token expired; run `login` again');
  });

  it('KUBECONFIG_MALFORMED: names the file and the line, and the other files still load', async () => {
    const bad = join(dir, 'broken.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: Config\nclusters:\n  - name: a\n    cluster: {server: "https://127.0.0.1:1"\n');
    const svc = new ContextsService({ env: { KUBECONFIG: `${bad}:${layout.kubeconfig}`, HOME: dir } });
    const snap = await svc.list();
    expect(snap.problems[0]).toMatchObject({ code: 'KUBECONFIG_MALFORMED', location: { file: bad } });
    expect(snap.problems[0]?.location?.line).toBeGreaterThanOrEqual(5);
    expect(snap.contexts.map((c) => c.name)).toContain('sandbox-admin');
  });

  it('PROXY: proxy-url that refuses, and a working CONNECT proxy that carries the connection', async () => {
    const refused = await probe(kubeconfig('proxy-down', { 'proxy-url': `http://127.0.0.1:${PORTS.unreachable}` }, { token: SANDBOX_TOKENS.viewer }), 'proxy-down');
    expect(refused.error?.code).toBe('PROXY');

    let tunnels = 0;
    const proxy = createServer();
    proxy.on('connect', (req, socket, head) => {
      tunnels++;
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host!, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    servers.push(proxy);
    const port = (proxy.address() as AddressInfo).port;
    const ok = await probe(kubeconfig('proxy-up', { 'proxy-url': `http://127.0.0.1:${port}` }, { token: SANDBOX_TOKENS.viewer }), 'proxy-up');
    expect(ok.reachable).toBe(true);
    expect(tunnels).toBeGreaterThan(0);
  });

  it('watches kubeconfig files: a new context appears without a reload', async () => {
    const file = join(dir, `live-${uniqueName('k')}.yaml`);
    writeFileSync(file, readFileSync(layout.kubeconfig));
    const svc = new ContextsService({ env: { KUBECONFIG: file, HOME: dir } });
    const ctrl = new AbortController();
    const seen: string[][] = [];
    for await (const snap of svc.watch(ctrl.signal)) {
      seen.push(snap.contexts.map((c) => c.name));
      if (seen.length === 1) {
        kubectl(['--kubeconfig', file, 'config', 'set-context', 'added-later', '--cluster=sandbox', '--user=sandbox-viewer']);
      } else if (snap.contexts.some((c) => c.name === 'added-later')) break;
    }
    ctrl.abort();
    expect(seen[0]).not.toContain('added-later');
    expect(seen.at(-1)).toContain('added-later');
  });
});
