import { chmodSync, copyFileSync, linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { bundlePaths } from '../../main/platform/bundle-paths.js';
import { readLock, verifiedIstioctl } from '../../main/install/release.js';
import { bundledImages } from '../../main/images/layout.js';
import { goTarget, type BuilderArch, type BuilderOs } from './targets.js';

/**
 * Before electron-builder packs an installer, the istioctl for that installer's OS/arch is checked against the lock
 * (the same lookup and checksum check the app makes before running it) and staged where the config's extraResources
 * take it from: dist/bundle/<os>-<arch>/<go-os>-<go-arch>/istioctl. Hard-linked when it can be (no 100 MB copies).
 */
export function stagedBundleDir(root: string, os: BuilderOs, arch: BuilderArch): string {
  return path.join(root, 'dist', 'bundle', `${os}-${arch}`);
}

export interface StagedBundle {
  target: string;
  istioctl: string;
  istioctlBytes: number;
  images: string[];
  missingImages: string[];
}

export async function stageBundle(root: string, os: BuilderOs, arch: BuilderArch): Promise<StagedBundle> {
  const target = goTarget(os, arch);
  const paths = bundlePaths({}, root);
  let source: string;
  try {
    source = await verifiedIstioctl(paths, target);
  } catch (err) {
    const [goOs, goArch] = target.split('-');
    throw new Error(`${target}: ${(err as Error).message} Build it with: bash build/istio/bundle-istioctl.sh ${goOs}/${goArch}`, { cause: err });
  }
  const dir = stagedBundleDir(root, os, arch);
  rmSync(dir, { recursive: true, force: true });
  const dest = path.join(dir, path.relative(paths.istioDir, source));
  mkdirSync(path.dirname(dest), { recursive: true });
  try {
    linkSync(source, dest);
  } catch {
    copyFileSync(source, dest);
  }
  // Executable as shipped, whatever the file went through (CI artifacts drop the mode bits).
  if (os !== 'win') chmodSync(dest, 0o755);
  const images = bundledImages(paths.imagesDir);
  const wanted = readLock(paths.lockFile)?.images.map((i) => i.name) ?? [];
  return { target, istioctl: dest, istioctlBytes: statSync(dest).size, images, missingImages: wanted.filter((name) => !images.includes(name)) };
}
