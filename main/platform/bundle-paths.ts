import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the bundled Istio lives, from a checkout and in the packaged app: the one lookup every reader of the bundle
 * uses (release.ts, addons.ts, images). A packaged app carries istioctl and the image archives as extra resources
 * next to app.asar; the desktop shell tells the core where that is through this variable (the core never imports
 * Electron). The lock travels inside app.asar, at the same place relative to the app's root as in a checkout, so a
 * packaged lock is covered by the asar's integrity check and cannot be swapped together with the binary it vouches for.
 */
export const RESOURCES_PATH_ENV = 'MESHDECK_RESOURCES_PATH';

export interface BundlePaths {
  layout: 'checkout' | 'packaged';
  /** resources/istio: <os>-<arch>/istioctl per target, addons/. */
  istioDir: string;
  /** resources/images: one OCI layout per image. */
  imagesDir: string;
  /** build/istio/istio.lock.json under the app's root (the checkout, or app.asar). */
  lockFile: string;
}

/** The app's root: the checkout, or app.asar (the desktop bundle keeps this file's place relative to it). */
const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function bundlePaths(env: NodeJS.ProcessEnv = process.env, appRoot: string = APP_ROOT): BundlePaths {
  const given = env[RESOURCES_PATH_ENV];
  // Only an absolute path counts: a relative one would depend on the working directory the app was started in.
  const packaged = given && isAbsolute(given) ? resolve(given) : undefined;
  const resources = packaged ?? join(appRoot, 'resources');
  return {
    layout: packaged ? 'packaged' : 'checkout',
    istioDir: join(resources, 'istio'),
    imagesDir: join(resources, 'images'),
    lockFile: join(appRoot, 'build', 'istio', 'istio.lock.json'),
  };
}
