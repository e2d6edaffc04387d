import fs from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import type https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { MeshdeckError } from '../contract/errors.js';
import { ContextsSnapshot } from '../contract/models.js';
import { kubeconfigPaths } from './kubeconfig-paths.js';
import { ExecCredentials, type ExecCredentialSource } from './exec-credentials.js';
import {
  buildClientConfig,
  contextsSnapshot,
  mergeKubeconfigs,
  readKubeconfigFiles,
  summarizeContexts,
  toKubeConfig,
  watchKubeconfigFiles,
  type MergedKubeconfig,
} from './kubeconfig.js';
import { PluginTrust } from './plugin-trust.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const A = path.join(fixtures, 'a', 'config.yaml');
const B = path.join(fixtures, 'b', 'config.yaml');
const FULL = path.join(fixtures, 'full', 'config.yaml');
const aDir = path.dirname(A);
const bDir = path.dirname(B);

async function load(...paths: string[]): Promise<MergedKubeconfig> {
  return mergeKubeconfigs(await readKubeconfigFiles(paths));
}

async function thrown(fn: () => Promise<unknown>): Promise<MeshdeckError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof MeshdeckError) return err;
    throw err;
  }
  throw new Error('expected a MeshdeckError');
}

/** What client-node would put on a request for this config (no network involved). */
async function requestOptions(merged: MergedKubeconfig, context: string): Promise<https.RequestOptions> {
  const opts: https.RequestOptions = {};
  await (await toKubeConfig(merged, context, NO_PLUGINS)).applyToHTTPSOptions(opts);
  return opts;
}

/** For contexts without a credential plugin: asking for one is a test failure. */
const NO_PLUGINS: ExecCredentialSource = { get: () => Promise.reject(new Error('no credential plugin expected here')) };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kubeconfigPaths', () => {
  it('splits on ":" elsewhere, drops empty entries and keeps the first of repeats', () => {
    expect(kubeconfigPaths({ KUBECONFIG: '/k/one::/k/two:/k/one:' }, '/home/fake', ':')).toEqual(['/k/one', '/k/two']);
  });

  it('splits on ";" on Windows, so drive letters survive', () => {
    expect(kubeconfigPaths({ KUBECONFIG: 'C:\\k\\one;;D:\\k\\two;C:\\k\\one' }, 'C:\\Users\\fake', ';')).toEqual(['C:\\k\\one', 'D:\\k\\two']);
  });

  it('falls back to <home>/.kube/config when KUBECONFIG is unset or empty', () => {
    const expected = [path.join('/home/fake', '.kube', 'config')];
    expect(kubeconfigPaths({}, '/home/fake', ':')).toEqual(expected);
    expect(kubeconfigPaths({ KUBECONFIG: '' }, '/home/fake', ':')).toEqual(expected);
  });

  it('names no file for a KUBECONFIG made only of delimiters, as kubectl does', () => {
    expect(kubeconfigPaths({ KUBECONFIG: ':' }, '/home/fake', ':')).toEqual([]);
  });
});

