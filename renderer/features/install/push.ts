import type { InputOf } from '../../../main/contract/api.js';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import { PushTarget, type PushEvent } from '../../../main/contract/install.js';
import type { ImageSource, OptionsDraft, PushForm, PushResult, PushedImage, ValueRow } from './options.js';

/**
 * Image source (c), air-gapped: Meshdeck pushes the images it bundles into the user's registry, then the
 * install pulls them from there, pinned by digest. This module: the push's progress, the form's checks,
 * and how its result becomes install options (hub, tag, advanced values). No React, no I/O.
 */

export interface PushRow {
  name: string;
  state: 'pushing' | 'done' | 'stopped';
  image?: PushedImage;
}

export interface PushProgress {
  status: 'running' | 'done' | 'failed' | 'cancelled';
  registry: string;
  repository: string;
  rows: PushRow[];
  /** The install values that pin the images (from the final event). */
  values?: Record<string, string>;
  error?: RpcErrorShape;
}

export type PushInput = InputOf<'images.push'>;

export function initialPush(registry: string, repository: string): PushProgress {
  return { status: 'running', registry, repository, rows: [] };
}

export function reducePush(p: PushProgress, e: PushEvent): PushProgress {
  if (p.status !== 'running') return p;
  switch (e.type) {
    case 'pushing':
      return { ...p, rows: [...p.rows.filter((r) => r.name !== e.name), { name: e.name, state: 'pushing' }] };
    case 'pushed': {
      const row: PushRow = { name: e.image.name, state: 'done', image: e.image };
      const i = p.rows.findIndex((r) => r.name === e.image.name);
      return { ...p, rows: i < 0 ? [...p.rows, row] : p.rows.map((r, j) => (j === i ? row : r)) };
    }
    case 'done':
      return { ...p, status: 'done', values: e.values };
  }
}

const stopRows = (rows: PushRow[]) => rows.map((r) => (r.state === 'pushing' ? { ...r, state: 'stopped' as const } : r));

export function failPush(p: PushProgress, error: RpcErrorShape): PushProgress {
  if (p.status !== 'running') return p;
  return { ...p, status: error.code === 'CANCELLED' ? 'cancelled' : 'failed', rows: stopRows(p.rows), error };
}

export function cancelPush(p: PushProgress): PushProgress {
  if (p.status !== 'running') return p;
  return { ...p, status: 'cancelled', rows: stopRows(p.rows) };
}

/** The stream ended without its final event: the images are not known to be all there. */
export function endPush(p: PushProgress): PushProgress {
  return failPush(p, { code: 'INTERNAL', message: 'The core stopped reporting before the push finished, so the images are not known to be all in the registry.' });
}

export interface PushFormErrors {
  registry?: string;
  repository?: string;
  credentials?: string;
}

