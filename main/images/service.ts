import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MeshdeckError } from '../contract/errors.js';
import { bundlePaths } from '../platform/bundle-paths.js';
import { bundledImages, readLayout } from './layout.js';
import { RegistryClient, type RegistryTarget } from './oci.js';

/** The checkout's image archives (where build/istio/bundle-images.ts writes them); the app reads bundlePaths(). */
export const IMAGES_DIR = fileURLToPath(new URL('../../resources/images/', import.meta.url));

export interface PushedImage { name: string; tag: string; reference: string; digest: string }

/**
 * The air-gapped path: push every bundled image into the user's registry and answer with references
 * pinned by digest, which the install then uses instead of tags.
 */
export async function* pushBundledImages(target: RegistryTarget & { repository: string }, root = bundlePaths().imagesDir): AsyncGenerator<{ type: 'pushing'; name: string } | { type: 'pushed'; image: PushedImage }> {
  const names = bundledImages(root);
  if (!names.length) throw new MeshdeckError({ code: 'NOT_FOUND', message: 'This build of Meshdeck carries no image archives to push.', detail: `nothing under ${root}; see build/istio/README.md` });
  const client = new RegistryClient(target);
  const prefix = target.repository.replace(/^\/+|\/+$/g, '');
  for (const name of names) {
    yield { type: 'pushing', name };
    const { image, tag } = readLayout(join(root, name));
    const repo = prefix ? `${prefix}/${name}` : name;
    const digest = await client.pushImage(repo, tag, image);
    yield { type: 'pushed', image: { name, tag, digest, reference: `${target.registry}/${repo}@${digest}` } };
  }
}

/** Install values that pin the control plane's images to pushed digests. */
export function pinnedImageValues(images: PushedImage[]): Record<string, string> {
  const values: Record<string, string> = {};
  const pilot = images.find((i) => i.name === 'pilot');
  const proxy = images.find((i) => i.name === 'proxyv2');
  // Istio's charts take a full reference when the image value contains a "/".
  if (pilot) values['values.pilot.image'] = pilot.reference;
  if (proxy) values['values.global.proxy.image'] = proxy.reference;
  return values;
}