describe('mergeKubeconfigs', () => {
  it('keeps the first file’s cluster, user and context when names repeat, and records the rest', async () => {
    const merged = await load(A, B);
    expect(merged.clusters.get('shared')).toMatchObject({ server: 'https://127.0.0.1:6443', sourceFile: A });
    expect(merged.users.get('shared-user')).toMatchObject({ token: 'fake-token-from-a', sourceFile: A });
    expect(merged.contexts.get('shared-ctx')).toMatchObject({ user: 'shared-user', namespace: 'team-a', sourceFile: A });
    expect(merged.ignoredDuplicates).toEqual([
      { kind: 'cluster', name: 'shared', file: B, keptFrom: A },
      { kind: 'user', name: 'shared-user', file: B, keptFrom: A },
      { kind: 'context', name: 'shared-ctx', file: B, keptFrom: A },
    ]);
    // Entries only the second file defines are still there.
    expect(merged.contexts.get('exec-ctx')?.sourceFile).toBe(B);
  });

  it('takes current-context from the first file that sets it, even if it names a later file’s context', async () => {
    expect((await load(A, B)).currentContext).toBe('later');
    expect((await load(B, A)).currentContext).toBe('exec-ctx');
    const unset = { path: '/fake/unset.yaml', text: 'current-context: ""\nclusters: []\n' };
    expect(mergeKubeconfigs([unset, { path: B, text: fs.readFileSync(B, 'utf8') }]).currentContext).toBe('exec-ctx');
  });

  it('resolves relative credential paths against the directory of the file that holds them', async () => {
    const merged = await load(A, B);
    expect(merged.clusters.get('shared')?.certificateAuthority).toBe(path.join(aDir, 'certs', 'ca.crt'));
    expect(merged.users.get('cert-user')).toMatchObject({
      clientCertificate: path.join(aDir, 'certs', 'client.crt'),
      clientKey: path.join(aDir, 'certs', 'client.key'),
    });
    expect(merged.clusters.get('proxied')?.certificateAuthority).toBe(path.join(aDir, 'certs', 'ca.crt'));
    expect(merged.users.get('file-user')?.tokenFile).toBe(path.join(bDir, 'token.txt'));
    expect(merged.users.get('exec-user')?.exec?.command).toBe(path.join(bDir, 'bin', 'fake-exec-plugin.mjs'));
    // A bare command is looked up on PATH, and "~" is not expanded: both as kubectl does.
    expect(merged.users.get('path-exec-user')?.exec?.command).toBe('fake-plugin-on-path');
    expect(merged.users.get('tilde-user')?.tokenFile).toBe(path.join(bDir, '~', 'fake-token'));
  });

  it('ignores a missing file', async () => {
    const missing = path.join(fixtures, 'no-such-dir', 'config');
    const files = await readKubeconfigFiles([A, missing, B]);
    expect(files[1]).toEqual({ path: missing, text: null });
    const merged = mergeKubeconfigs(files);
    expect(merged.problems).toEqual([]);
    expect([...merged.contexts.keys()]).toEqual([...(await load(A, B)).contexts.keys()]);
  });

  it('reports malformed YAML with its file and line while the other file still loads', async () => {
    const malformed = path.join(fixtures, 'malformed.yaml');
    const merged = await load(malformed, A);
    expect(merged.problems).toHaveLength(1);
    expect(merged.problems[0]).toMatchObject({ code: 'KUBECONFIG_MALFORMED', location: { file: malformed, line: 7, column: 22 } });
    expect(merged.problems[0]?.message).toContain(malformed);
    expect(merged.clusters.has('broken')).toBe(false);
    expect(merged.contexts.has('shared-ctx')).toBe(true);
    expect(merged.currentContext).toBe('later');
  });

  it('reports a file whose top level is not a mapping, and one that repeats a name in a list', async () => {
    const notMap = path.join(fixtures, 'not-a-mapping.yaml');
    const dup = path.join(fixtures, 'duplicate-within.yaml');
    const merged = await load(notMap, dup, A);
    expect(merged.problems.map((p) => [p.code, p.location])).toEqual([
      ['KUBECONFIG_MALFORMED', { file: notMap, line: 1, column: 1 }],
      ['KUBECONFIG_MALFORMED', { file: dup, line: 6, column: 3 }],
    ]);
    expect(merged.clusters.has('twice')).toBe(false);
    expect(merged.contexts.size).toBeGreaterThan(0);
  });

  it('never quotes the file’s text in a problem, since it may hold a token', () => {
    const merged = mergeKubeconfigs([
      { path: '/fake/one.yaml', text: 'users:\n- name: u\n  user:\n    token: ]fake-secret-token\n' },
      { path: '/fake/two.yaml', text: 'current-context: *fake-secret-anchor\n' },
      { path: '/fake/three.yaml', text: 'users:\n- name: u\n  user:\n    token: *fake-secret-anchor\n' },
    ]);
    expect(merged.problems.map((p) => [p.code, p.location?.line])).toEqual([
      ['KUBECONFIG_MALFORMED', 4],
      ['KUBECONFIG_MALFORMED', 1],
      ['KUBECONFIG_MALFORMED', 4], // found while converting: the alias's own line
    ]);
    expect(JSON.stringify(merged.problems)).not.toMatch(/fake-secret/);
  });

  it('reads an empty file (or one of only comments) as an empty config, as kubectl does', () => {
    const merged = mergeKubeconfigs([
      { path: '/fake/empty', text: '' },
      { path: '/fake/blank', text: '\n  \n' },
      { path: '/fake/comments', text: '# nothing yet\n' },
      { path: '/fake/doc-marker', text: '---\n' },
    ]);
    expect(merged.problems).toEqual([]);
    expect(merged.contexts.size).toBe(0);
  });

  it('reads at most 16 MiB of kubeconfig files in all, and says so for the files past it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meshdeck-total-'));
    const paths = [1, 2, 3, 4, 5].map((i) => path.join(dir, `config-${i}`));
    for (const file of paths) await writeFile(file, `#${'x'.repeat(3.5 * 1024 * 1024)}\n`);
    const files = await readKubeconfigFiles(paths);
    expect(files.map((f) => f.text !== null)).toEqual([true, true, true, true, false]);
    expect(files[4]?.readError).toBe('the kubeconfig files before it already take most of the 16 MiB Meshdeck reads in all');
    await rm(dir, { recursive: true });
  });

  it('reports a file that exists but cannot be read', async () => {
    const files = await readKubeconfigFiles([fixtures]);
    expect(files[0]?.readError).toBe('it is a directory, not a regular file');
    const merged = mergeKubeconfigs(files);
    expect(merged.problems[0]).toMatchObject({ code: 'KUBECONFIG_MALFORMED', location: { file: fixtures } });
    expect(contextsSnapshot([fixtures], files, merged).files).toEqual([{ path: fixtures, exists: true }]);
  });
});

