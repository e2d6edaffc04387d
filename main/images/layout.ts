import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256, type OciImage } from './oci.js';

/**
 * Images are bundled as OCI image layouts (a directory per image: oci-layout, index.json, blobs/),
 * the format skopeo, crane and oras read and write.
 */
export function writeLayout(dir: string, image: OciImage, tag: string): void {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  for (const b of [image.config, image.manifest, ...image.layers.map((l) => l.data)]) writeFileSync(join(blobs, sha256(b).slice(7)), b);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: image.digest, size: image.manifest.length, annotations: { 'org.opencontainers.image.ref.name': tag } }],
  }));
}

export function readLayout(dir: string): { image: OciImage; tag: string } {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  const entry = index.manifests[0];
  if (!entry) throw new Error(`${dir}: index.json lists no image`);
  const blob = (digest: string) => {
    const data = readFileSync(join(dir, 'blobs', 'sha256', digest.replace(/^sha256:/, '')));
    if (sha256(data) !== digest) throw new Error(`${dir}: blob ${digest} is corrupt`);
    return data;
  };
  const manifestBuf = blob(entry.digest);
  const manifest = JSON.parse(manifestBuf.toString()) as { config: { digest: string }; layers: { digest: string; mediaType: string }[] };
  return {
    tag: entry.annotations?.['org.opencontainers.image.ref.name'] ?? 'latest',
    image: { manifest: manifestBuf, digest: entry.digest, config: blob(manifest.config.digest), layers: manifest.layers.map((l) => ({ mediaType: l.mediaType, data: blob(l.digest) })) },
  };
}

/** Bundled images: resources/images/<name>/ each an OCI layout. */
export function bundledImages(root: string): string[] {
  return existsSync(root) ? readdirSync(root).filter((n) => existsSync(join(root, n, 'index.json'))).sort() : [];
}
