import { defineConfig } from '@playwright/test';

/** e2e in Debian's Chromium against web mode, with the core on the live sandbox. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // The first-run suite starts the sandbox itself, from the host: it has its own config.
  testIgnore: 'firstrun/**',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  workers: 1,
  globalSetup: './global-setup.ts',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    viewport: { width: 1360, height: 860 },
    // No transitions: axe must judge settled colours, not a button half-way from disabled to enabled.
    contextOptions: { reducedMotion: 'reduce' },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