describe('summarizeContexts', () => {
  it('describes each context without contacting anything', async () => {
    const byName = new Map(summarizeContexts(await load(A, B)).map((s) => [s.name, s]));
    expect([...byName.keys()]).toEqual(['shared-ctx', 'cert-ctx', 'insecure-ctx', 'dangling', 'later', 'exec-ctx', 'path-exec-ctx']);
    expect(byName.get('shared-ctx')).toEqual({
      name: 'shared-ctx',
      cluster: 'shared',
      server: 'https://127.0.0.1:6443',
      user: 'shared-user',
      namespace: 'team-a',
      authKind: 'token',
      execCommand: undefined,
      usesProxy: false,
      insecureSkipTlsVerify: false,
      sourceFile: A,
      isCurrent: false,
      warnings: [],
    });
    expect(byName.get('later')).toMatchObject({ isCurrent: true, authKind: 'token-file', usesProxy: true, namespace: 'default', sourceFile: B });
    expect(byName.get('exec-ctx')).toMatchObject({ authKind: 'exec', execCommand: 'fake-exec-plugin.mjs', namespace: 'istio-system' });
    expect(byName.get('path-exec-ctx')?.execCommand).toBe('fake-plugin-on-path');
  });

  it('warns about undefined clusters and users, insecure TLS and missing credential files', async () => {
    const byName = new Map(summarizeContexts(await load(A, B)).map((s) => [s.name, s]));
    const dangling = byName.get('dangling');
    expect(dangling).toMatchObject({ server: '', authKind: 'none' });
    expect(dangling?.warnings).toEqual([
      'This context uses the cluster "nowhere", which no kubeconfig file defines.',
      'This context uses the user "nobody", which no kubeconfig file defines.',
    ]);
    expect(byName.get('insecure-ctx')).toMatchObject({ insecureSkipTlsVerify: true });
    expect(byName.get('insecure-ctx')?.warnings.join(' ')).toContain('insecure-skip-tls-verify');
    expect(byName.get('cert-ctx')).toMatchObject({ authKind: 'client-certificate' });
    expect(byName.get('cert-ctx')?.warnings).toEqual([
      `The client certificate file of the user "cert-user" does not exist: ${path.join(aDir, 'certs', 'client.crt')}.`,
      `The client key file of the user "cert-user" does not exist: ${path.join(aDir, 'certs', 'client.key')}.`,
    ]);
  });

  it('names the path it tried for a missing file, resolved against the folder of the file that names it', () => {
    const merged = mergeKubeconfigs([{
      path: '/fake/kube/config',
      text: [
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", certificate-authority: pki/ca.pem}}]',
        'users: [{name: u, user: {tokenFile: ../tokens/t, client-certificate: /abs/c.pem, client-key: k.pem}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
      ].join('\n'),
    }]);
    expect(summarizeContexts(merged, () => false)[0]?.warnings).toEqual([
      'The certificate authority file of the cluster "c" does not exist: /fake/kube/pki/ca.pem.',
      'The client certificate file of the user "u" does not exist: /abs/c.pem.',
      'The client key file of the user "u" does not exist: /fake/kube/k.pem.',
      'The token file of the user "u" does not exist: /fake/tokens/t.',
    ]);
  });

  it('never shows the user name and password written into a server URL', () => {
    const merged = mergeKubeconfigs([{
      path: '/fake/config',
      text: [
        'clusters:',
        '- {name: url, cluster: {server: "https://admin:fake-url-password@k8s.example:6443/prefix"}}',
        '- {name: bare, cluster: {server: "admin:fake-bare-password@k8s.example:6443"}}',
        '- {name: plain, cluster: {server: "https://k8s.example:6443"}}',
        'contexts: [{name: url, context: {cluster: url}}, {name: bare, context: {cluster: bare}}, {name: plain, context: {cluster: plain}}]',
      ].join('\n'),
    }]);
    expect(summarizeContexts(merged).map((s) => s.server)).toEqual(['https://k8s.example:6443/prefix', 'k8s.example:6443', 'https://k8s.example:6443']);
  });

  it('never carries tokens, key data, passwords, plugin arguments or credential paths', async () => {
    const json = JSON.stringify([...summarizeContexts(await load(A, B)), ...summarizeContexts(await load(FULL))]);
    for (const secret of [
      'fake-token-from-a',
      'fake-token-from-b',
      'fake-inline-token',
      // Files that exist: only a missing file's path is named (in its warning).
      path.join(bDir, 'token.txt'),
      path.join(path.dirname(FULL), 'token.txt'),
      'ca.crt',
      'RkFLRS1LRVktREFUQQ',
      'RkFLRS1DRVJULURBVEE',
      'fake-password',
      'fake-arg-value',
      'fake-env-value',
      '--fake-secret-arg',
      'fake-env-secret',
      '/opt/fake/bin',
      path.join('bin', 'fake-exec-plugin.mjs'),
    ]) {
      expect(json, secret).not.toContain(secret);
    }
  });

  it('names every kind of authentication', async () => {
    const kinds = Object.fromEntries(summarizeContexts(await load(FULL)).map((s) => [s.name, s.authKind]));
    expect(kinds).toMatchObject({
      'cert-data': 'client-certificate',
      token: 'token',
      'token-file': 'token-file',
      exec: 'exec',
      insecure: 'basic',
      anonymous: 'none',
    });
  });
});

