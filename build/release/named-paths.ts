import type { Configuration, FileSet } from 'electron-builder';
import { APP_FILES } from './builder-config.js';
import type { BuilderArch, BuilderOs } from './targets.js';

/**
 * The paths the builder's config names, relative to the project, for one target (${os} and ${arch} expanded): the
 * app folder and each literal file in it, the icons, the extra resources' sources. The package check asserts each
 * exists after `npm run build` (the staged istioctl after electron-builder's beforePack).
 */
export function namedPaths(config: Configuration, os: BuilderOs, arch: BuilderArch): string[] {
  const expand = (p: string) => p.replaceAll('${os}', os).replaceAll('${arch}', arch);
  const app = config.directories?.app ?? '.';
  const literalFiles = APP_FILES.filter((f) => !f.startsWith('!') && !f.includes('*')).map((f) => `${app}/${f}`);
  const icons = [config.mac?.icon, config.win?.icon, config.linux?.icon].filter((i): i is string => typeof i === 'string');
  const extra = ((config.extraResources ?? []) as FileSet[]).map((r) => r.from).filter((f): f is string => !!f);
  return [app, ...literalFiles, `${app}/dist/renderer/index.html`, ...icons, ...extra].map(expand);
}
