import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stageBundle, stagedBundleDir } from './bundle-stage.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'meshdeck-stage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const binary = Buffer.from('istioctl for windows/arm64');
mkdirSync(path.join(root, 'resources', 'istio', 'windows-arm64'), { recursive: true });
mkdirSync(path.join(root, 'resources', 'images', 'pilot'), { recursive: true });
writeFileSync(path.join(root, 'resources', 'images', 'pilot', 'index.json'), '{}');
mkdirSync(path.join(root, 'build', 'istio'), { recursive: true });
writeFileSync(path.join(root, 'build', 'istio', 'istio.lock.json'), JSON.stringify({
  version: 'v', module: 'm', goVersion: 'g',
  istioctl: { 'windows-arm64': { path: 'windows-arm64/istioctl.exe', sha256: createHash('sha256').update(binary).digest('hex') } },
  images: [{ name: 'pilot', reference: 'r' }, { name: 'proxyv2', reference: 'r' }],
}));

describe('stageBundle (before each installer is packed)', () => {
  it("refuses an installer whose istioctl is not built, naming the command that builds it", async () => {
    await expect(stageBundle(root, 'win', 'arm64')).rejects.toThrow(/windows-arm64: .*missing.*bundle-istioctl\.sh windows\/arm64/);
    await expect(stageBundle(root, 'mac', 'x64')).rejects.toThrow(/darwin-amd64: .*no istioctl for darwin-amd64/);
  });

  it('refuses one that does not match the lock', async () => {
    writeFileSync(path.join(root, 'resources', 'istio', 'windows-arm64', 'istioctl.exe'), 'tampered');
    await expect(stageBundle(root, 'win', 'arm64')).rejects.toThrow(/does not match its recorded checksum/);
  });

  it("stages a matching one where the config's extraResources take it, and names the lock's images it lacks", async () => {
    writeFileSync(path.join(root, 'resources', 'istio', 'windows-arm64', 'istioctl.exe'), binary);
    const staged = await stageBundle(root, 'win', 'arm64');
    const dest = path.join(stagedBundleDir(root, 'win', 'arm64'), 'windows-arm64', 'istioctl.exe');
    expect(staged).toEqual({ target: 'windows-arm64', istioctl: dest, istioctlBytes: binary.length, images: ['pilot'], missingImages: ['proxyv2'] });
    expect(readFileSync(dest)).toEqual(binary);
    expect(stagedBundleDir(root, 'win', 'arm64')).toBe(path.join(root, 'dist', 'bundle', 'win-arm64'));
    expect(existsSync(path.join(root, 'dist', 'bundle', 'win-x64'))).toBe(false);
  });
});
