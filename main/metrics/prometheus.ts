import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { MetricsSource } from '../contract/metrics.js';
import type { ClusterConnection } from '../kube/connection.js';

/** One instant sample per series, or a range of points per series, as Prometheus answers. */
export interface Sample { metric: Record<string, string>; value: number | null }
export interface RangeSeries { metric: Record<string, string>; points: [number, number | null][] }

/** Why a query got no answer: Prometheus unreachable (or refusing), or Prometheus refusing this query. */
export class PromError extends Error {
  constructor(readonly kind: 'unreachable' | 'query', message: string, readonly query: string, readonly detail?: string) {
    super(message);
  }
}

/** How Prometheus's HTTP API is reached: a GET of a path under /api/v1, answered as it is. */
type Get = (pathAndQuery: string) => Promise<{ status: number; body: string }>;

const num = (v: string) => {
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/**
 * A client of Prometheus's query API, whatever the way in. It counts its queries, so a page can say
 * what one refresh costs.
 */
export class Prometheus {
  queries = 0;

  constructor(readonly source: MetricsSource, private readonly get: Get) {}

  /** The same Prometheus with a counter of its own: one per page refresh, however many run at once. */
  counted(): Prometheus {
    return new Prometheus(this.source, this.get);
  }

  async query(q: string, time?: number): Promise<Sample[]> {
    const data = await this.call<{ resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] | [number, string] }>(
      `/api/v1/query?query=${encodeURIComponent(q)}${time ? `&time=${time}` : ''}`, q);
    if (data.resultType === 'scalar') return [{ metric: {}, value: num((data.result as [number, string])[1]) }];
    return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({ metric: r.metric, value: num(r.value[1]) }));
  }

  async queryRange(q: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
    const data = await this.call<{ result: { metric: Record<string, string>; values: [number, string][] }[] }>(
      `/api/v1/query_range?query=${encodeURIComponent(q)}&start=${start}&end=${end}&step=${step}`, q);
    return data.result.map((r) => ({ metric: r.metric, points: r.values.map(([t, v]) => [t, num(v)] as [number, number | null]) }));
  }

  private async call<T>(path: string, q: string): Promise<T> {
    this.queries++;
    let answer: { status: number; body: string };
    try {
      answer = await this.get(path);
    } catch (e) {
      throw new PromError('unreachable', `Prometheus did not answer: ${(e as Error).message}`, q, (e as { shape?: { detail?: string } }).shape?.detail);
    }
    let body: { status?: string; data?: T; error?: string; errorType?: string } | undefined;
    try { body = JSON.parse(answer.body) as typeof body; } catch { body = undefined; }
    if (body?.status === 'success' && body.data) return body.data;
    // Prometheus's own refusal of the query (bad_data, execution…) carries its message; anything else is the way in failing.
    if (body?.status === 'error' && (answer.status === 400 || answer.status === 422 || body.errorType === 'bad_data' || body.errorType === 'execution')) {
      throw new PromError('query', `Prometheus refused the query: ${body.error ?? body.errorType}`, q, body.error);
    }
    throw new PromError('unreachable', answer.status === 401 || answer.status === 403 ? `Prometheus refused Meshdeck (${answer.status}): check its credentials.` : `Prometheus answered ${answer.status}.`, q, answer.body.slice(0, 300));
  }
}

/** Prometheus as a Service of the cluster, through the API server's service proxy (no port-forward, no extra process). */
export function viaServiceProxy(conn: ClusterConnection, namespace: string, name: string, port: number, discovered: boolean): Prometheus {
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}:${port}/proxy`;
  return new Prometheus({ kind: 'service', namespace, name, port, discovered }, (p) => conn.getRaw(base + p));
}

export interface UrlCredentials { username?: string; password?: string; bearerToken?: string; caPem?: string }

/** Prometheus at a URL the user gave, with basic or bearer auth and a custom CA; the credentials never leave the core. */
export function viaUrl(url: string, c: UrlCredentials): Prometheus {
  const base = new URL(url.replace(/\/+$/, ''));
  const auth = c.bearerToken ? 'bearer' : c.username ? 'basic' : 'none';
  return new Prometheus({ kind: 'url', url: base.origin + base.pathname, auth, customCa: !!c.caPem }, (p) => new Promise((resolve, reject) => {
    const target = new URL(base.pathname.replace(/\/$/, '') + p, base.origin);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (c.bearerToken) headers.authorization = `Bearer ${c.bearerToken}`;
    else if (c.username) headers.authorization = `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'GET', headers, timeout: 15_000, ...(c.caPem ? { ca: c.caPem } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  }));
}
