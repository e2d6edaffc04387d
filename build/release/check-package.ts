// `npm run check:package` (in `npm test`): what can be proved about the desktop package on a machine where Electron's
// binary cannot be downloaded. Runs `npm run build` (timed), then electron-builder itself for this OS and arch as an
// unpacked folder (`--dir`) around a stand-in Electron (stand-in-electron.ts), and checks what it assembled:
//   the files the config names exist; app.asar holds the built app only, within its budget; the fuses are flipped;
//   the bundled istioctl and images are found through the app's own lookup (bundlePaths) in the packaged layout and
//   istioctl matches the lock read from inside app.asar; the packaged main bundle loads (Electron stubbed).
// Prints the figures; exits 1 if any check fails.
import asar from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arch, build, Platform } from 'electron-builder';
import { bundledImages } from '../../main/images/layout.js';
import { prometheusAddonPath } from '../../main/install/addons.js';
import { verifiedIstioctl } from '../../main/install/release.js';
import { bundlePaths, RESOURCES_PATH_ENV } from '../../main/platform/bundle-paths.js';
import { checkAsar, listAsar } from './asar-check.js';
import { ASAR_BUDGET_BYTES, builderConfig, OUTPUT_DIR } from './builder-config.js';
import { namedPaths } from './named-paths.js';
import { electronVersion } from './package.js';
import { fusesAsPackaged, readFuseWire, writeStandInElectron } from './stand-in-electron.js';
import { goTarget, hostBuilderTarget, INSTALLERS, RELEASE_ARCHS, type BuilderOs } from './targets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const results: { name: string; problems: string[] }[] = [];
const figures: Record<string, string> = {};
const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

async function checkStep(name: string, run: () => Promise<string[]> | string[]): Promise<void> {
  let problems: string[];
  try {
    problems = await run();
  } catch (err) {
    problems = [err instanceof Error ? err.message : String(err)];
  }
  results.push({ name, problems });
  console.log(`[package] ${problems.length ? 'FAILED' : 'ok'}: ${name}${problems.map((p) => `\n    - ${p}`).join('')}`);
}

function treeBytes(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.size;
  return readdirSync(p).reduce((sum, name) => sum + treeBytes(path.join(p, name)), 0);
}

const host = hostBuilderTarget();
if (host.os !== 'linux') {
  console.error('[package] the offline package check lays out a Linux Electron; on macOS and Windows the release workflow builds the real installers');
  process.exit(1);
}

// 1. The build, timed.
let started = Date.now();
const built = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
figures['npm run build'] = `${((Date.now() - started) / 1000).toFixed(1)} s`;
await checkStep('npm run build', () => (built.status === 0 ? [] : [`exited with ${built.status ?? built.signal}`]));

// The image archives of a checkout are made by build/istio/bundle-images.ts (from the sandbox's pilot-discovery);
// a fresh checkout may not have run it yet.
if (bundledImages(bundlePaths({}, root).imagesDir).length === 0) {
  await checkStep('image archives for the checkout (build/istio/bundle-images.ts)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'build/istio/bundle-images.ts'], { cwd: root, stdio: 'inherit' });
    return run.status === 0 ? [] : [`exited with ${run.status ?? run.signal}`];
  });
}

// 2. electron-builder around a stand-in Electron, for this machine's target.
const standIn = mkdtempSync(path.join(os.tmpdir(), 'meshdeck-electron-'));
writeStandInElectron(standIn);
const config = builderConfig({ root, electronVersion: electronVersion(root), env: {}, electronDist: standIn });
const appOut = path.join(root, OUTPUT_DIR, 'linux-unpacked');
started = Date.now();
await checkStep(`electron-builder --linux dir --${host.arch} (stand-in Electron)`, async () => {
  rmSync(appOut, { recursive: true, force: true });
  await build({ projectDir: root, config, targets: Platform.LINUX.createTarget('dir', Arch[host.arch]), publish: 'never' });
  return [];
});
figures['electron-builder --dir'] = `${((Date.now() - started) / 1000).toFixed(1)} s`;
rmSync(standIn, { recursive: true, force: true });
const resources = path.join(appOut, 'resources');
const asarFile = path.join(resources, 'app.asar');

await checkStep('the files the config names exist', () =>
  namedPaths(builderConfig({ root, electronVersion: '0', env: {} }), host.os, host.arch)
    .filter((p) => !existsSync(path.join(root, p)))
    .map((p) => `${p} does not exist`),
);

