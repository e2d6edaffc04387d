// Records (--update) or checks the bundled istioctl binaries against build/istio/istio.lock.json.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const lockFile = join(here, 'istio.lock.json');
const pins = Object.fromEntries(readFileSync(join(root, 'build/testbed/pins.env'), 'utf8').split('\n')
  .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l)).filter(Boolean).map((m) => [m[1], m[2]]));
const args = process.argv.slice(2);
const update = args[0] === '--update';
const targets = update ? args.slice(1) : args;
const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
const lock = existsSync(lockFile) ? JSON.parse(readFileSync(lockFile, 'utf8')) : { istioctl: {} };
let failed = false;
for (const t of targets) {
  const [os, arch] = t.split('/');
  const path = `${os}-${arch}/istioctl${os === 'windows' ? '.exe' : ''}`;
  const sum = createHash('sha256').update(readFileSync(join(root, 'resources/istio', path))).digest('hex');
  const entry = lock.istioctl[`${os}-${arch}`];
  if (update) {
    lock.istioctl[`${os}-${arch}`] = { path, sha256: sum };
    console.log(`[lock] ${os}-${arch} ${sum}`);
  } else if (!entry) {
    console.error(`[lock] ${os}-${arch}: not in the lock (run with --update-lock)`); failed = true;
  } else if (lock.goVersion !== goVersion) {
    console.error(`[lock] ${os}-${arch}: built with ${goVersion}, the lock was recorded with ${lock.goVersion}; checksums cannot match`); failed = true;
  } else if (entry.sha256 !== sum) {
    console.error(`[lock] ${os}-${arch}: sha256 ${sum} does not match the lock's ${entry.sha256}`); failed = true;
  } else {
    console.log(`[lock] ${os}-${arch}: matches the lock`);
  }
}
if (update) {
  const hub = 'docker.io/istio';
  Object.assign(lock, {
    version: pins.ISTIO_LABEL, module: `istio.io/istio@${pins.ISTIO_MODULE_VERSION}`, goVersion,
    // Digests are filled by the release step that copies the upstream images (needs the internet).
    images: lock.images ?? [{ name: 'pilot', reference: `${hub}/pilot:${pins.ISTIO_LABEL}` }, { name: 'proxyv2', reference: `${hub}/proxyv2:${pins.ISTIO_LABEL}` }],
  });
  const ordered = { version: lock.version, module: lock.module, goVersion: lock.goVersion, istioctl: Object.fromEntries(Object.entries(lock.istioctl).sort()), images: lock.images };
  writeFileSync(lockFile, JSON.stringify(ordered, null, 2) + '\n');
}
process.exit(failed ? 1 : 0);
