import type { z } from 'zod';
import { SimRequest } from '../../../../main/contract/config.js';
import { issuesByPath, numberOf } from '../form-issues.js';

/** The simulator's form as typed (strings), before it is a request of the contract. */
export interface SimForm {
  host: string;
  port: string;
  path: string;
  method: string;
  /** One "name: value" per line. */
  headers: string;
  sourceNamespace: string;
  gateway: string;
}

export type SimField = keyof SimForm;

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const emptySimForm = (host = ''): SimForm => ({ host, port: '', path: '/', method: 'GET', headers: '', sourceNamespace: 'default', gateway: 'mesh' });

/** "name: value" lines as a map; the lines that are not one, by number (1-based). */
export function parseHeaders(text: string): { headers: Record<string, string>; bad: number[] } {
  const headers: Record<string, string> = {};
  const bad: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!name) bad.push(i + 1);
    else headers[name] = line.slice(colon + 1).trim();
  });
  return { headers, bad };
}

/** The request the form stands for, checked with the contract's schema; or what is wrong, by field. */
export function requestOfForm(form: SimForm): { request: z.input<typeof SimRequest> } | { errors: Partial<Record<SimField, string>> } {
  const { headers, bad } = parseHeaders(form.headers);
  const port = numberOf(form.port);
  const candidate = {
    host: form.host.trim(),
    ...(port !== undefined ? { port } : {}),
    path: form.path.trim() || '/',
    method: form.method,
    headers,
    sourceNamespace: form.sourceNamespace.trim() || 'default',
    gateway: form.gateway.trim() || 'mesh',
  };
  const issues = issuesByPath(SimRequest.safeParse(candidate));
  const errors: Partial<Record<SimField, string>> = {};
  for (const [path, message] of Object.entries(issues)) {
    const field = path.split('.')[0] as SimField;
    errors[field] ??= field === 'host' && !candidate.host ? 'Name the host the request goes to (reviews, reviews.shop, or a full name).' : message;
  }
  if (bad.length) errors.headers = `Line ${bad.join(', ')}: write each header as name: value.`;
  return Object.keys(errors).length ? { errors } : { request: candidate };
}