await checkStep(`app.asar holds the built app only, within ${MiB(ASAR_BUDGET_BYTES)}`, () => {
  const verdict = checkAsar(listAsar(asarFile), ASAR_BUDGET_BYTES);
  const onDisk = statSync(asarFile).size;
  figures['app.asar'] = `${MiB(onDisk)} (${verdict.files} files, ${MiB(verdict.bytes)} of content; budget ${MiB(ASAR_BUDGET_BYTES)})`;
  return [...verdict.problems, ...(onDisk > ASAR_BUDGET_BYTES ? [`app.asar is ${onDisk} bytes, over the budget`] : [])];
});

await checkStep('the fuses are flipped in the packaged binary', () => fusesAsPackaged(readFuseWire(readFileSync(path.join(appOut, 'meshdeck')))));

// 3. The packaged layout, read the way the app reads it: the lock from inside app.asar, resources beside it.
const appRoot = mkdtempSync(path.join(os.tmpdir(), 'meshdeck-asar-'));
asar.extractAll(asarFile, appRoot);
await checkStep('the bundled istioctl and images are found through bundlePaths() in the packaged layout', async () => {
  const paths = bundlePaths({ [RESOURCES_PATH_ENV]: resources }, appRoot);
  const problems: string[] = [];
  const istioctl = await verifiedIstioctl(paths, goTarget(host.os, host.arch));
  if (!istioctl.startsWith(resources)) problems.push(`istioctl found outside the packaged resources: ${istioctl}`);
  if (!existsSync(prometheusAddonPath(paths.istioDir))) problems.push('the Prometheus add-on is not in the packaged resources');
  if (bundledImages(paths.imagesDir).length === 0) problems.push('no image archive in the packaged resources');
  return problems;
});

await checkStep('the packaged main bundle loads (Electron stubbed; a second instance quits)', () => {
  // A stand-in 'electron' module: every API is a no-op, and the single-instance lock is taken, so main.cjs runs its
  // module-level code (the whole core's) and quits. Fails if anything it needs is missing from app.asar.
  const stub = path.join(appRoot, 'node_modules', 'electron');
  mkdirSync(stub, { recursive: true });
  writeFileSync(path.join(stub, 'index.js'), `
    const calls = [];
    const noop = (name) => new Proxy(function () {}, {
      get: (_t, key) => (key === 'then' ? undefined : key === 'isPackaged' ? true : key === 'requestSingleInstanceLock' ? () => false
        : key === 'quit' ? () => { calls.push('quit'); } : noop(name + '.' + String(key))),
      apply: () => undefined,
    });
    process.on('exit', () => { if (!calls.includes('quit')) { console.error('main.cjs did not quit'); process.exitCode = 1; } });
    module.exports = noop('electron');
  `);
  const run = spawnSync(process.execPath, [path.join(appRoot, 'dist', 'electron', 'main.cjs')], { encoding: 'utf8', timeout: 30_000 });
  return run.status === 0 ? [] : [`exited with ${run.status ?? run.signal}: ${(run.stderr || run.stdout).trim().split('\n').slice(-5).join(' | ')}`];
});
rmSync(appRoot, { recursive: true, force: true });

// 4. Figures: extra resources per target. Only this machine's istioctl is built here.
const shared = treeBytes(path.join(resources, 'istio', 'addons')) + treeBytes(path.join(resources, 'images'));
figures['extra resources shared by every target (add-on, images)'] = MiB(shared);
for (const osName of Object.keys(INSTALLERS) as BuilderOs[]) {
  for (const arch of RELEASE_ARCHS) {
    const target = goTarget(osName, arch);
    const exe = path.join(root, 'resources', 'istio', target, osName === 'win' ? 'istioctl.exe' : 'istioctl');
    figures[`extra resources ${osName}/${arch} (${INSTALLERS[osName].join(', ')})`] = existsSync(exe)
      ? `${MiB(shared + statSync(exe).size)} (istioctl ${MiB(statSync(exe).size)})`
      : `istioctl ${target} not built on this machine (CI builds it); ${MiB(shared)} besides`;
  }
}

console.log('\n[package] figures');
for (const [name, value] of Object.entries(figures)) console.log(`  ${name}: ${value}`);
writeFileSync(path.join(root, OUTPUT_DIR, 'package-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
const failed = results.filter((r) => r.problems.length > 0).length;
console.log(`[package] ${results.length - failed} checks passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
