// Bundles the desktop shell: electron/main.ts -> dist/electron/main.cjs (with the core) and
// electron/preload.ts -> dist/electron/preload.cjs (sandboxed: it may require only 'electron').
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'electron');

/**
 * The core finds files next to its sources (`new URL('../package.json', import.meta.url)`). In the
 * bundle each of our own modules keeps that meaning: its import.meta.url becomes the URL of its
 * source file, computed from the bundle's location, so the relative paths still land in the
 * project (or app.asar) as long as those files ship. Dependencies get the bundle's URL instead.
 */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
      if (args.path.split(path.sep).includes('node_modules')) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromBundle = path.relative(outDir, args.path).split(path.sep).join('/');
      const url = `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(fromBundle)})).href`;
      return { contents: text.replaceAll('import.meta.url', `(${url})`), loader: path.extname(args.path).slice(1).replace(/^[cm]/, '') };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
};

const [main, preload] = await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.cjs',
    plugins: [sourceImportMetaUrl],
    // ESM dependencies of the core may read import.meta.url; give them the bundle's own URL.
    define: { 'import.meta.url': '__meshdeckImportMetaUrl' },
    banner: { js: 'const __meshdeckImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs' }),
]);

// A sandboxed preload can require nothing but 'electron': fail the build rather than the window.
const preloadImports = Object.values(preload.metafile.outputs)
  .flatMap((output) => output.imports)
  .filter((entry) => entry.external && entry.path !== 'electron');
if (preloadImports.length > 0) {
  console.error(`preload.cjs must require only 'electron', but requires: ${preloadImports.map((i) => i.path).join(', ')}`);
  process.exit(1);
}

const size = (result) =>
  Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.cjs'))
    .map(([file, output]) => `${file} (${Math.round(output.bytes / 1024)} KiB)`);
console.log(`built ${[...size(main), ...size(preload)].join(', ')}`);
