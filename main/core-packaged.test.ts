import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from './core.js';
import { RESOURCES_PATH_ENV } from './platform/bundle-paths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'meshdeck-installed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the core in an installed app', () => {
  it('says the built-in sandbox is not part of it, instead of failing half-way through starting one', async () => {
    const env = { HOME: dir, KUBECONFIG: path.join(dir, 'none'), MESHDECK_HOME: path.join(dir, 'home'), [RESOURCES_PATH_ENV]: path.join(dir, 'resources') };
    const core = await createCore({ env, includeSandboxContexts: false });
    try {
      expect(await core.handlers['sandbox.status']({})).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('not with the installed app') });
      expect(() => core.handlers['sandbox.up']({}, new AbortController().signal)).toThrow(/not with the installed app/);
    } finally {
      await core.dispose();
    }
  });
});
