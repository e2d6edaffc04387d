import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../main/core.js';
import { startWebServer } from '../../main/server/web-server.js';
import { loginOverHttp } from '../web-login.js';

/** A user with no kubeconfig at all: only Meshdeck's own sandbox can be offered. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const home = mkdtempSync(join(tmpdir(), 'meshdeck-firstrun-'));
  const core = await createCore({ env: { ...process.env, HOME: home, KUBECONFIG: '' } });
  const server = await startWebServer({ handlers: core.handlers, staticDir: fileURLToPath(new URL('../../dist/renderer', import.meta.url)) });
  // One session for the whole run: each test's page starts with its cookie (the login URL itself works once).
  process.env.MESHDECK_E2E_SESSION = JSON.stringify(await loginOverHttp(server.loginUrl));
  process.env.MESHDECK_E2E_URL = server.url;
  return async () => {
    await server.close();
    await core.dispose();
  };
}
