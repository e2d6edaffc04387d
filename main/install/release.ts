import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { refusal } from '../contract/errors.js';

/**
 * The pinned Istio release Meshdeck deploys. Its istioctl is bundled under resources/istio/<os>-<arch>/
 * and recorded in build/istio/istio.lock.json; the checksum is verified before the binary runs, and
 * nothing else is ever run in its place (a missing or altered bundle is refused, never replaced).
 */
export const LOCK_FILE = fileURLToPath(new URL('../../build/istio/istio.lock.json', import.meta.url));
export const RESOURCES = fileURLToPath(new URL('../../resources/istio/', import.meta.url));

export interface IstioLock {
  version: string;
  module: string;
  goVersion: string;
  istioctl: Record<string, { path: string; sha256: string }>;
  images: { name: string; reference: string; digest?: string }[];
}

export const hostTarget = () => `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;

export function readLock(): IstioLock | undefined {
  return existsSync(LOCK_FILE) ? (JSON.parse(readFileSync(LOCK_FILE, 'utf8')) as IstioLock) : undefined;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (c) => h.update(c)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });
}

/** Where the bundled istioctl for `target` must be, per the lock; refused when the lock has no entry. */
export function bundledIstioctlPath(lock: IstioLock | undefined, target = hostTarget()): { path: string; sha256: string } {
  const entry = lock?.istioctl[target];
  if (!lock || !entry) {
    throw refusal('bundle-missing', `This build of Meshdeck has no istioctl for ${target}.`, `no ${target} entry in ${LOCK_FILE}`);
  }
  return { path: RESOURCES + entry.path, sha256: entry.sha256 };
}

let verified: Promise<string> | undefined;

/** Path of the bundled istioctl for this machine, after its checksum matched the lock. */
export function istioctl(): Promise<string> {
  verified ??= (async () => {
    const { path, sha256 } = bundledIstioctlPath(readLock());
    if (!existsSync(path)) throw refusal('bundle-missing', 'The bundled istioctl is missing, so Meshdeck cannot install or change Istio.', `${path} does not exist (a checkout bundles it with build/istio/bundle-istioctl.sh)`);
    const sum = await sha256File(path);
    if (sum !== sha256) throw refusal('bundle-missing', 'The bundled istioctl does not match its recorded checksum; it will not be run.', `${path}: sha256 ${sum}, lock says ${sha256}`);
    return path;
  })();
  verified.catch(() => { verified = undefined; });
  return verified;
}

export function istioVersion(): string {
  return readLock()?.version ?? 'unknown';
}
