// Release step on macOS, before `npm run package -- --mac` when a Developer ID is given (the release workflow runs
// it): notarization wants every executable in the app signed with the hardened runtime, and signing rewrites the
// binary, so its checksum changes. Each darwin istioctl is first checked against the lock (as built from the pinned
// module), then signed, and the lock in this working copy records the signed file's checksum, keeping the built one
// as `unsignedSha256`. The app then verifies the signed istioctl it ships, and electron-builder leaves it alone
// (mac.signIgnore). Usage: MESHDECK_MAC_SIGN_IDENTITY="Developer ID Application: …" tsx build/release/sign-istioctl-mac.ts
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256File, verifiedIstioctl, type IstioLock } from '../../main/install/release.js';
import { bundlePaths } from '../../main/platform/bundle-paths.js';

export const DARWIN_TARGETS = ['darwin-amd64', 'darwin-arm64'];

type LockEntry = IstioLock['istioctl'][string] & { unsignedSha256?: string };

/** The lock with `target`'s istioctl recorded as signed: its new checksum, and the one it was built with. */
export function relockSigned(lock: IstioLock, target: string, signedSha256: string): IstioLock {
  const entry = lock.istioctl[target] as LockEntry | undefined;
  if (!entry) throw new Error(`the lock has no istioctl for ${target}`);
  const unsignedSha256 = entry.unsignedSha256 ?? entry.sha256;
  return { ...lock, istioctl: { ...lock.istioctl, [target]: { ...entry, sha256: signedSha256, unsignedSha256 } as LockEntry } };
}

async function main(): Promise<void> {
  const identity = process.env.MESHDECK_MAC_SIGN_IDENTITY;
  if (!identity) throw new Error('MESHDECK_MAC_SIGN_IDENTITY names the Developer ID to sign with');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const paths = bundlePaths({}, root);
  let lock = JSON.parse(readFileSync(paths.lockFile, 'utf8')) as IstioLock;
  for (const target of DARWIN_TARGETS) {
    const file = await verifiedIstioctl(paths, target);
    execFileSync('codesign', ['--force', '--options', 'runtime', '--timestamp', '--sign', identity, file], { stdio: 'inherit' });
    const signed = await sha256File(file);
    lock = relockSigned(lock, target, signed);
    writeFileSync(paths.lockFile, `${JSON.stringify(lock, null, 2)}\n`);
    console.log(`[sign] ${target}: signed; the lock now records ${signed}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err: unknown) => {
    console.error(`[sign] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
