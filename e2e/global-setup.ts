import { fileURLToPath } from 'node:url';
import { createCore } from '../main/core.js';
import { sandboxLayout } from '../main/sandbox/layout.js';
import { startWebServer } from '../main/server/web-server.js';
import { loginOverHttp } from './web-login.js';

/** Starts the real core and web-mode server once; tests read its URL and a session from the environment. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const layout = sandboxLayout();
  const env = { ...process.env, KUBECONFIG: `${layout.kubeconfig}:${layout.extraKubeconfig}` };
  const core = await createCore({ env });
  const staticDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));
  const server = await startWebServer({ handlers: core.handlers, staticDir });
  // One session for the whole run: each test's page starts with its cookie (the login URL itself works once).
  process.env.MESHDECK_E2E_SESSION = JSON.stringify(await loginOverHttp(server.loginUrl));
  process.env.MESHDECK_E2E_URL = server.url;
  return async () => {
    await server.close();
    await core.dispose();
  };
}
