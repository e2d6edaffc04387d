import { MeshdeckError, type RpcErrorShape } from '../contract/errors.js';

/** Walks an error and its causes for the first Node error code (ECONNREFUSED, CERT_HAS_EXPIRED...). */
function errnoCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && e.message && !parts.includes(e.message)) parts.push(e.message);
  }
  return parts.join(': ') || String(err);
}

interface KubeStatus { message?: string; reason?: string; details?: { kind?: string; group?: string; name?: string } }

function statusOf(err: unknown): { code: number; status?: KubeStatus } | undefined {
  const code = (err as { code?: unknown; statusCode?: unknown }).code ?? (err as { statusCode?: unknown }).statusCode;
  if (typeof code !== 'number') return undefined;
  const body = (err as { body?: unknown }).body;
  let status: KubeStatus | undefined;
  if (typeof body === 'string') {
    try { status = JSON.parse(body) as KubeStatus; } catch { status = { message: body.slice(0, 500) }; }
  } else if (body && typeof body === 'object') {
    status = body as KubeStatus;
  }
  return { code, status };
}

/** Parses the API server's RBAC refusal: `User "x" cannot list resource "nodes" in API group "" ...`. */
export function parseForbidden(message: string): RpcErrorShape['forbidden'] | undefined {
  const m = /cannot (\w+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/.exec(message);
  if (!m) return undefined;
  return { verb: m[1]!, resource: m[2]!, group: m[3] || undefined, namespace: m[4] };
}

const TLS_UNKNOWN = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

/**
 * Turns whatever a request to a cluster threw into one coded, plain-language error.
 * `server` names the cluster address in messages; `stage` says whether credentials were being obtained.
 */
export function classifyKubeError(err: unknown, ctx: { server: string; stage?: 'credentials' | 'request'; viaProxy?: boolean }): MeshdeckError {
  if (err instanceof MeshdeckError) return err;
  const detail = messageOf(err);
  const status = statusOf(err);
  if (status) {
    const msg = status.status?.message ?? '';
    if (status.code === 401) {
      return new MeshdeckError({ code: 'UNAUTHORIZED', message: `The cluster at ${ctx.server} did not accept your credentials (401 Unauthorized).`, detail: msg || detail });
    }
    if (status.code === 403) {
      const forbidden = parseForbidden(msg);
      const what = forbidden ? `${forbidden.verb} ${forbidden.group ? `${forbidden.resource}.${forbidden.group}` : forbidden.resource}${forbidden.namespace ? ` in namespace ${forbidden.namespace}` : ''}` : 'do this';
      return new MeshdeckError({ code: 'FORBIDDEN', message: `Your account is not allowed to ${what}.`, detail: msg || detail, forbidden });
    }
    if (status.code === 409) return new MeshdeckError({ code: 'CONFLICT', message: 'Someone else changed this object since it was read; review the change again.', detail: msg || detail });
    if (status.code === 410) return new MeshdeckError({ code: 'GONE', message: 'The cluster no longer has the history asked for; reading it afresh.', detail: msg || detail });
    if (status.code === 404) return new MeshdeckError({ code: 'NOT_FOUND', message: 'The cluster has no such resource.', detail: msg || detail });
    return new MeshdeckError({ code: 'INTERNAL', message: `The cluster answered ${status.code}.`, detail: msg || detail });
  }
  const code = errnoCode(err);
  if (ctx.stage === 'credentials') {
    // V8's JSON error quotes the start of what it parsed: that may be a token. Say what it was, not what it said.
    if (err instanceof SyntaxError) return new MeshdeckError({ code: 'EXEC_PLUGIN_FAILED', message: 'The credential plugin this context runs failed.', detail: 'its output is not a valid ExecCredential (not JSON)' });
    if (code === 'ENOENT' || code === 'EACCES') {
      if (/spawn/i.test(detail)) return new MeshdeckError({ code: 'EXEC_PLUGIN_MISSING', message: 'The credential plugin this context runs was not found.', detail });
      return new MeshdeckError({ code: 'CREDENTIALS_UNREADABLE', message: 'A certificate, key or token file of this context cannot be read.', detail: code });
    }
    return new MeshdeckError({ code: 'EXEC_PLUGIN_FAILED', message: 'The credential plugin this context runs failed.', detail });
  }
  if (code && TLS_UNKNOWN.has(code)) {
    return new MeshdeckError({ code: 'TLS_UNKNOWN_AUTHORITY', message: `The certificate of ${ctx.server} is signed by an authority your kubeconfig does not trust.`, detail: `${code}: ${detail}` });
  }
  if (code === 'CERT_HAS_EXPIRED') return new MeshdeckError({ code: 'TLS_CERT_EXPIRED', message: `The certificate of ${ctx.server} has expired.`, detail });
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new MeshdeckError({ code: 'TLS_HOSTNAME_MISMATCH', message: `The certificate of ${ctx.server} is not valid for that address.`, detail });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new MeshdeckError({ code: 'DNS', message: `The host name of ${ctx.server} cannot be resolved.`, detail: `${code}: ${detail}` });
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    if (ctx.viaProxy) return new MeshdeckError({ code: 'PROXY', message: `The proxy configured for ${ctx.server} could not be reached or refused the connection.`, detail: `${code}: ${detail}` });
    return new MeshdeckError({ code: 'UNREACHABLE', message: `Nothing answered at ${ctx.server}.`, detail: `${code}: ${detail}` });
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || /timeout|timed out|aborted/i.test(detail)) {
    return new MeshdeckError({ code: 'TIMEOUT', message: `${ctx.server} did not answer in time.`, detail });
  }
  if (code?.startsWith('ERR_TLS') || code?.startsWith('ERR_SSL') || /certificate|ssl|tls/i.test(detail)) {
    return new MeshdeckError({ code: 'TLS_OTHER', message: `The secure connection to ${ctx.server} failed.`, detail: code ? `${code}: ${detail}` : detail });
  }
  return new MeshdeckError({ code: 'INTERNAL', message: `The request to ${ctx.server} failed.`, detail: code ? `${code}: ${detail}` : detail });
}
