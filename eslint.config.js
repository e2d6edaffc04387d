// Flat config. Type-aware linting is too slow here: typescript-eslint's recommended set plus a few
// strict rules, and the layering (VS Code's code-layering idea) enforced with no-restricted-imports.
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// ESLint's own "recommended" set (what @eslint/js ships), read from the rules' metadata.
const eslintRecommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
);

const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal', 'TextEncoder', 'TextDecoder',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask',
    'structuredClone', 'fetch', 'globalThis',
  ].map((name) => [name, 'readonly']),
);

// --- Layering -------------------------------------------------------------------------------
// Relative specifiers are matched from the repo's top folders: `../../renderer/x.js` and the like.
const up = '^(\\.\\./)+';
const noElectron = [
  { name: 'electron', message: 'Only electron/ may import Electron.' },
  // Web mode and the CLI never check for updates: the updater exists only in the desktop shell.
  { name: 'electron-updater', message: 'Only electron/ may import electron-updater.' },
];
const noElectronDeep = { group: ['electron/*'], message: 'Only electron/ may import Electron.' };
const mainRule = {
  paths: noElectron,
  patterns: [
    noElectronDeep,
    { regex: `${up}(renderer|electron)(/|$)`, message: 'main/ never imports from renderer/ or electron/.' },
  ],
};
const nodeBuiltinNames = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];
const contractRule = {
  paths: [
    ...mainRule.paths,
    ...nodeBuiltinNames.map((name) => ({ name, message: 'main/contract/ runs in the browser too: no Node built-ins.' })),
  ],
  patterns: [
    ...mainRule.patterns,
    { group: ['node:*'], message: 'main/contract/ runs in the browser too: no Node built-ins.' },
  ],
};
// A file directly in main/contract/ reaching out with `../` leaves the contract (and the browser-safe layer).
const contractTopRule = {
  paths: contractRule.paths,
  patterns: [
    ...contractRule.patterns,
    { regex: '^\\.\\./', message: 'main/contract/ imports only from main/contract/ (and packages like zod).' },
  ],
};
const rendererRule = {
  paths: noElectron,
  patterns: [
    noElectronDeep,
    { regex: `${up}main/(?!contract/)`, message: 'renderer/ may import from main/ only through main/contract/.' },
    { regex: `${up}electron(/|$)`, message: 'renderer/ never imports from electron/.' },
  ],
};
// The core's own layering: each capability folder of main/ imports only the folders below it, so the
// arrows run one way (no cycles), and nothing of the product depends on the development sandbox.
// Tests may reach anywhere (they drive the sandbox); core.ts is the composition root.
const CORE_LAYERS = {
  util: [],
  platform: [],
  kube: ['util'],
  images: ['util', 'kube', 'platform'],
  mesh: ['util', 'kube'],
  contexts: ['util', 'kube', 'platform'],
  inventory: ['util', 'kube', 'mesh'],
  install: ['util', 'kube', 'mesh', 'images', 'platform'],
  cluster: ['util', 'kube', 'mesh', 'install'],
  upgrade: ['util', 'kube', 'mesh', 'install', 'inventory'],
  config: ['util', 'kube', 'mesh', 'install', 'platform'],
  metrics: ['util', 'kube'],
  canary: ['util', 'kube', 'mesh', 'config', 'metrics'],
  rpc: [],
  server: ['util', 'rpc'],
  // Reads the bundle's state and redacts what it collects; the rest is handed in by core.ts.
  diagnostics: ['util', 'platform', 'install', 'images'],
};
const CORE_FOLDERS = [...Object.keys(CORE_LAYERS), 'sandbox', 'testing', 'cli'];
const layerRule = (folder) => ({
  paths: noElectron,
  patterns: [
    ...mainRule.patterns,
    {
      regex: `^\\.\\./(${CORE_FOLDERS.filter((f) => f !== folder && !CORE_LAYERS[folder].includes(f)).join('|')})/`,
      message: `main/${folder}/ may import only from main/contract/ and ${CORE_LAYERS[folder].map((f) => `main/${f}/`).join(', ') || 'nothing else in main/'} (the core's layers run one way; main/sandbox/ is for tests and core.ts only).`,
    },
    { regex: '^\\.\\./core\\.js$', message: 'Only entry points (main/cli/, main/server/main.ts) build the core.' },
  ],
});

const electronRule = {
  patterns: [{ regex: `${up}renderer(/|$)`, message: 'electron/ never imports from renderer/.' }],
};

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'e2e/screenshots/', 'coverage/', '.tmp/', '.scratch/'],
  },
  { rules: eslintRecommended },
  tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    rules: {
      eqeqeq: ['error', 'smart'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-throw-literal': 'error',
      'no-param-reassign': 'error',
      'no-return-assign': 'error',
      'prefer-const': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  { files: ['main/**'], rules: { 'no-restricted-imports': ['error', mainRule] } },
  ...Object.keys(CORE_LAYERS).map((folder) => ({
    files: [`main/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts', ...(folder === 'server' ? ['main/server/main.ts'] : [])],
    rules: { 'no-restricted-imports': ['error', layerRule(folder)] },
  })),
  { files: ['main/contract/**'], rules: { 'no-restricted-imports': ['error', contractRule] } },
  { files: ['main/contract/*'], rules: { 'no-restricted-imports': ['error', contractTopRule] } },
  { files: ['electron/**'], rules: { 'no-restricted-imports': ['error', electronRule] } },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', rendererRule],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'Render with React, not HTML strings.' },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render with React, not HTML strings.' },
      ],
    },
  },
  { files: ['renderer/**/*.ts', 'renderer/**/*.tsx'], ...reactHooks.configs.flat.recommended },
);
