import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusal } from '../contract/errors.js';
import { bundlePaths, type BundlePaths } from '../platform/bundle-paths.js';

/**
 * The pinned Istio release Meshdeck deploys. Its istioctl is bundled under resources/istio/<os>-<arch>/
 * and recorded in build/istio/istio.lock.json; the checksum is verified before the binary runs, and
 * nothing else is ever run in its place (a missing or altered bundle is refused, never replaced).
 * Both are found through bundlePaths(), in a checkout and in the packaged app alike.
 */

export interface IstioLock {
  version: string;
  module: string;
  goVersion: string;
  istioctl: Record<string, { path: string; sha256: string }>;
  images: { name: string; reference: string; digest?: string }[];
}

export const hostTarget = () => `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;

export function readLock(lockFile = bundlePaths().lockFile): IstioLock | undefined {
  return existsSync(lockFile) ? (JSON.parse(readFileSync(lockFile, 'utf8')) as IstioLock) : undefined;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (c) => h.update(c)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });
}

/** Where the bundled istioctl for `target` must be, per the lock; refused when the lock has no entry. */
export function bundledIstioctlPath(lock: IstioLock | undefined, target = hostTarget(), paths: BundlePaths = bundlePaths()): { path: string; sha256: string } {
  const entry = lock?.istioctl[target];
  if (!lock || !entry) {
    throw refusal('bundle-missing', `This build of Meshdeck has no istioctl for ${target}.`, `no ${target} entry in ${paths.lockFile}`);
  }
  return { path: join(paths.istioDir, entry.path), sha256: entry.sha256 };
}

/** Path of the bundled istioctl for `target`, after its checksum matched the lock; refused otherwise. */
export async function verifiedIstioctl(paths: BundlePaths = bundlePaths(), target = hostTarget()): Promise<string> {
  const { path, sha256 } = bundledIstioctlPath(readLock(paths.lockFile), target, paths);
  if (!existsSync(path)) throw refusal('bundle-missing', 'The bundled istioctl is missing, so Meshdeck cannot install or change Istio.', `${path} does not exist (a checkout bundles it with build/istio/bundle-istioctl.sh)`);
  const sum = await sha256File(path);
  if (sum !== sha256) throw refusal('bundle-missing', 'The bundled istioctl does not match its recorded checksum; it will not be run.', `${path}: sha256 ${sum}, lock says ${sha256}`);
  return path;
}

let verified: Promise<string> | undefined;

/** Path of the bundled istioctl for this machine, after its checksum matched the lock (checked once per process). */
export function istioctl(): Promise<string> {
  verified ??= verifiedIstioctl();
  verified.catch(() => { verified = undefined; });
  return verified;
}

export function istioVersion(): string {
  return readLock()?.version ?? 'unknown';
}