describe('contextsSnapshot', () => {
  it('lists every file with whether it exists, and matches the contract', async () => {
    const missing = path.join(fixtures, 'missing.yaml');
    const paths = [A, missing, path.join(fixtures, 'malformed.yaml')];
    const files = await readKubeconfigFiles(paths);
    const snapshot = contextsSnapshot(paths, files, mergeKubeconfigs(files));
    expect(snapshot.files).toEqual([
      { path: A, exists: true },
      { path: missing, exists: false },
      { path: paths[2], exists: true },
    ]);
    expect(snapshot.currentContext).toBe('later');
    expect(snapshot.problems).toHaveLength(1);
    expect(snapshot.contexts).toHaveLength(4);
    expect(ContextsSnapshot.parse(snapshot)).toEqual(JSON.parse(JSON.stringify(snapshot)));
  });
});

describe('toKubeConfig', () => {
  it('holds exactly the chosen context, its cluster and its user', async () => {
    const kc = await toKubeConfig(await load(FULL), 'token', NO_PLUGINS);
    expect(kc.getCurrentContext()).toBe('token');
    expect(kc.getContexts()).toEqual([{ name: 'token', cluster: 'data-cluster', user: 'token-user', namespace: 'apps' }]);
    expect(kc.getClusters().map((c) => c.name)).toEqual(['data-cluster']);
    expect(kc.getUsers().map((u) => u.name)).toEqual(['token-user']);
    expect((await requestOptions(await load(FULL), 'token')).headers).toMatchObject({ Authorization: 'Bearer fake-inline-token' });
  });

  it('maps certificate data, TLS server name and strips the trailing slash like client-node does', async () => {
    const merged = await load(FULL);
    expect((await toKubeConfig(merged, 'cert-data', NO_PLUGINS)).getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
    const opts = await requestOptions(merged, 'cert-data');
    expect(String(opts.ca)).toBe('FAKE-CA-DATA');
    expect(String(opts.cert)).toBe('FAKE-CERT-DATA');
    expect(String(opts.key)).toBe('FAKE-KEY-DATA');
    expect(opts.servername).toBe('kubernetes.fake.test');
  });

  it('reads a tokenFile (client-node cannot) and trims it', async () => {
    const opts = await requestOptions(await load(FULL), 'token-file');
    expect(opts.headers).toMatchObject({ Authorization: 'Bearer fake-token-from-full-file' });
  });

  it('throws CREDENTIALS_UNREADABLE for a token file that cannot be read', async () => {
    const merged = await load(FULL);
    const err = await thrown(() => toKubeConfig(merged, 'token-file-missing', NO_PLUGINS));
    expect(err.code).toBe('CREDENTIALS_UNREADABLE');
    expect(err.message).toBe(`The token file of the user "missing-token-file-user" (${path.join(path.dirname(FULL), 'no-such-token.txt')}) cannot be read: it does not exist.`);
  });

  it('passes exec command, args and env through, plus KUBERNETES_EXEC_INFO, and never gives the plugin to client-node', async () => {
    const { kubeConfig, execPlugin: exec } = await buildClientConfig(await load(FULL), 'exec', NO_PLUGINS);
    expect(kubeConfig.getCurrentUser()?.exec).toBeUndefined(); // client-node would run it by itself, unasked
    if (!exec) throw new Error('expected an exec plugin');
    expect(exec.sourceFile).toBe(FULL);
    expect(exec.command).toBe('/opt/fake/bin/fake-plugin');
    expect(exec.args).toEqual(['--fake-secret-arg']);
    expect(exec.env[0]).toEqual({ name: 'FAKE_ENV', value: 'fake-env-secret' });
    const info = JSON.parse(exec.env.find((e) => e.name === 'KUBERNETES_EXEC_INFO')?.value ?? '{}');
    // provideClusterInfo is off here, so no cluster.
    expect(info).toEqual({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } });
  });

  it.skipIf(process.platform === 'win32')('runs a relative exec plugin with its args, env and cluster info', async () => {
    fs.chmodSync(path.join(bDir, 'bin', 'fake-exec-plugin.mjs'), 0o755); // a checkout may lose the mode
    const home = await mkdtemp(path.join(os.tmpdir(), 'meshdeck-trust-'));
    const credentials = new ExecCredentials(new PluginTrust(path.join(home, 'trusted.json'), [B]));
    const opts: https.RequestOptions = {};
    await (await toKubeConfig(await load(A, B), 'exec-ctx', credentials)).applyToHTTPSOptions(opts);
    expect(opts.headers).toMatchObject({
      Authorization: 'Bearer fake-exec-token:get-token,--fake-arg=fake-arg-value:fake-env-value:https://127.0.0.1:6445',
    });
  });

  it('maps proxy-url so client-node tunnels through the proxy', async () => {
    const merged = await load(FULL);
    expect((await toKubeConfig(merged, 'proxy', NO_PLUGINS)).getCurrentCluster()?.proxyUrl).toBe('http://127.0.0.1:3128');
    expect((await requestOptions(merged, 'proxy')).agent?.constructor.name).toBe('HttpsProxyAgent');
    expect((await requestOptions(merged, 'socks')).agent?.constructor.name).toBe('SocksProxyAgent');
    expect((await requestOptions(merged, 'token')).agent?.constructor.name).toBe('Agent');
  });

  it('maps insecure-skip-tls-verify and basic credentials', async () => {
    const merged = await load(FULL);
    expect((await toKubeConfig(merged, 'insecure', NO_PLUGINS)).getCurrentCluster()?.skipTLSVerify).toBe(true);
    const opts = await requestOptions(merged, 'insecure');
    expect(opts.rejectUnauthorized).toBe(false);
    expect(opts.auth).toBe('fake-user:fake-password');
    expect((await requestOptions(merged, 'token')).rejectUnauthorized).toBeUndefined();
  });

  it('connects anonymously when the context names no user', async () => {
    const opts = await requestOptions(await load(FULL), 'anonymous');
    expect(String(opts.ca)).toBe('FAKE-CA-DATA');
    expect(opts.headers).not.toHaveProperty('Authorization');
  });

  it('throws NOT_FOUND for an unknown context and CONTEXT_INCOMPLETE for missing parts', async () => {
    const merged = await load(FULL);
    expect((await thrown(() => toKubeConfig(merged, 'nope', NO_PLUGINS))).code).toBe('NOT_FOUND');
    for (const name of ['no-cluster', 'no-user', 'no-server']) {
      expect((await thrown(() => toKubeConfig(merged, name, NO_PLUGINS))).code, name).toBe('CONTEXT_INCOMPLETE');
    }
    expect((await thrown(() => toKubeConfig(merged, 'no-user', NO_PLUGINS))).message).toContain('ghost-user');
  });
});

