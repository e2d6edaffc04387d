import { MetricsSourceChoice, type MetricsSource } from '../../../main/contract/metrics.js';

/** The form that chooses Prometheus, as typed. Secrets live here only until they are sent. */
export interface SourceDraft {
  kind: 'auto' | 'service' | 'url';
  /** A Service found in the cluster, as "namespace/name:port", or typed in the three fields below. */
  namespace: string;
  name: string;
  port: string;
  url: string;
  auth: 'none' | 'basic' | 'bearer';
  username: string;
  password: string;
  bearerToken: string;
  caPem: string;
}

export type SourceField = 'namespace' | 'name' | 'port' | 'url' | 'username' | 'password' | 'bearerToken' | 'caPem';

export function emptySourceDraft(): SourceDraft {
  return { kind: 'auto', namespace: '', name: '', port: '9090', url: '', auth: 'none', username: '', password: '', bearerToken: '', caPem: '' };
}

/** The draft that shows the source in use (never its secrets: the core does not send them back). */
export function draftOf(source: MetricsSource | undefined): SourceDraft {
  const draft = emptySourceDraft();
  if (!source) return draft;
  if (source.kind === 'service') return source.discovered ? draft : { ...draft, kind: 'service', namespace: source.namespace, name: source.name, port: String(source.port) };
  return { ...draft, kind: 'url', url: source.url, auth: source.auth };
}

/**
 * The choice the core receives, checked by the contract's own schema; or what is wrong, per field. A URL with basic
 * auth needs a user name; with a token, the token (the password may be empty).
 */
export function choiceOf(draft: SourceDraft): { choice?: MetricsSourceChoice; errors: Partial<Record<SourceField, string>> } {
  const errors: Partial<Record<SourceField, string>> = {};
  let input: unknown;
  if (draft.kind === 'auto') input = { kind: 'auto' };
  else if (draft.kind === 'service') {
    const port = Number(draft.port);
    if (!/^\d+$/.test(draft.port.trim())) errors.port = 'A port number, for example 9090.';
    input = { kind: 'service', namespace: draft.namespace.trim(), name: draft.name.trim(), port };
  } else {
    if (draft.auth === 'basic' && !draft.username.trim()) errors.username = 'The user name for basic auth.';
    if (draft.auth === 'bearer' && !draft.bearerToken.trim()) errors.bearerToken = 'The token to send.';
    input = {
      kind: 'url',
      url: draft.url.trim(),
      ...(draft.auth === 'basic' ? { username: draft.username.trim(), password: draft.password } : {}),
      ...(draft.auth === 'bearer' ? { bearerToken: draft.bearerToken.trim() } : {}),
      ...(draft.caPem.trim() ? { caPem: draft.caPem.trim() } : {}),
    };
  }
  const parsed = MetricsSourceChoice.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && isField(field) && !errors[field]) errors[field] = FIELD_MESSAGE[field] ?? issue.message;
    }
  }
  return parsed.success && Object.keys(errors).length === 0 ? { choice: parsed.data, errors } : { errors };
}

const FIELDS: readonly SourceField[] = ['namespace', 'name', 'port', 'url', 'username', 'password', 'bearerToken', 'caPem'];
const isField = (f: string): f is SourceField => (FIELDS as readonly string[]).includes(f);

/** Plainer words than the schema's for the fields people get wrong most. */
const FIELD_MESSAGE: Partial<Record<SourceField, string>> = {
  namespace: 'A namespace name (lower case letters, digits and dashes).',
  name: 'The Service’s name.',
  port: 'A port number between 1 and 65535.',
  url: 'An address starting with http:// or https://.',
};

/** "monitoring/prometheus:9090 (found in the cluster), through the API server", "https://prom.example.com with a token and its own CA". */
export function sourceWords(source: MetricsSource): string {
  if (source.kind === 'service') {
    return `Service ${source.namespace}/${source.name}:${source.port} ${source.discovered ? '(found in the cluster)' : '(chosen)'}, reached through the API server`;
  }
  const auth = source.auth === 'basic' ? ' with basic auth' : source.auth === 'bearer' ? ' with a token' : '';
  return `${source.url}${auth}${source.customCa ? ', trusting its own CA' : ''}`;
}
