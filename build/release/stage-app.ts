// `npm run build`'s last step: dist/app/, the folder electron-builder packs into app.asar. It holds the built app
// and nothing else (the bundles, the built UI, the lock, the pins) under the same relative paths as in the checkout,
// so the paths the bundled core computes from its sources land in the same places; and a package.json without
// dependencies, since the shell and the core are one esbuild bundle: no node_modules goes into the app at all.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_DIR, PRODUCT_NAME } from './builder-config.js';

/** Files and folders of the checkout that the app is made of (each must exist after the build). */
export const APP_SOURCES = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer', 'build/istio/istio.lock.json', 'build/testbed/pins.env'];

interface RootPackage {
  name: string;
  version: string;
  description?: string;
  main: string;
}

/** The app's own package.json: what Electron and electron-builder read, no scripts and no dependencies. */
export function appPackageJson(root: RootPackage): Record<string, unknown> {
  return {
    name: root.name,
    productName: PRODUCT_NAME,
    version: root.version,
    description: root.description ?? PRODUCT_NAME,
    main: root.main,
    author: { name: 'Meshdeck contributors', email: 'meshdeck@users.noreply.github.com' },
    private: true,
  };
}

function linkFile(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** Hard-links (or copies) a file or a folder's files to `to`; answers how many files. */
function linkTree(from: string, to: string): number {
  mkdirSync(path.dirname(to), { recursive: true });
  if (!statSync(from).isDirectory()) {
    linkFile(from, to);
    return 1;
  }
  mkdirSync(to, { recursive: true });
  let files = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory() || entry.isFile()) files += linkTree(path.join(from, entry.name), path.join(to, entry.name));
  }
  return files;
}

export function stageApp(root: string): { dir: string; files: number } {
  const missing = APP_SOURCES.filter((p) => !existsSync(path.join(root, p)));
  if (missing.length > 0) throw new Error(`cannot stage the app: ${missing.join(', ')} missing (run npm run build)`);
  const dir = path.join(root, APP_DIR);
  rmSync(dir, { recursive: true, force: true });
  let files = 0;
  for (const source of APP_SOURCES) files += linkTree(path.join(root, source), path.join(dir, source));
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as RootPackage;
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(appPackageJson(pkg), null, 2)}\n`);
  return { dir, files: files + 1 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { files } = stageApp(root);
  console.log(`app: ${files} files staged in ${APP_DIR}/`);
}
