import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MeshdeckError } from '../contract/errors.js';
import { sandboxLayout } from '../sandbox/layout.js';

/**
 * The pinned Istio release Meshdeck deploys. Its istioctl is bundled under resources/istio/<os>-<arch>/
 * and recorded in build/istio/istio.lock.json; the checksum is verified before the binary runs.
 */
export const LOCK_FILE = fileURLToPath(new URL('../../build/istio/istio.lock.json', import.meta.url));
const RESOURCES = fileURLToPath(new URL('../../resources/istio/', import.meta.url));

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

let verified: Promise<string> | undefined;

/** Path of the bundled istioctl for this machine, after its checksum matched the lock. */
export function istioctl(): Promise<string> {
  verified ??= (async () => {
    const lock = readLock();
    const entry = lock?.istioctl[hostTarget()];
    if (!lock || !entry) {
      // A development checkout without the bundle: the testbed's build of the same pinned module.
      const dev = sandboxLayout().bin.istioctl;
      if (existsSync(dev)) return dev;
      throw new MeshdeckError({ code: 'INTERNAL', message: 'The bundled istioctl is missing for this platform.', detail: `no ${hostTarget()} entry in ${LOCK_FILE}; run build/istio/bundle-istioctl.sh` });
    }
    let path = RESOURCES + entry.path;
    // A development checkout may not have bundled yet; the testbed's build of the same module is the
    // same reproducible binary, and is used only if its checksum matches the lock.
    const dev = sandboxLayout().bin.istioctl;
    if (!existsSync(path) && existsSync(dev)) path = dev;
    if (!existsSync(path)) throw new MeshdeckError({ code: 'INTERNAL', message: 'The bundled istioctl is missing.', detail: `${RESOURCES + entry.path} does not exist; run build/istio/bundle-istioctl.sh` });
    const sum = await sha256File(path);
    if (sum !== entry.sha256) throw new MeshdeckError({ code: 'INTERNAL', message: 'The bundled istioctl does not match its recorded checksum; it will not be run.', detail: `${path}: sha256 ${sum}, lock says ${entry.sha256}` });
    return path;
  })();
  verified.catch(() => { verified = undefined; });
  return verified;
}

export function istioVersion(): string {
  return readLock()?.version ?? sandboxLayout().pins.ISTIO_LABEL;
}