describe('watchKubeconfigFiles', () => {
  const DEBOUNCE = 150; // generous: the machine may be busy, and writes must land inside one window
  const SETTLE = 700;

  async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meshdeck-kubeconfig-'));
    try {
      await run(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('fires once when a watched file is rewritten, in place or atomically', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'config');
      await writeFile(file, 'clusters: []\n');
      let calls = 0;
      const dispose = watchKubeconfigFiles([file], () => calls++, DEBOUNCE);
      try {
        await writeFile(file, 'clusters: []\ncurrent-context: a\n');
        await writeFile(path.join(dir, 'config.tmp'), 'clusters: []\ncurrent-context: b\n');
        await rename(path.join(dir, 'config.tmp'), file);
        await sleep(SETTLE);
        expect(calls).toBe(1);
      } finally {
        dispose();
      }
    });
  });

  it('fires once when a missing file appears, and not for other files in the directory', async () => {
    await withTempDir(async (dir) => {
      let calls = 0;
      const dispose = watchKubeconfigFiles([path.join(dir, 'config')], () => calls++, DEBOUNCE);
      try {
        await writeFile(path.join(dir, 'unrelated'), 'x');
        await sleep(SETTLE);
        expect(calls).toBe(0);
        await writeFile(path.join(dir, 'config'), 'clusters: []\n');
        await sleep(SETTLE);
        expect(calls).toBe(1);
      } finally {
        dispose();
      }
    });
  });

  it('ignores directories that do not exist and stops after dispose', async () => {
    await withTempDir(async (dir) => {
      let calls = 0;
      const dispose = watchKubeconfigFiles([path.join(dir, 'nope', 'config'), path.join(dir, 'config')], () => calls++, DEBOUNCE);
      dispose();
      await writeFile(path.join(dir, 'config'), 'clusters: []\n');
      await sleep(SETTLE);
      expect(calls).toBe(0);
    });
  });
});
