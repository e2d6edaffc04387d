import { X509Certificate } from 'node:crypto';
import { type Agent, request } from 'node:https';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { MeshdeckError } from '../contract/errors.js';
import { classifyKubeError } from './errors.js';
import { withoutUserInfo } from './server-url.js';

/** One context's connection: credentials checked up front, every failure classified. */
export class ClusterConnection {
  readonly server: string;
  /** The server as messages name it: without user info. */
  readonly shownServer: string;
  readonly viaProxy: boolean;

  constructor(
    readonly kc: KubeConfig,
    readonly contextName: string,
    private readonly hooks: { onUnauthorized?: () => void } = {},
  ) {
    const cluster = kc.getCurrentCluster();
    this.server = cluster?.server ?? '(no server)';
    this.shownServer = withoutUserInfo(this.server);
    this.viaProxy = !!cluster?.proxyUrl;
  }

  classify(err: unknown, stage: 'credentials' | 'request' = 'request'): MeshdeckError {
    const error = classifyKubeError(err, { server: this.shownServer, stage, viaProxy: this.viaProxy });
    if (error.code === 'UNAUTHORIZED') this.hooks.onUnauthorized?.();
    return error;
  }

  private credentialsChecked: Promise<void> | undefined;

  /** Fails early, in plain words, on an expired client certificate or a broken credential plugin (once per connection). */
  checkCredentials(timeoutMs = 20_000): Promise<void> {
    this.credentialsChecked ??= this.checkCredentialsNow();
    // A credential plugin waiting for a browser login must not hang a probe forever.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new MeshdeckError({ code: 'TIMEOUT', message: 'Getting credentials for this context took too long (is the credential plugin waiting for a login?).' })), timeoutMs);
    });
    return Promise.race([this.credentialsChecked, timeout]).finally(() => clearTimeout(timer));
  }

  private async checkCredentialsNow(): Promise<void> {
    const user = this.kc.getCurrentUser();
    try {
      // Certificate files were read into certData by toKubeConfig (bounded, without blocking).
      const pem = user?.certData ? Buffer.from(user.certData, 'base64') : undefined;
      if (pem) {
        const cert = new X509Certificate(pem);
        if (Date.parse(cert.validTo) < Date.now()) {
          throw new MeshdeckError({ code: 'TLS_CERT_EXPIRED', message: `Your client certificate expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}.`, detail: `subject ${cert.subject.replace(/\n/g, ', ')}; valid until ${cert.validTo}` });
        }
      }
      await this.kc.applyToHTTPSOptions({});
    } catch (err) {
      const u = this.kc.getCurrentUser();
      throw classifyKubeError(err, { server: this.shownServer, stage: u?.exec || u?.authProvider ? 'credentials' : 'request', viaProxy: this.viaProxy });
    }
  }

  /** GET a path on the API server and parse JSON; used where a typed client adds nothing (/version). */
  getJson<T>(path: string, timeoutMs = 8000): Promise<T> {
    return this.requestJson<T>('GET', path, { timeoutMs });
  }

  /**
   * One raw JSON request. Used where client-node's typed models would get in the way: its serializer
   * drops fields it has no model name for (x-kubernetes-* in CRD schemas), so applies go through here.
   */
  async requestJson<T>(method: string, path: string, o: { body?: unknown; contentType?: string; timeoutMs?: number; accept?: string } = {}): Promise<T> {
    const timeoutMs = o.timeoutMs ?? 8000;
    await this.checkCredentials(Math.max(timeoutMs, 10_000));
    const { url, opts, headers, send } = await this.prepare(path);
    if (o.accept) headers.accept = o.accept;
    const payload = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
    if (payload) Object.assign(headers, { 'content-type': o.contentType ?? 'application/json', 'content-length': payload.length });
    requestCounter.count(method, path);
    return new Promise<T>((resolve, reject) => {
      const req = send(url, { ...opts, method, headers, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 400) return reject(this.classify({ code: res.statusCode, body }));
          try { resolve((body ? JSON.parse(body) : {}) as T); } catch (e) { reject(this.classify(e)); }
        });
        // A connection cut mid-body ends neither with 'end' nor on the request: say so instead of waiting forever.
        res.on('error', (e) => reject(this.classify(e)));
        res.on('close', () => { if (!res.complete) reject(this.classify(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }))); });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => reject(this.classify(e)));
      req.end(payload);
    });
  }

  /**
   * A GET whose answer is returned as it is, whatever its status (the API server's service proxy passes
   * a proxied server's own errors through); only failures to get an answer at all are thrown, classified.
   */
  async getRaw(path: string, timeoutMs = 15_000): Promise<{ status: number; body: string }> {
    await this.checkCredentials(Math.max(timeoutMs, 10_000));
    const { url, opts, headers, send } = await this.prepare(path);
    requestCounter.count('GET', path);
    return new Promise((resolve, reject) => {
      const req = send(url, { ...opts, method: 'GET', headers, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => reject(this.classify(e)));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => reject(this.classify(e)));
      req.end();
    });
  }

  private async prepare(path: string) {
    const opts: RequestOptions & { agent?: Agent } = {};
    await this.kc.applyToHTTPSOptions(opts);
    // Keep the server's own path (Rancher and other proxies serve clusters under a prefix).
    const url = new URL(this.server.replace(/\/+$/, '') + path);
    const headers: Record<string, string | number> = { ...(opts.headers as Record<string, string>), accept: 'application/json' };
    const send = url.protocol === 'http:' ? httpRequest : request;
    return { url, opts, headers, send };
  }

  /**
   * A GET whose body is read as it arrives (a watch, a list split as it downloads): resolves with the response once its status is
   * in, rejects with the classified error otherwise. `signal` aborts the request.
   */
  async openStream(path: string, signal: AbortSignal, idleTimeoutMs?: number): Promise<IncomingMessage> {
    await this.checkCredentials();
    const { url, opts, headers, send } = await this.prepare(path);
    requestCounter.count(/[?&]watch=/.test(path) ? 'WATCH' : 'LIST', path);
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, { ...opts, method: 'GET', headers, signal, timeout: idleTimeoutMs }, (res) => {
        if ((res.statusCode ?? 0) < 400) return resolve(res);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => reject(this.classify({ code: res.statusCode, body: Buffer.concat(chunks).toString('utf8') })));
        res.on('error', (e) => reject(this.classify(e)));
      });
      req.on('error', (e) => reject(signal.aborted ? e : this.classify(e)));
      // Idle for too long (no byte either way): fail rather than wait forever on a stalled connection.
      req.on('timeout', () => req.destroy(Object.assign(new Error('no data for too long'), { code: 'ETIMEDOUT' })));
      req.end();
    });
  }
}

/**
 * Counts the requests this process sends to API servers, by verb (WATCH for watches). The
 * inventory benchmark reads it to show that an idle inventory only re-opens watches.
 */
/** Asks a LIST for metadata only (names, labels): a fraction of the bytes for kinds with large specs. */
export const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1, application/json';

export const requestCounter = {
  byVerb: new Map<string, number>(),
  count(verb: string, path: string) {
    const key = verb === 'GET' && /[?&]limit=/.test(path) ? 'LIST' : verb;
    this.byVerb.set(key, (this.byVerb.get(key) ?? 0) + 1);
  },
  total(): number {
    let n = 0;
    for (const v of this.byVerb.values()) n += v;
    return n;
  },
};
