import type { InputOf } from '../../../main/contract/api.js';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import type { PushEvent } from '../../../main/contract/install.js';
import { problemOf, RegistryHost, RepositoryPath } from '../../../main/contract/names.js';

/**
 * Image source (c), air-gapped: Meshdeck pushes the images it bundles into the user's registry, then the
 * install pulls them from there, pinned by digest. This module: the push form, its progress and its result
 * (the hub, tag and values the install then uses). No React, no I/O.
 */

/** One image a push put in the user's registry, pinned by digest. */
export type PushedImage = Extract<PushEvent, { type: 'pushed' }>['image'];

/** The push form, without the password: that one is never kept. */
export interface PushForm {
  registry: string;
  repository: string;
  /** The registry speaks plain HTTP. */
  insecure: boolean;
  username: string;
  /** What the last finished push gave: where the images are, and the values that pin them by digest. */
  pushed?: PushResult;
}

export const emptyPushForm = (): PushForm => ({ registry: '', repository: 'istio', insecure: false, username: '' });

export interface PushResult {
  registry: string;
  repository: string;
  /** registry/repository: the hub the install pulls from. */
  hub: string;
  tag: string;
  values: Record<string, string>;
  images: PushedImage[];
}

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

/** Checks the form (with the password, which the form itself never keeps) with the contract's rules, and builds the contract's input. */
export function pushTarget(form: PushForm, password: string): { target?: PushInput; errors: PushFormErrors } {
  const errors: PushFormErrors = {};
  const registry = form.registry.trim();
  const repository = trimSlashes(form.repository);
  const username = form.username.trim();
  const registryProblem = problemOf(RegistryHost, registry);
  if (registryProblem) errors.registry = registryProblem;
  const repositoryProblem = problemOf(RepositoryPath, repository);
  if (repositoryProblem) errors.repository = repositoryProblem;
  // A login is a user name and a password together: one without the other is a half-filled form.
  if (!!username !== !!password) errors.credentials = 'Enter both a user name and a password, or neither (for a registry that needs no login).';
  if (errors.registry || errors.repository || errors.credentials) return { errors };
  return {
    errors,
    target: { registry, repository: repository || 'istio', insecure: form.insecure, ...(username ? { username, password } : {}) },
  };
}

const trimSlashes = (path: string) => path.trim().replace(/^\/+|\/+$/g, '');

/** Where the install pulls from: registry/repository. */
export function hubFor(registry: string, repository: string): string {
  const repo = trimSlashes(repository);
  return repo ? `${registry.trim()}/${repo}` : registry.trim();
}

/** The finished push as install settings (undefined until it is done). The tag is the pushed pilot's, else the first image's. */
export function pushResult(p: PushProgress): PushResult | undefined {
  if (p.status !== 'done') return undefined;
  const images = p.rows.flatMap((r) => (r.image ? [r.image] : []));
  const tag = (images.find((i) => i.name === 'pilot') ?? images[0])?.tag ?? '';
  return { registry: p.registry, repository: p.repository, hub: hubFor(p.registry, p.repository), tag, values: p.values ?? {}, images };
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
