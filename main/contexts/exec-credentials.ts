import { createHash } from 'node:crypto';
import type { User } from '@kubernetes/client-node';
import { MeshdeckError } from '../contract/errors.js';
import { runExecPlugin, type ExecCredential, type ExecPluginSpec } from './exec-plugin.js';
import type { PluginTrust } from './plugin-trust.js';

/** Long enough for a plugin that opens a browser for a login; then it is stopped with its process group. */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 60_000;
/** A credential this close to its expiry is fetched again rather than sent. */
const EXPIRY_MARGIN_MS = 5_000;

/** What toKubeConfig needs to authenticate an exec user; ExecCredentials is the real one. */
export interface ExecCredentialSource {
  get(spec: ExecPluginSpec): Promise<ExecCredential>;
}

/** The request options client-node lets an authenticator fill in. */
interface AuthOptions {
  headers?: Record<string, string>;
  cert?: string | Buffer;
  key?: string | Buffer;
}

/** client-node's Authenticator interface, for the one user a Meshdeck KubeConfig holds. */
export function execAuthenticator(source: ExecCredentialSource, userName: string, spec: ExecPluginSpec) {
  return {
    isAuthProvider: (user: User) => user.name === userName,
    async applyAuthentication(_user: User, opts: AuthOptions): Promise<void> {
      const credential = await source.get(spec);
      if (credential.clientCertificateData) opts.cert = credential.clientCertificateData;
      if (credential.clientKeyData) opts.key = credential.clientKeyData;
      if (credential.token) opts.headers = { ...opts.headers, Authorization: `Bearer ${credential.token}` };
    },
  };
}

/**
 * Credentials from exec plugins, run only when needed: never before the user confirmed the plugin for its
 * kubeconfig file, once at a time for the same plugin (a second request waits for the run in progress), and
 * cached until the expiry the plugin gave. Without an expiry a credential is kept until the cluster answers 401
 * (`forget`), as client-go does.
 */
export class ExecCredentials implements ExecCredentialSource {
  private readonly cache = new Map<string, ExecCredential>();
  private readonly inFlight = new Map<string, Promise<ExecCredential>>();
  private readonly disposed = new AbortController();

  constructor(
    private readonly trust: PluginTrust,
    private readonly o: { timeoutMs?: number; now?: () => number; run?: typeof runExecPlugin } = {},
  ) {}

  get(spec: ExecPluginSpec): Promise<ExecCredential> {
    const key = cacheKey(spec);
    const cached = this.cache.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - EXPIRY_MARGIN_MS > (this.o.now ?? Date.now)())) return Promise.resolve(cached);
    const running = this.inFlight.get(key);
    if (running) return running;
    const run = (async () => {
      if (!(await this.trust.isTrusted(spec.sourceFile, spec.command))) throw unconfirmed(spec);
      const credential = await (this.o.run ?? runExecPlugin)(spec, this.o.timeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_MS, this.disposed.signal);
      this.cache.set(key, credential);
      return credential;
    })().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
    return run;
  }

  /** The cluster refused the credential: the next request runs the plugin again. */
  forget(spec: ExecPluginSpec): void {
    this.cache.delete(cacheKey(spec));
  }

  /** Stops plugins still running, with their process groups (the core is going away). */
  dispose(): void {
    this.cache.clear();
    this.disposed.abort();
  }
}

/** One entry per file and exact invocation: the same plugin for another cluster (its info in env) is another. */
function cacheKey(spec: ExecPluginSpec): string {
  return createHash('sha256').update(JSON.stringify([spec.sourceFile, spec.command, spec.args, spec.env])).digest('hex');
}

function unconfirmed(spec: ExecPluginSpec): MeshdeckError {
  return new MeshdeckError({
    code: 'EXEC_PLUGIN_UNCONFIRMED',
    message: `This context gets its credentials by running ${[spec.command, ...spec.args].join(' ')}, as ${spec.sourceFile} asks. Meshdeck runs a plugin from a kubeconfig file only after you confirm it.`,
    plugin: { command: spec.command, args: spec.args, file: spec.sourceFile },
  });
}
