import { defineConfig } from 'vitest/config';

/** Integration tests: they run against the live sandbox (npm run test:int starts it). */
export default defineConfig({
  test: {
    include: ['main/**/*.int.test.ts'],
    exclude: ['main/sandbox/lifecycle.int.test.ts', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
