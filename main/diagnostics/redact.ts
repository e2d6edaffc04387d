/**
 * Diagnostics leave the machine (attached to an issue, mailed to a colleague), so every credential is removed before
 * a report is written: the one pure function below, applied to the whole report, and then to its text once more.
 * Two passes of rules: a field whose name says it holds a secret loses its value whatever it looks like; and every
 * string is scanned for the shapes secrets take in free text (PEM blocks, Authorization headers, URL user info,
 * name=value and name: value pairs, JWTs, long base64 runs such as kubeconfig *-data fields and Secret data).
 */
export const REDACTED = '[redacted]';

/** Field names (compared without case, '-' or '_') whose values are secrets, or certificates nobody needs to see. */
const SECRET_FIELD = /(token|password|passwd|passphrase|secret|credential|authorization|cookie|apikey|privatekey|clientkey|clientcertificate|certificateauthoritydata|cadata|bearer|sessionkey)/;
const SECRET_FIELD_EXACT = new Set(['key', 'cert', 'certificate', 'auth', 'pass', 'pwd', 'data', 'stringdata', 'ca', 'tlscrt', 'tlskey']);

export function isSecretField(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[-_.\s]/g, '');
  return SECRET_FIELD_EXACT.has(normalized) || SECRET_FIELD.test(normalized);
}

/** Names that introduce a secret in free text: `name=value`, `name: value`, `"name": "value"`. */
const SECRET_NAMES =
  'access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|token|client[-_]?secret|secret|password|passwd|passphrase|pwd|api[-_]?key|' +
  'client[-_]?key[-_]?data|client[-_]?certificate[-_]?data|certificate[-_]?authority[-_]?data|private[-_]?key';

const TEXT_RULES: readonly [RegExp, string | ((...groups: string[]) => string)][] = [
  // PEM blocks (keys, certificates, CSRs), also one cut off before its END line.
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, '[redacted PEM block]'],
  // Authorization headers, whatever their scheme.
  [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|digest|negotiate|token)\s+)?[^\s"',;]+/gi, (_m, name, sep) => `${name}${sep}${REDACTED}`],
  // Bearer and Basic credentials anywhere else.
  [/\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, (_m, scheme) => `${scheme} ${REDACTED}`],
  // User info in URLs: https://user:password@host/ and https://token@host/.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']+@/gi, (_m, scheme) => `${scheme}${REDACTED}@`],
  // "name": "value" and name='value' (JSON, quoted YAML): the whole quoted value, spaces and all.
  [new RegExp(`(["']?\\b(?:${SECRET_NAMES})\\b["']?)(\\s*[:=]\\s*)(["'])(?:\\\\.|(?!\\3)[^\\\\])*\\3`, 'gi'), (_m, name, sep, quote) => `${name}${sep}${quote}${REDACTED}${quote}`],
  // name=value / name: value unquoted (YAML, query strings, environment variables).
  [new RegExp(`(\\b(?:${SECRET_NAMES})\\b)(\\s*[:=]\\s*)(?!["']|\\[redacted)[^\\s"',;&}\\]]+`, 'gi'), (_m, name, sep) => `${name}${sep}${REDACTED}`],
  // --token abc, --password abc (command lines in logs).
  [new RegExp(`(--(?:${SECRET_NAMES}))(\\s+)[^\\s"']+`, 'gi'), (_m, flag, space) => `${flag}${space}${REDACTED}`],
  // JSON Web Tokens (service account tokens, OIDC id-tokens).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted JWT]'],
  // Long base64 runs (certificate and key data, Secret values); hex digests (sha256) are not base64-looking and stay.
  [/(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[0-9+/])[A-Za-z0-9+/]{40,}={0,2}/g, '[redacted base64]'],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement as (...groups: string[]) => string);
  }
  return out;
}

/** A deep copy of `value` with every secret field emptied and every string redacted. Booleans and null stay. */
export function redact<T>(value: T): T {
  return redactValue(value, undefined) as T;
}

function redactValue(value: unknown, field: string | undefined): unknown {
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (field !== undefined && isSecretField(field)) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, undefined));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[redactText(key)] = redactValue(item, key);
    return out;
  }
  return REDACTED;
}
