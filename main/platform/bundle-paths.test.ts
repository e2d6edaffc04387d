import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundlePaths, RESOURCES_PATH_ENV } from './bundle-paths.js';

const checkout = fileURLToPath(new URL('../../', import.meta.url));

describe('bundlePaths', () => {
  it('answers the checkout: resources/ and build/istio/ under the repository', () => {
    expect(bundlePaths({})).toEqual({
      layout: 'checkout',
      istioDir: path.join(checkout, 'resources', 'istio'),
      imagesDir: path.join(checkout, 'resources', 'images'),
      lockFile: path.join(checkout, 'build', 'istio', 'istio.lock.json'),
    });
  });

  it('answers the packaged app: extra resources beside app.asar, the lock inside it', () => {
    const resources = path.resolve('/opt/Meshdeck/resources');
    const appRoot = path.join(resources, 'app.asar');
    expect(bundlePaths({ [RESOURCES_PATH_ENV]: resources }, appRoot)).toEqual({
      layout: 'packaged',
      istioDir: path.join(resources, 'istio'),
      imagesDir: path.join(resources, 'images'),
      lockFile: path.join(appRoot, 'build', 'istio', 'istio.lock.json'),
    });
  });

  it('ignores a relative or empty resources path (it would depend on the working directory)', () => {
    expect(bundlePaths({ [RESOURCES_PATH_ENV]: 'resources' }).layout).toBe('checkout');
    expect(bundlePaths({ [RESOURCES_PATH_ENV]: '' }).layout).toBe('checkout');
  });
});