/** Checks the form (with the password, which the form itself never keeps) and builds the contract's input. */
export function pushTarget(form: PushForm, password: string): { target?: PushInput; errors: PushFormErrors } {
  const errors: PushFormErrors = {};
  const registry = form.registry.trim();
  const repository = form.repository.trim().replace(/^\/+|\/+$/g, '');
  const username = form.username.trim();
  if (!registry) errors.registry = 'Enter the registry’s host and, if it is not the usual one, its port: for example registry.example.com or 10.0.0.5:5000.';
  else if (/^[a-z]+:\/\//i.test(registry)) errors.registry = 'Leave out the scheme: registry.example.com:5000, not https://registry.example.com:5000. Tick “plain HTTP” below for a registry without TLS.';
  else if (registry.includes('/')) errors.registry = 'Only the host and port go here; the path goes in Repository below.';
  else if (!PushTarget.shape.registry.safeParse(registry).success) errors.registry = 'This is not a registry address. Use host or host:port, for example registry.example.com:5000.';
  if (repository && !PushTarget.shape.repository.safeParse(repository).success) {
    errors.repository = 'A repository is lower-case letters, digits, “.”, “_”, “-” and “/”, for example istio or mirrors/istio.';
  } else if (repository.length > 200) errors.repository = 'A repository is at most 200 characters long.';
  if (!!username !== !!password) errors.credentials = 'Enter both a user name and a password, or neither (for a registry that needs no login).';
  if (errors.registry || errors.repository || errors.credentials) return { errors };
  return {
    errors,
    target: { registry, repository: repository || 'istio', insecure: form.insecure, ...(username ? { username, password } : {}) },
  };
}

/** Where the install pulls from: registry/repository. */
export function hubFor(registry: string, repository: string): string {
  const repo = repository.trim().replace(/^\/+|\/+$/g, '');
  return repo ? `${registry.trim()}/${repo}` : registry.trim();
}

/** The finished push as install settings (undefined until it is done). The tag is the pushed pilot's, else the first image's. */
export function pushResult(p: PushProgress): PushResult | undefined {
  if (p.status !== 'done') return undefined;
  const images = p.rows.flatMap((r) => (r.image ? [r.image] : []));
  const tag = (images.find((i) => i.name === 'pilot') ?? images[0])?.tag ?? '';
  return { registry: p.registry, repository: p.repository, hub: hubFor(p.registry, p.repository), tag, values: p.values ?? {}, images };
}

/** Sets each value in the rows: an existing row with the key takes the new value, a new key gets a new row at the end. */
export function mergeValues(rows: readonly ValueRow[], values: Record<string, string>): ValueRow[] {
  let next = rows.map((r) => (Object.prototype.hasOwnProperty.call(values, r.key.trim()) ? { ...r, value: values[r.key.trim()]! } : r));
  let id = rows.reduce((m, r) => Math.max(m, r.id), 0);
  for (const [key, value] of Object.entries(values)) {
    if (!next.some((r) => r.key.trim() === key)) next = [...next, { id: ++id, key, value }];
  }
  return next;
}

/** Removes the rows that hold exactly these values (a row the user changed since stays). */
export function dropValues(rows: readonly ValueRow[], values: Record<string, string>): ValueRow[] {
  return rows.filter((r) => !(Object.prototype.hasOwnProperty.call(values, r.key.trim()) && values[r.key.trim()] === r.value.trim()));
}

/** The options after a push: images from registry/repository, the pushed tag, and the values pinning them by digest. */
export function applyPush(draft: OptionsDraft, result: PushResult): OptionsDraft {
  return {
    ...draft,
    imageSource: 'push',
    hub: result.hub,
    tag: result.tag,
    values: mergeValues(draft.values, result.values),
    push: { ...draft.push, pushed: result },
  };
}

/**
 * Changing the image source: leaving "push" takes its pinned values out again (they name images in that
 * registry); coming back puts them in again.
 */
export function withImageSource(draft: OptionsDraft, source: ImageSource): OptionsDraft {
  if (source === draft.imageSource) return draft;
  const pushed = draft.push.pushed;
  if (draft.imageSource === 'push' && pushed) return { ...draft, imageSource: source, values: dropValues(draft.values, pushed.values) };
  if (source === 'push' && pushed) return applyPush(draft, pushed);
  return { ...draft, imageSource: source };
}

/** The form names another place than the last push went to: the images are not there (yet). */
export function pushIsStale(form: PushForm): boolean {
  const p = form.pushed;
  if (!p) return false;
  return hubFor(form.registry, form.repository || 'istio') !== p.hub;
}

/** "2 images pushed" / "pushing pilot (1 of 2 done)". */
export function pushSummary(p: PushProgress): string {
  const done = p.rows.filter((r) => r.state === 'done').length;
  const n = (k: number) => `${k} image${k === 1 ? '' : 's'}`;
  if (p.status === 'done') return `${n(done)} pushed to ${hubFor(p.registry, p.repository)}, pinned by digest.`;
  if (p.status === 'running') {
    const current = p.rows.find((r) => r.state === 'pushing');
    return current ? `Pushing ${current.name}… (${done} done)` : 'Connecting to the registry…';
  }
  if (p.status === 'cancelled') return `Push cancelled after ${n(done)}.`;
  return `The push stopped after ${n(done)}.`;
}

/** A push failure in words about the registry (the error codes' own words are about the cluster's API server). */
export function pushErrorWords(error: RpcErrorShape, registry: string): { title: string; hint: string } | undefined {
  switch (error.code) {
    case 'UNREACHABLE':
      return { title: `The registry ${registry} did not answer`, hint: 'Check the host and port, that the registry is running, and that this computer can reach it.' };
    case 'DNS':
      return { title: `The registry’s name ${registry} could not be found`, hint: 'Check the name for typos, and that you are on the network (or VPN) where it resolves.' };
    case 'TIMEOUT':
      return { title: `The registry ${registry} took too long to answer`, hint: 'Check the network between this computer and the registry, then push again: what was pushed stays.' };
    case 'TLS_UNKNOWN_AUTHORITY':
    case 'TLS_CERT_EXPIRED':
    case 'TLS_HOSTNAME_MISMATCH':
    case 'TLS_OTHER':
      return { title: `A secure connection to the registry ${registry} could not be set up`, hint: 'If the registry serves plain HTTP, tick “plain HTTP” above. Otherwise check its certificate (the detail below says what failed).' };
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
      return { title: `The registry ${registry} did not accept the push`, hint: 'Check the user name and password (or token), and that this account may push to the repository.' };
    case 'NOT_FOUND':
      return { title: 'There are no images to push', hint: 'This build of Meshdeck carries no image archives. Use a release build, or create them with build/istio/bundle-images.ts.' };
    default:
      return undefined;
  }
}
