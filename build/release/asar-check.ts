import asar from '@electron/asar';

/**
 * What app.asar may hold: the built app only. A pure check over the asar's file list (from @electron/asar), so the
 * rules are unit-tested and the package check applies them to the asar electron-builder really assembled.
 */
export interface AsarFile {
  /** Path inside the asar, without a leading slash, with forward slashes. */
  path: string;
  size: number;
}

/** Every file must match one of these (the config's APP_FILES, as patterns). */
const ALLOWED: readonly RegExp[] = [
  /^package\.json$/,
  /^dist\/electron\/(main|preload)\.cjs$/,
  /^dist\/renderer\/.+/,
  /^build\/istio\/istio\.lock\.json$/,
  /^build\/testbed\/pins\.env$/,
];

/** Whatever matches one of these is refused even where it would be allowed: why, for the report. */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/(^|\/)node_modules\//, 'a dependency (the app is one bundle: no node_modules)'],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'a test'],
  [/\.(ts|tsx|mts|cts)$/, 'a TypeScript source'],
  [/\.map$/, 'a source map (it embeds the sources)'],
  [/(^|\/)\.(env|npmrc|git)/, 'a dot file'],
];

export const REQUIRED = ['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'build/istio/istio.lock.json', 'build/testbed/pins.env'];

export interface AsarVerdict {
  problems: string[];
  files: number;
  bytes: number;
}

export function checkAsar(files: readonly AsarFile[], budgetBytes: number): AsarVerdict {
  const problems: string[] = [];
  for (const file of files) {
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(file.path));
    if (forbidden) problems.push(`${file.path}: ${forbidden[1]}`);
    else if (!ALLOWED.some((pattern) => pattern.test(file.path))) problems.push(`${file.path}: not part of the built app`);
  }
  const present = new Set(files.map((f) => f.path));
  for (const required of REQUIRED) if (!present.has(required)) problems.push(`${required}: missing`);
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  if (bytes > budgetBytes) problems.push(`the app's files take ${bytes} bytes, over the budget of ${budgetBytes}`);
  return { problems, files: files.length, bytes };
}

/** The files of an app.asar with their sizes (folders left out), as checkAsar takes them. */
export function listAsar(file: string): AsarFile[] {
  return asar
    .listPackage(file, { isPack: false })
    .map((p) => p.replace(/\\/g, '/').replace(/^\//, ''))
    .flatMap((p) => {
      const entry = asar.statFile(file, p, false) as { size?: number; files?: unknown };
      return entry.files || entry.size === undefined ? [] : [{ path: p, size: entry.size }];
    });
}
