import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { createCore } from '../main/core.js';
import { API_URL, EXEC_PLUGIN } from '../main/sandbox/kubeconfigs.js';
import { sandboxLayout, type SandboxLayout } from '../main/sandbox/layout.js';
import { startWebServer } from '../main/server/web-server.js';
import { loginOverHttp } from './web-login.js';

/** Starts the real core and web-mode server once; tests read its URL and a session from the environment. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const layout = sandboxLayout();
  const pluginKubeconfig = kubeconfigWithPlugin(layout);
  process.env.MESHDECK_E2E_PLUGIN_KUBECONFIG = pluginKubeconfig;
  const env = { ...process.env, KUBECONFIG: `${layout.kubeconfig}:${layout.extraKubeconfig}:${pluginKubeconfig}` };
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

/**
 * A kubeconfig the user wrote (not Meshdeck), new in every run, whose context `e2e-plugin` gets its credentials
 * from a plugin (the sandbox's): Meshdeck must ask before running it.
 */
function kubeconfigWithPlugin(layout: SandboxLayout): string {
  const file = join(mkdtempSync(join(tmpdir(), 'meshdeck-e2e-plugin-')), 'config');
  writeFileSync(file, stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [{ name: 'e2e-plugin', cluster: { server: API_URL, 'certificate-authority': join(layout.pki, 'ca.crt') } }],
    users: [{ name: 'e2e-plugin', user: { exec: {
      apiVersion: 'client.authentication.k8s.io/v1', command: EXEC_PLUGIN, interactiveMode: 'Never',
      env: [{ name: 'MESHDECK_SANDBOX_TOKEN_FILE', value: join(layout.pki, 'exec-token') }],
    } } }],
    contexts: [{ name: 'e2e-plugin', context: { cluster: 'e2e-plugin', user: 'e2e-plugin' } }],
  }));
  return file;
}
