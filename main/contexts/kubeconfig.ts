import fs from 'node:fs';
import path from 'node:path';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { MeshdeckError, type RpcErrorShape } from '../contract/errors.js';
import type { ContextSummary, ContextsSnapshot } from '../contract/models.js';
import { readBoundedFile, UnreadableFileError } from './bounded-file.js';
import { execAuthenticator, type ExecCredentialSource } from './exec-credentials.js';
import type { ExecPluginSpec } from './exec-plugin.js';
import { KUBECONFIG_LIMITS, offsetOf, parseKubeconfigYaml, YamlShapeError, YamlSyntaxError, type KubeconfigDocument } from './kubeconfig-yaml.js';
import { withoutUserInfo } from '../kube/server-url.js';

// ---------------------------------------------------------------------------------------------
// Types: the merged view of every kubeconfig file, with kubectl's field meanings kept.
// ---------------------------------------------------------------------------------------------

export interface KubeconfigFile {
  path: string;
  /** null when the file does not exist (kubectl skips missing files) or could not be read. */
  text: string | null;
  /** Set when the file exists but reading it failed (errno text, no path). */
  readError?: string;
}

export interface ClusterEntry {
  name: string;
  sourceFile: string;
  server?: string;
  /** Absolute: resolved against the directory of sourceFile. */
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

export interface ExecConfig {
  apiVersion?: string;
  /** Resolved against the source file's directory only when it contains a path separator. */
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  installHint?: string;
  provideClusterInfo: boolean;
  interactiveMode?: string;
}

export interface AuthProviderConfig {
  name: string;
  config: Record<string, string>;
}

export interface UserEntry {
  name: string;
  sourceFile: string;
  /** File paths below are absolute: resolved against the directory of sourceFile. */
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  /** kubectl's `as` (impersonate this user). */
  impersonate?: string;
  exec?: ExecConfig;
  authProvider?: AuthProviderConfig;
}

export interface ContextEntry {
  name: string;
  sourceFile: string;
  cluster: string;
  /** Empty when the context names no user: kubectl then connects anonymously. */
  user: string;
  namespace?: string;
}

export type EntryKind = 'cluster' | 'user' | 'context';

/** A same-named entry in a later file that kubectl ignores because an earlier file won. */
export interface IgnoredDuplicate {
  kind: EntryKind;
  name: string;
  file: string;
  keptFrom: string;
}

export interface MergedKubeconfig {
  /** Maps keep first-seen order, so lists follow the files' order. */
  clusters: ReadonlyMap<string, ClusterEntry>;
  users: ReadonlyMap<string, UserEntry>;
  contexts: ReadonlyMap<string, ContextEntry>;
  currentContext?: string;
  problems: RpcErrorShape[];
  ignoredDuplicates: IgnoredDuplicate[];
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/**
 * Reads each file if it is a regular file within the size limit (never /dev/zero, a pipe or a directory), in
 * order, until the files together reach the total limit: a KUBECONFIG listing many large files is bounded too.
 */
export async function readKubeconfigFiles(paths: readonly string[]): Promise<KubeconfigFile[]> {
  const files: KubeconfigFile[] = [];
  let budget = KUBECONFIG_LIMITS.maxTotalBytes;
  for (const file of paths) {
    try {
      const bytes = await readBoundedFile(file, Math.min(KUBECONFIG_LIMITS.maxBytes, budget));
      budget -= bytes.length;
      files.push({ path: file, text: bytes.toString('utf8') });
    } catch (err) {
      // Only "does not exist" is silently skipped, as in client-go; anything else is reported.
      if (err instanceof UnreadableFileError && err.reason === 'missing') files.push({ path: file, text: null });
      else if (err instanceof UnreadableFileError && err.reason === 'too-large' && budget < KUBECONFIG_LIMITS.maxBytes) {
        files.push({ path: file, text: null, readError: `the kubeconfig files before it already take most of the ${KUBECONFIG_LIMITS.maxTotalBytes / 1024 / 1024} MiB Meshdeck reads in all` });
      } else files.push({ path: file, text: null, readError: err instanceof Error ? err.message : String(err) });
    }
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Parsing one file
// ---------------------------------------------------------------------------------------------

interface ParsedFile {
  clusters: ClusterEntry[];
  users: UserEntry[];
  contexts: ContextEntry[];
  currentContext?: string;
}

type PlainObject = Record<string, unknown>;

function parseKubeconfigText(file: string, text: string): ParsedFile | RpcErrorShape {
  let kubeconfig: KubeconfigDocument | undefined;
  const malformed = (message: string, detail: string, offset: number | undefined): RpcErrorShape => {
    const pos = offset === undefined || !kubeconfig ? undefined : kubeconfig.lineCounter.linePos(offset);
    return { code: 'KUBECONFIG_MALFORMED', message, detail, location: { file, line: pos?.line, column: pos?.col } };
  };
  try {
    kubeconfig = parseKubeconfigYaml(text);
    return readStructure(kubeconfig, file);
  } catch (err) {
    if (err instanceof YamlSyntaxError) {
      const pos = err.lineCounter.linePos(err.offset ?? 0);
      return { code: 'KUBECONFIG_MALFORMED', message: `${file} is not valid YAML, so none of its contexts were loaded.`, detail: err.message, location: { file, line: pos.line, column: pos.col } };
    }
    if (err instanceof ShapeError) {
      return malformed(`${file} is not a well-formed kubeconfig, so none of its contexts were loaded.`, err.message, err.offset);
    }
    if (err instanceof YamlShapeError) {
      // A limit or an alias fault: before parsing there is no line counter yet, so count lines here.
      const line = err.offset === undefined ? undefined : text.slice(0, err.offset).split('\n').length;
      return { code: 'KUBECONFIG_MALFORMED', message: `${file} was not loaded: ${err.message}.`, detail: err.message, location: { file, line } };
    }
    // The parser itself gave up (it should not); never quote its message, which may hold file text.
    return malformed(`${file} could not be parsed, so none of its contexts were loaded.`, err instanceof Error ? err.name : 'unknown error', undefined);
  }
}

/** A structural fault, with the offset of the node at fault. */
class ShapeError extends YamlShapeError {}

function readStructure(k: KubeconfigDocument, file: string): ParsedFile {
  const root = k.deref(k.doc.contents);
  const parsed: ParsedFile = { clusters: [], users: [], contexts: [] };
  // An empty file (or only comments) has no contents at all: kubectl reads it as an empty config.
  if (root === undefined || root === null || isNullScalar(root)) return parsed;
  if (!isMap(root)) throw new ShapeError('the top level is not a mapping', offsetOf(root));
  const dir = path.dirname(path.resolve(file));

  for (const { name, body } of namedEntries(k, root, 'clusters', 'cluster')) {
    parsed.clusters.push(clusterEntry(name, body, file, dir));
  }
  for (const { name, body } of namedEntries(k, root, 'users', 'user')) {
    parsed.users.push(userEntry(name, body, file, dir));
  }
  for (const { name, body } of namedEntries(k, root, 'contexts', 'context')) {
    parsed.contexts.push({ name, sourceFile: file, cluster: str(body['cluster']) ?? '', user: str(body['user']) ?? '', namespace: str(body['namespace']) });
  }
  const current = str(k.toPlain(root.get('current-context', true)));
  if (current) parsed.currentContext = current;
  return parsed;
}

/** The `{ name, <bodyKey>: {...} }` items of a top-level list, checked the way client-go's decoder would fail. */
function namedEntries(k: KubeconfigDocument, root: YAMLMap, listKey: string, bodyKey: string): { name: string; body: PlainObject }[] {
  const list = k.deref(root.get(listKey, true));
  if (list === undefined || isNullScalar(list)) return [];
  if (!isSeq(list)) throw new ShapeError(`"${listKey}" must be a list`, offsetOf(list));
  const entries: { name: string; body: PlainObject }[] = [];
  const seen = new Set<string>();
  for (const rawItem of list.items) {
    const item = k.deref(rawItem);
    if (!isMap(item)) throw new ShapeError(`each entry of "${listKey}" must be a mapping`, offsetOf(item));
    const body = k.deref(item.get(bodyKey, true));
    if (body !== undefined && !isNullScalar(body) && !isMap(body)) {
      throw new ShapeError(`"${bodyKey}" in an entry of "${listKey}" must be a mapping`, offsetOf(body));
    }
    const name = str(k.toPlain(item.get('name', true)));
    if (!name) continue; // nameless entries can never be selected
    // client-go refuses a file that repeats a name inside one list.
    if (seen.has(name)) throw new ShapeError(`"${name}" appears more than once in "${listKey}"`, offsetOf(item));
    seen.add(name);
    entries.push({ name, body: isMap(body) ? (k.toPlain(body) as PlainObject) : {} });
  }
  return entries;
}

function clusterEntry(name: string, b: PlainObject, sourceFile: string, dir: string): ClusterEntry {
  return {
    name,
    sourceFile,
    server: str(b['server']),
    certificateAuthority: resolveLocal(dir, str(b['certificate-authority'])),
    certificateAuthorityData: str(b['certificate-authority-data']),
    insecureSkipTlsVerify: b['insecure-skip-tls-verify'] === true,
    tlsServerName: str(b['tls-server-name']),
    proxyUrl: str(b['proxy-url']),
  };
}

function userEntry(name: string, b: PlainObject, sourceFile: string, dir: string): UserEntry {
  return {
    name,
    sourceFile,
    clientCertificate: resolveLocal(dir, str(b['client-certificate'])),
    clientCertificateData: str(b['client-certificate-data']),
    clientKey: resolveLocal(dir, str(b['client-key'])),
    clientKeyData: str(b['client-key-data']),
    token: str(b['token']),
    tokenFile: resolveLocal(dir, str(b['tokenFile'])),
    username: str(b['username']),
    password: str(b['password']),
    impersonate: str(b['as']),
    exec: execConfig(b['exec'], dir),
    authProvider: authProviderConfig(b['auth-provider']),
  };
}

function execConfig(value: unknown, dir: string): ExecConfig | undefined {
  if (!isRecord(value)) return undefined;
  const command = str(value['command']) ?? '';
  return {
    apiVersion: str(value['apiVersion']),
    // A bare name is looked up on PATH; only something path-like is relative to the file (client-go rule).
    command: command.includes(path.sep) ? (resolveLocal(dir, command) ?? command) : command,
    args: Array.isArray(value['args']) ? value['args'].map((a) => str(a) ?? '') : [],
    env: Array.isArray(value['env'])
      ? value['env'].filter(isRecord).map((e) => ({ name: str(e['name']) ?? '', value: str(e['value']) ?? '' }))
      : [],
    installHint: str(value['installHint']),
    provideClusterInfo: value['provideClusterInfo'] === true,
    interactiveMode: str(value['interactiveMode']),
  };
}

function authProviderConfig(value: unknown): AuthProviderConfig | undefined {
  if (!isRecord(value)) return undefined;
  const config: Record<string, string> = {};
  if (isRecord(value['config'])) {
    for (const [k, v] of Object.entries(value['config'])) {
      const s = str(v);
      if (s !== undefined) config[k] = s;
    }
  }
  return { name: str(value['name']) ?? '', config };
}

// ---------------------------------------------------------------------------------------------
// Merging
// ---------------------------------------------------------------------------------------------

/** Merges files in priority order with kubectl's rules: the first file to define a name wins. */
export function mergeKubeconfigs(files: readonly KubeconfigFile[]): MergedKubeconfig {
  const clusters = new Map<string, ClusterEntry>();
  const users = new Map<string, UserEntry>();
  const contexts = new Map<string, ContextEntry>();
  const problems: RpcErrorShape[] = [];
  const ignoredDuplicates: IgnoredDuplicate[] = [];
  let currentContext: string | undefined;

  const addAll = <T extends { name: string; sourceFile: string }>(kind: EntryKind, into: Map<string, T>, entries: T[]): void => {
    for (const entry of entries) {
      const kept = into.get(entry.name);
      if (kept) ignoredDuplicates.push({ kind, name: entry.name, file: entry.sourceFile, keptFrom: kept.sourceFile });
      else into.set(entry.name, entry);
    }
  };

  for (const file of files) {
    if (file.text === null) {
      if (file.readError !== undefined) {
        problems.push({
          code: 'KUBECONFIG_MALFORMED',
          message: `${file.path} could not be read, so none of its contexts were loaded.`,
          detail: file.readError,
          location: { file: file.path },
        });
      }
      continue;
    }
    const parsed = parseKubeconfigText(file.path, file.text);
    if ('code' in parsed) {
      problems.push(parsed);
      continue;
    }
    addAll('cluster', clusters, parsed.clusters);
    addAll('user', users, parsed.users);
    addAll('context', contexts, parsed.contexts);
    // The first non-empty current-context wins, even if it names a context from a later file.
    currentContext ??= parsed.currentContext;
  }
  return { clusters, users, contexts, currentContext, problems, ignoredDuplicates };
}

// ---------------------------------------------------------------------------------------------
// Summaries (what the UI may see: names and kinds, never secrets or credential paths)
// ---------------------------------------------------------------------------------------------

type AuthKind = ContextSummary['authKind'];

function authKindOf(user: UserEntry | undefined): AuthKind {
  if (!user) return 'none';
  // Plugins first: they decide the credential even when static fields are also present.
  if (user.exec) return 'exec';
  if (user.authProvider) return 'auth-provider';
  if (user.clientCertificate || user.clientCertificateData) return 'client-certificate';
  if (user.token) return 'token'; // client-go prefers an inline token over tokenFile
  if (user.tokenFile) return 'token-file';
  if (user.username || user.password) return 'basic';
  return 'none';
}

export function summarizeContexts(merged: MergedKubeconfig, fileExists: (file: string) => boolean = fs.existsSync): ContextSummary[] {
  return [...merged.contexts.values()].map((ctx) => {
    const cluster = merged.clusters.get(ctx.cluster);
    const user = ctx.user ? merged.users.get(ctx.user) : undefined;
    return {
      name: ctx.name,
      cluster: ctx.cluster,
      server: withoutUserInfo(cluster?.server ?? ''),
      user: ctx.user,
      namespace: ctx.namespace || 'default',
      authKind: authKindOf(user),
      execCommand: user?.exec ? path.basename(user.exec.command) : undefined,
      usesProxy: Boolean(cluster?.proxyUrl),
      insecureSkipTlsVerify: cluster?.insecureSkipTlsVerify ?? false,
      sourceFile: ctx.sourceFile,
      isCurrent: ctx.name === merged.currentContext,
      warnings: contextWarnings(ctx, cluster, user, fileExists),
    };
  });
}

function contextWarnings(ctx: ContextEntry, cluster: ClusterEntry | undefined, user: UserEntry | undefined, fileExists: (file: string) => boolean): string[] {
  const warnings: string[] = [];
  if (!ctx.cluster) warnings.push('This context does not name a cluster.');
  else if (!cluster) warnings.push(`This context uses the cluster "${ctx.cluster}", which no kubeconfig file defines.`);
  if (ctx.user && !user) warnings.push(`This context uses the user "${ctx.user}", which no kubeconfig file defines.`);
  if (cluster) {
    if (!cluster.server) warnings.push(`The cluster "${cluster.name}" has no server address.`);
    if (cluster.insecureSkipTlsVerify) {
      warnings.push(`TLS verification is turned off for the cluster "${cluster.name}" (insecure-skip-tls-verify), so the server's identity is not checked.`);
      if (cluster.certificateAuthority || cluster.certificateAuthorityData) {
        warnings.push(`The cluster "${cluster.name}" sets both insecure-skip-tls-verify and a certificate authority, which kubectl refuses.`);
      }
    }
    if (cluster.certificateAuthority && !fileExists(cluster.certificateAuthority)) {
      warnings.push(`The certificate authority file of the cluster "${cluster.name}" does not exist: ${cluster.certificateAuthority}.`);
    }
  }
  if (user) {
    // A missing file is named by the path that was tried (resolved against its kubeconfig's folder), so the
    // user sees where Meshdeck looked; the path of a file that exists is never shown.
    const files: [string | undefined, string][] = [
      [user.clientCertificate, 'client certificate file'],
      [user.clientKey, 'client key file'],
      [user.token ? undefined : user.tokenFile, 'token file'],
    ];
    for (const [file, what] of files) {
      if (file && !fileExists(file)) warnings.push(`The ${what} of the user "${user.name}" does not exist: ${file}.`);
    }
  }
  return warnings;
}

export function contextsSnapshot(paths: readonly string[], files: readonly KubeconfigFile[], merged: MergedKubeconfig): ContextsSnapshot {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return {
    contexts: summarizeContexts(merged),
    currentContext: merged.currentContext,
    files: paths.map((p) => {
      const f = byPath.get(p);
      return { path: p, exists: f !== undefined && (f.text !== null || f.readError !== undefined) };
    }),
    problems: merged.problems,
  };
}

// ---------------------------------------------------------------------------------------------
// client-node KubeConfig for one context
// ---------------------------------------------------------------------------------------------

/** Certificate, key and token files are small; a cap keeps a wrong path (a log, a disk image) from being loaded. */
export const MAX_CREDENTIAL_FILE_BYTES = 1024 * 1024;

/** What a connection to one context is made from. */
export interface ClientConfig {
  kubeConfig: KubeConfig;
  /** The credential plugin its user runs, if any (run only through the ExecCredentialSource given). */
  execPlugin?: ExecPluginSpec;
}

/**
 * A client-node KubeConfig holding exactly one context, its cluster and its user. Files the kubeconfig refers to
 * are read here, bounded and without blocking, and handed over as data: client-node would read them with
 * readFileSync on every request, which never returns for /dev/zero or a named pipe. An exec plugin is never
 * handed to client-node (which would run it unasked, every time): its credential comes from `credentials`.
 */
export async function buildClientConfig(merged: MergedKubeconfig, contextName: string, credentials: ExecCredentialSource): Promise<ClientConfig> {
  const ctx = merged.contexts.get(contextName);
  if (!ctx) {
    throw new MeshdeckError({ code: 'NOT_FOUND', message: `There is no context named "${contextName}" in your kubeconfig files.` });
  }
  const cluster = merged.clusters.get(ctx.cluster);
  if (!cluster) {
    throw new MeshdeckError({
      code: 'CONTEXT_INCOMPLETE',
      message: `The context "${ctx.name}" uses the cluster "${ctx.cluster}", which no kubeconfig file defines.`,
    });
  }
  if (!cluster.server) {
    throw new MeshdeckError({ code: 'CONTEXT_INCOMPLETE', message: `The cluster "${cluster.name}" used by the context "${ctx.name}" has no server address.` });
  }
  // No user named at all means anonymous (as kubectl does); a named but undefined user is an error.
  const user: UserEntry | undefined = ctx.user ? merged.users.get(ctx.user) : { name: '', sourceFile: ctx.sourceFile };
  if (!user) {
    throw new MeshdeckError({
      code: 'CONTEXT_INCOMPLETE',
      message: `The context "${ctx.name}" uses the user "${ctx.user}", which no kubeconfig file defines.`,
    });
  }
  const files = await readCredentialFiles(cluster, user);
  const execPlugin = user.exec ? execPluginSpec(user, user.exec, cluster, files) : undefined;
  const kubeConfig = new KubeConfig();
  if (execPlugin) kubeConfig.addAuthenticator(execAuthenticator(credentials, user.name, execPlugin));
  kubeConfig.loadFromOptions({
    clusters: [toClientCluster(cluster, files)],
    users: [toClientUser(user, files)],
    contexts: [{ name: ctx.name, cluster: cluster.name, user: user.name, namespace: ctx.namespace }],
    currentContext: ctx.name,
  });
  return { kubeConfig, execPlugin };
}

export async function toKubeConfig(merged: MergedKubeconfig, contextName: string, credentials: ExecCredentialSource): Promise<KubeConfig> {
  return (await buildClientConfig(merged, contextName, credentials)).kubeConfig;
}

/** Base64 contents of the files a cluster and user refer to; inline data wins over a file, as in kubectl. */
interface CredentialFiles {
  caData?: string;
  certData?: string;
  keyData?: string;
  token?: string;
}

async function readCredentialFiles(c: ClusterEntry, u: UserEntry): Promise<CredentialFiles> {
  const read = async (file: string | undefined, what: string): Promise<Buffer | undefined> => {
    if (!file) return undefined;
    try {
      return await readBoundedFile(file, MAX_CREDENTIAL_FILE_BYTES);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new MeshdeckError({ code: 'CREDENTIALS_UNREADABLE', message: `The ${what} (${file}) cannot be read: ${reason}.`, detail: reason });
    }
  };
  const [ca, cert, key, token] = await Promise.all([
    c.certificateAuthorityData ? undefined : read(c.certificateAuthority, `certificate authority file of the cluster "${c.name}"`),
    u.clientCertificateData ? undefined : read(u.clientCertificate, `client certificate file of the user "${u.name}"`),
    u.clientKeyData ? undefined : read(u.clientKey, `client key file of the user "${u.name}"`),
    // client-go prefers an inline token over tokenFile.
    u.token ? undefined : read(u.tokenFile, `token file of the user "${u.name}"`),
  ]);
  return {
    caData: c.certificateAuthorityData ?? ca?.toString('base64'),
    certData: u.clientCertificateData ?? cert?.toString('base64'),
    keyData: u.clientKeyData ?? key?.toString('base64'),
    // client-go trims the file's whitespace (a trailing newline is the norm).
    token: u.token || token?.toString('utf8').trim() || undefined,
  };
}

function toClientCluster(c: ClusterEntry, files: CredentialFiles): Cluster {
  return {
    name: c.name,
    // client-node's own loader strips one trailing slash; keep its URLs identical.
    server: (c.server ?? '').replace(/\/$/, ''),
    caData: files.caData,
    skipTLSVerify: c.insecureSkipTlsVerify,
    tlsServerName: c.tlsServerName,
    // client-node picks the agent from this: socks* -> SOCKS, otherwise HTTP CONNECT chosen by the server's scheme.
    proxyUrl: c.proxyUrl,
  };
}

function toClientUser(u: UserEntry, files: CredentialFiles): User {
  return {
    name: u.name,
    certData: files.certData,
    keyData: files.keyData,
    // client-node 1.4 has no tokenFile (its loader reads a non-kubectl `token-file` key): read above.
    token: files.token,
    username: u.username,
    password: u.password,
    impersonateUser: u.impersonate,
    authProvider: u.authProvider ? clientAuthProvider(u) : undefined,
  };
}

/**
 * Of the legacy auth providers, kubectl keeps only oidc. client-node would also run gcp's and azure's `cmd-path`
 * through a shell, synchronously and unasked, and read a `tokenFile` synchronously: those are refused, as kubectl
 * refuses them, and the keys that make client-node run or read something are dropped.
 */
function clientAuthProvider(u: UserEntry): User['authProvider'] {
  const provider = u.authProvider!;
  if (provider.name !== 'oidc') {
    const instead = provider.name === 'gcp' ? ' Use the gke-gcloud-auth-plugin credential plugin instead.' : provider.name === 'azure' ? ' Use kubelogin instead.' : '';
    throw new MeshdeckError({
      code: 'EXEC_PLUGIN_MISSING',
      message: `The user "${u.name}" authenticates with the "${provider.name}" auth provider, which kubectl no longer supports.${instead}`,
    });
  }
  const { tokenFile: _tokenFile, exec: _exec, ...config } = provider.config;
  // Copied: client-node's oidc provider writes refreshed tokens back into this config.
  return { name: provider.name, config };
}

/**
 * The plugin as kubectl runs it: exec.command with exec.args and exec.env over our environment, and always
 * KUBERNETES_EXEC_INFO (some plugins pick their output apiVersion from it), with the cluster when
 * provideClusterInfo is set. No terminal is given, so the plugin must not prompt.
 */
function execPluginSpec(u: UserEntry, e: ExecConfig, cluster: ClusterEntry, files: CredentialFiles): ExecPluginSpec {
  const execInfo = {
    apiVersion: e.apiVersion,
    kind: 'ExecCredential',
    spec: { interactive: false, ...(e.provideClusterInfo ? { cluster: execClusterInfo(cluster, files) } : {}) },
  };
  return {
    sourceFile: u.sourceFile,
    command: e.command,
    args: [...e.args],
    env: [...e.env, { name: 'KUBERNETES_EXEC_INFO', value: JSON.stringify(execInfo) }],
    installHint: e.installHint,
  };
}

function execClusterInfo(c: ClusterEntry, files: CredentialFiles): Record<string, unknown> {
  return {
    server: c.server,
    'tls-server-name': c.tlsServerName,
    'insecure-skip-tls-verify': c.insecureSkipTlsVerify || undefined,
    'certificate-authority-data': files.caData,
    'proxy-url': c.proxyUrl,
  };
}

// ---------------------------------------------------------------------------------------------
// Watching
// ---------------------------------------------------------------------------------------------

/**
 * Calls onChange (debounced) when any of the files is written, replaced, created or removed.
 * Watches parent directories, not the files: editors replace files by rename, and a file in
 * the list may not exist yet. Directories that do not exist are skipped.
 */
export function watchKubeconfigFiles(paths: readonly string[], onChange: () => void, debounceMs = 200): () => void {
  const namesByDir = new Map<string, Set<string>>();
  for (const p of paths) {
    const abs = path.resolve(p);
    const dir = path.dirname(abs);
    const names = namesByDir.get(dir) ?? new Set<string>();
    names.add(path.basename(abs));
    namesByDir.set(dir, names);
  }

  let timer: NodeJS.Timeout | undefined;
  let disposed = false;
  const schedule = (): void => {
    if (disposed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!disposed) onChange();
    }, debounceMs);
  };

  const watchers: fs.FSWatcher[] = [];
  for (const [dir, names] of namesByDir) {
    let watcher: fs.FSWatcher;
    try {
      // Some platforms omit the file name; then any change in the directory counts.
      watcher = fs.watch(dir, (_event, filename) => {
        if (filename === null || names.has(filename)) schedule();
      });
    } catch {
      continue;
    }
    watcher.on('error', () => watcher.close()); // e.g. the directory was removed
    watchers.push(watcher);
  }

  return () => {
    disposed = true;
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function isNullScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null;
}

function isRecord(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** kubeconfig strings; a scalar YAML typed as a number or boolean is read back as text. */
function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** client-go's ResolvePaths: relative paths are joined to the file's directory; `~` is left alone. */
function resolveLocal(dir: string, file: string | undefined): string | undefined {
  if (!file) return file;
  return path.isAbsolute(file) ? file : path.join(dir, file);
}
