import { createHash } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { gzipSync } from 'node:zlib';
import { MeshdeckError } from '../contract/errors.js';
import { singleFileTar } from './tar.js';

export const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export interface OciImage {
  config: Buffer;
  layers: { mediaType: string; data: Buffer }[];
  manifest: Buffer;
  digest: string;
}

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** An OCI image whose one layer holds `binary` at /usr/local/bin/<name>, run as its entrypoint. */
export function imageFromBinary(name: string, binary: Buffer, args: string[] = [], platform = { os: 'linux', architecture: 'amd64' }): OciImage {
  const tar = singleFileTar(`usr/local/bin/${name}`, binary);
  const layer = gzipSync(tar, { level: 6 });
  const config = Buffer.from(JSON.stringify({
    ...platform,
    config: { Entrypoint: [`/usr/local/bin/${name}`, ...args], WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(layer), size: layer.length }],
  }));
  return { config, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', data: layer }], manifest, digest: sha256(manifest) };
}

export interface RegistryTarget {
  /** host[:port] */
  registry: string;
  /** http is allowed for loopback registries only, or when the user says the registry is insecure. */
  insecure?: boolean;
  username?: string;
  password?: string;
}

/**
 * Whether `registry` (host[:port]) is this machine, judged on the parsed address: `localhost`, 127.0.0.0/8 or ::1.
 * A name that merely begins with "127." (127.attacker.example) is a DNS name like any other.
 */
export function isLoopbackRegistry(registry: string): boolean {
  let hostname: string;
  try {
    // The URL parser normalises IPv4 and IPv6 spellings ([0:0:0:0:0:0:0:1] -> [::1]).
    hostname = new URL(`http://${registry}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.split('.')[0] === '127';
}

/** The OCI distribution API, just the push side: blobs (skipped when present) and a tagged manifest. */
export class RegistryClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly t: RegistryTarget) {
    const scheme = t.insecure || isLoopbackRegistry(t.registry) ? 'http' : 'https';
    this.base = `${scheme}://${t.registry}`;
    this.headers = t.username ? { authorization: `Basic ${Buffer.from(`${t.username}:${t.password ?? ''}`).toString('base64')}` } : {};
  }

  private async call(path: string, init: RequestInit & { what: string }): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.base), { ...init, headers: { ...this.headers, ...(init.headers as Record<string, string>) } });
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code;
      throw new MeshdeckError({ code: code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'DNS' : 'UNREACHABLE', message: `The registry ${this.t.registry} could not be reached.`, detail: `${init.what}: ${code ?? String(e)}` });
    }
    if (res.status === 401 || res.status === 403) {
      throw new MeshdeckError({ code: res.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', message: `The registry ${this.t.registry} refused ${init.what} (${res.status}).`, detail: await res.text() });
    }
    return res;
  }

  async pushBlob(repo: string, data: Buffer): Promise<string> {
    const digest = sha256(data);
    const head = await this.call(`/v2/${repo}/blobs/${digest}`, { method: 'HEAD', what: 'checking a layer' });
    if (head.status === 200) return digest;
    const start = await this.call(`/v2/${repo}/blobs/uploads/`, { method: 'POST', what: 'starting an upload' });
    if (start.status !== 202) throw new MeshdeckError({ code: 'INTERNAL', message: `The registry would not start an upload (${start.status}).`, detail: await start.text() });
    const location = new URL(start.headers.get('location') ?? '', this.base);
    location.searchParams.set('digest', digest);
    const put = await this.call(location.pathname + location.search, { method: 'PUT', body: new Uint8Array(data), headers: { 'content-type': 'application/octet-stream' }, what: 'uploading a layer' });
    if (put.status !== 201) throw new MeshdeckError({ code: 'INTERNAL', message: `The registry did not accept a layer (${put.status}).`, detail: await put.text() });
    return digest;
  }

  /** Pushes a whole image under `repo:tag`; returns the manifest digest the registry reports. */
  async pushImage(repo: string, tag: string, image: OciImage): Promise<string> {
    for (const l of image.layers) await this.pushBlob(repo, l.data);
    await this.pushBlob(repo, image.config);
    const put = await this.call(`/v2/${repo}/manifests/${tag}`, { method: 'PUT', body: new Uint8Array(image.manifest), headers: { 'content-type': MANIFEST }, what: 'pushing the manifest' });
    if (put.status !== 201) throw new MeshdeckError({ code: 'INTERNAL', message: `The registry did not accept the manifest (${put.status}).`, detail: await put.text() });
    const digest = put.headers.get('docker-content-digest') ?? image.digest;
    if (digest !== image.digest) throw new MeshdeckError({ code: 'INTERNAL', message: 'The registry stored a different manifest than was pushed.', detail: `${digest} != ${image.digest}` });
    return digest;
  }

  async manifestDigest(repo: string, reference: string): Promise<string | undefined> {
    const res = await this.call(`/v2/${repo}/manifests/${reference}`, { method: 'HEAD', headers: { accept: MANIFEST }, what: 'reading a manifest' });
    return res.status === 200 ? res.headers.get('docker-content-digest') ?? undefined : undefined;
  }
}
