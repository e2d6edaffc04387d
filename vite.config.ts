import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The renderer (React UI). The page runs under a strict CSP (main/contract/csp.ts: script-src 'self'; style-src 'self'
 * with inline styles for Monaco only), so the build emits no inline script and no style of its own: assets stay files (assetsInlineLimit 0) and the module-preload polyfill, which
 * Vite would inline, is off (Electron and current browsers support <link rel=modulepreload> natively).
 */
export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
