import { defineConfig } from 'vitest/config';

/** The sandbox lifecycle test: from the host, after everything else (it ends with the sandbox down). */
export default defineConfig({
  test: { include: ['main/sandbox/lifecycle.int.test.ts'], testTimeout: 300_000, fileParallelism: false },
});
