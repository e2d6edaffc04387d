import { defineConfig } from '@playwright/test';
import base from '../playwright.config.js';

/** First run: no reachable cluster, the sandbox down; runs on the host because it starts the sandbox. */
export default defineConfig({
  ...base,
  testDir: '.',
  testIgnore: [],
  timeout: 300_000,
  globalSetup: './global-setup.ts',
});
