import { describe, expect, it } from 'vitest';
import { checkAsar, REQUIRED, type AsarFile } from './asar-check.js';

const built: AsarFile[] = [
  ...REQUIRED.map((path) => ({ path, size: 100 })),
  { path: 'dist/renderer/assets/index-abc.js', size: 1000 },
  { path: 'dist/renderer/assets/codicon.ttf', size: 10 },
];

describe('checkAsar', () => {
  it('accepts the built app within its budget', () => {
    expect(checkAsar(built, 10_000)).toEqual({ problems: [], files: 8, bytes: 1610 });
  });

  it('refuses dependencies, tests, sources, maps and anything else, each with its reason', () => {
    const extra = [
      'node_modules/react/index.js',
      'dist/renderer/node_modules/x/index.js',
      'main/core.ts',
      'electron/main.ts',
      'main/core.test.ts',
      'dist/electron/main.cjs.map',
      'dist/renderer/assets/index.js.map',
      'e2e/app.spec.ts',
      'README.md',
      'build/release/builder-config.ts',
      '.npmrc',
    ].map((path) => ({ path, size: 1 }));
    expect(checkAsar([...built, ...extra], 10_000).problems).toEqual([
      'node_modules/react/index.js: a dependency (the app is one bundle: no node_modules)',
      'dist/renderer/node_modules/x/index.js: a dependency (the app is one bundle: no node_modules)',
      'main/core.ts: a TypeScript source',
      'electron/main.ts: a TypeScript source',
      'main/core.test.ts: a test',
      'dist/electron/main.cjs.map: a source map (it embeds the sources)',
      'dist/renderer/assets/index.js.map: a source map (it embeds the sources)',
      'e2e/app.spec.ts: a test',
      'README.md: not part of the built app',
      'build/release/builder-config.ts: a TypeScript source',
      '.npmrc: a dot file',
    ]);
  });

  it('names what is missing, and a size over the budget', () => {
    const verdict = checkAsar(built.filter((f) => f.path !== 'dist/electron/preload.cjs'), 1000);
    expect(verdict.problems).toEqual(['dist/electron/preload.cjs: missing', 'the app\'s files take 1510 bytes, over the budget of 1000']);
  });
});
