import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledImages } from '../images/layout.js';
import { bundlePaths, RESOURCES_PATH_ENV, type BundlePaths } from '../platform/bundle-paths.js';
import { prometheusAddon, prometheusAddonPath } from './addons.js';
import { hostTarget, readLock, verifiedIstioctl } from './release.js';

/**
 * The bundle is found through one lookup, in both layouts: a checkout (resources/ and build/istio/ side by side) and
 * the packaged app (istio/ and images/ as extra resources, the lock inside the app's root). Each layout is laid out
 * in a temporary folder with a stand-in istioctl whose checksum is in the lock, and read back through release.ts,
 * addons.ts and the images' lookup exactly as the app reads them.
 */
const top = mkdtempSync(path.join(os.tmpdir(), 'meshdeck-bundle-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

const target = hostTarget();
const exe = target.startsWith('windows') ? 'istioctl.exe' : 'istioctl';
const binary = Buffer.from('#!/bin/sh\necho stand-in istioctl\n');
const addon = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: prometheus\n';

function layOut(resources: string, appRoot: string): void {
  mkdirSync(path.join(resources, 'istio', target), { recursive: true });
  writeFileSync(path.join(resources, 'istio', target, exe), binary, { mode: 0o755 });
  mkdirSync(path.join(resources, 'istio', 'addons'), { recursive: true });
  writeFileSync(path.join(resources, 'istio', 'addons', 'prometheus.yaml'), addon);
  mkdirSync(path.join(resources, 'images', 'pilot'), { recursive: true });
  writeFileSync(path.join(resources, 'images', 'pilot', 'index.json'), '{"manifests":[]}');
  const lock = {
    version: 'test', module: 'istio.io/istio@test', goVersion: 'go-test',
    istioctl: { [target]: { path: `${target}/${exe}`, sha256: createHash('sha256').update(binary).digest('hex') } },
    images: [],
  };
  mkdirSync(path.join(appRoot, 'build', 'istio'), { recursive: true });
  writeFileSync(path.join(appRoot, 'build', 'istio', 'istio.lock.json'), JSON.stringify(lock));
}

async function lookUp(paths: BundlePaths) {
  return {
    istioctl: await verifiedIstioctl(paths),
    lockVersion: readLock(paths.lockFile)?.version,
    addonObjects: prometheusAddon(prometheusAddonPath(paths.istioDir)).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`),
    images: bundledImages(paths.imagesDir),
  };
}

describe('the bundle, found the same way in both layouts', () => {
  it('from a checkout', async () => {
    const repo = path.join(top, 'checkout');
    layOut(path.join(repo, 'resources'), repo);
    const paths = bundlePaths({}, repo);
    expect(await lookUp(paths)).toEqual({
      istioctl: path.join(repo, 'resources', 'istio', target, exe),
      lockVersion: 'test',
      addonObjects: ['ServiceAccount/istio-system/prometheus'],
      images: ['pilot'],
    });
  });

  it('packaged: resources beside app.asar (here an unpacked app folder), the lock inside the app', async () => {
    const resources = path.join(top, 'Meshdeck', 'resources');
    const appRoot = path.join(resources, 'app');
    layOut(resources, appRoot);
    const paths = bundlePaths({ [RESOURCES_PATH_ENV]: resources }, appRoot);
    expect(paths.layout).toBe('packaged');
    expect(await lookUp(paths)).toEqual({
      istioctl: path.join(resources, 'istio', target, exe),
      lockVersion: 'test',
      addonObjects: ['ServiceAccount/istio-system/prometheus'],
      images: ['pilot'],
    });
  });

  it('refuses a packaged istioctl that does not match the lock, and one that is missing', async () => {
    const resources = path.join(top, 'Tampered', 'resources');
    const appRoot = path.join(resources, 'app');
    layOut(resources, appRoot);
    const paths = bundlePaths({ [RESOURCES_PATH_ENV]: resources }, appRoot);
    writeFileSync(path.join(resources, 'istio', target, exe), 'something else');
    await expect(verifiedIstioctl(paths)).rejects.toThrow(/does not match its recorded checksum/);
    rmSync(path.join(resources, 'istio', target, exe));
    await expect(verifiedIstioctl(paths)).rejects.toThrow(/bundled istioctl is missing/);
    await expect(verifiedIstioctl(paths, 'plan9-mips')).rejects.toThrow(/no istioctl for plan9-mips/);
  });
});
