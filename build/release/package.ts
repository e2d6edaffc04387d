// `npm run package -- [--linux|--mac|--win ...] [--x64|--arm64 ...] [--dir] [--publish always|never]`: the installers
// of this OS (or those named) into dist/release/, after `npm run build`. Signing, notarization and the update feed come
// from the environment (see README, "Packaging"); without them the build is unsigned. Electron is downloaded by
// electron-builder unless ELECTRON_DIST names an unpacked one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Arch, build, Platform } from 'electron-builder';
import { builderConfig } from './builder-config.js';
import { hostBuilderTarget, INSTALLERS, RELEASE_ARCHS, type BuilderArch, type BuilderOs } from './targets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PLATFORMS: Record<BuilderOs, Platform> = { mac: Platform.MAC, win: Platform.WINDOWS, linux: Platform.LINUX };

export function electronVersion(projectRoot: string): string {
  return (JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      linux: { type: 'boolean' }, mac: { type: 'boolean' }, win: { type: 'boolean' },
      x64: { type: 'boolean' }, arm64: { type: 'boolean' },
      dir: { type: 'boolean' },
      publish: { type: 'string', default: 'never' },
    },
    strict: true,
  });
  if (values.publish !== 'never' && values.publish !== 'always') throw new Error('--publish takes always or never');
  const oses = (['linux', 'mac', 'win'] as const).filter((os) => values[os]);
  const archs = RELEASE_ARCHS.filter((arch) => values[arch]);
  const targets = new Map<Platform, Map<Arch, string[]>>();
  for (const os of oses.length ? oses : [hostBuilderTarget().os]) {
    const byArch = new Map<Arch, string[]>();
    for (const arch of (archs.length ? archs : RELEASE_ARCHS) as BuilderArch[]) byArch.set(Arch[arch], values.dir ? ['dir'] : [...INSTALLERS[os]]);
    targets.set(PLATFORMS[os], byArch);
  }
  const config = builderConfig({ root, electronVersion: electronVersion(root), env: process.env, electronDist: process.env.ELECTRON_DIST || undefined });
  const started = Date.now();
  const artifacts = await build({ projectDir: root, config, targets, publish: values.publish });
  console.log(`[package] ${artifacts.length} artifacts in ${((Date.now() - started) / 1000).toFixed(1)} s:\n${artifacts.map((a) => `  ${path.relative(root, a)}`).join('\n')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err: unknown) => {
    console.error(`[package] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
