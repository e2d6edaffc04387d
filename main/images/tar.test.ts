import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { imageFromBinary, sha256 } from './oci.js';
import { singleFileTar } from './tar.js';

describe('image layers', () => {
  it('writes a tar that GNU tar lists and extracts byte for byte, executable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdeck-tar-'));
    const content = Buffer.from('#!/bin/sh\necho hello\n'.repeat(100));
    writeFileSync(join(dir, 'layer.tar'), singleFileTar('usr/local/bin/hello', content));
    expect(execFileSync('tar', ['-tvf', 'layer.tar'], { cwd: dir, encoding: 'utf8' })).toMatch(/^-rwxr-xr-x .* usr\/local\/bin\/hello\n$/);
    execFileSync('tar', ['-xf', 'layer.tar'], { cwd: dir });
    expect(readFileSync(join(dir, 'usr/local/bin/hello')).equals(content)).toBe(true);
  });

  it('builds an OCI image whose digests tie together', () => {
    const img = imageFromBinary('pilot-discovery', Buffer.from('binary'), ['discovery']);
    const manifest = JSON.parse(img.manifest.toString()) as { config: { digest: string }; layers: { digest: string }[] };
    expect(manifest.config.digest).toBe(sha256(img.config));
    expect(manifest.layers[0]!.digest).toBe(sha256(img.layers[0]!.data));
    const config = JSON.parse(img.config.toString()) as { rootfs: { diff_ids: string[] }; config: { Entrypoint: string[] } };
    expect(config.rootfs.diff_ids[0]).toBe(sha256(gunzipSync(img.layers[0]!.data)));
    expect(config.config.Entrypoint).toEqual(['/usr/local/bin/pilot-discovery', 'discovery']);
    expect(img.digest).toBe(sha256(img.manifest));
  });
});
