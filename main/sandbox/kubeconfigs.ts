import { chmodSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { PORTS } from './layout.js';

export const EXEC_PLUGIN = fileURLToPath(new URL('./exec-credential-plugin.mjs', import.meta.url));

/** Static tokens the API server accepts (token auth file). Sandbox-local secrets, not real ones. */
export const SANDBOX_TOKENS = {
  viewer: 'meshdeck-sandbox-viewer-token',
  exec: 'meshdeck-sandbox-exec-token',
  extra: 'meshdeck-sandbox-extra-admin-token',
} as const;

export const API_URL = `https://127.0.0.1:${PORTS.apiServer}`;

export function tokenAuthCsv(): string {
  return [
    `${SANDBOX_TOKENS.viewer},sandbox-viewer,uid-viewer,"meshdeck:viewers"`,
    `${SANDBOX_TOKENS.exec},sandbox-exec-user,uid-exec,"meshdeck:viewers"`,
    `${SANDBOX_TOKENS.extra},sandbox-extra-admin,uid-extra,"system:masters"`,
  ].join('\n') + '\n';
}

interface ComponentCreds { caFile: string; certFile: string; keyFile: string }

/** Kubeconfig for a control-plane component or the agent (client certificate). */
export function componentKubeconfig(path: string, user: string, c: ComponentCreds): void {
  writeFileSync(path, stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [{ name: 'sandbox', cluster: { server: API_URL, 'certificate-authority': c.caFile } }],
    users: [{ name: user, user: { 'client-certificate': c.certFile, 'client-key': c.keyFile } }],
    contexts: [{ name: user, context: { cluster: 'sandbox', user } }],
    'current-context': user,
  }));
  chmodSync(path, 0o600);
}

/** The user-facing kubeconfig: four contexts, each authenticating a different way. */
export function userKubeconfig(path: string, admin: ComponentCreds, execTokenFile: string): void {
  writeFileSync(path, stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [
      { name: 'sandbox', cluster: { server: API_URL, 'certificate-authority': admin.caFile } },
      { name: 'sandbox-unreachable', cluster: { server: `https://127.0.0.1:${PORTS.unreachable}`, 'certificate-authority': admin.caFile } },
    ],
    users: [
      { name: 'sandbox-admin', user: { 'client-certificate': admin.certFile, 'client-key': admin.keyFile } },
      { name: 'sandbox-viewer', user: { token: SANDBOX_TOKENS.viewer } },
      { name: 'sandbox-exec', user: { exec: {
        apiVersion: 'client.authentication.k8s.io/v1', command: EXEC_PLUGIN, args: [],
        env: [{ name: 'MESHDECK_SANDBOX_TOKEN_FILE', value: execTokenFile }], interactiveMode: 'Never',
        installHint: 'The sandbox exec plugin ships with Meshdeck under main/sandbox.',
      } } },
    ],
    contexts: [
      { name: 'sandbox-admin', context: { cluster: 'sandbox', user: 'sandbox-admin', namespace: 'default' } },
      { name: 'sandbox-viewer', context: { cluster: 'sandbox', user: 'sandbox-viewer', namespace: 'default' } },
      { name: 'sandbox-exec', context: { cluster: 'sandbox', user: 'sandbox-exec', namespace: 'default' } },
      { name: 'sandbox-unreachable', context: { cluster: 'sandbox-unreachable', user: 'sandbox-admin' } },
    ],
    'current-context': 'sandbox-admin',
  }));
  chmodSync(path, 0o600);
}

/**
 * A second file for KUBECONFIG merging: one more context, plus a cluster named like the first file's
 * with a wrong server and its own current-context — kubectl keeps the first file's for both.
 */
export function extraKubeconfig(path: string, caFile: string): void {
  writeFileSync(path, stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [
      { name: 'sandbox', cluster: { server: `https://127.0.0.1:${PORTS.unreachable}`, 'certificate-authority': caFile } },
      { name: 'sandbox-extra', cluster: { server: API_URL, 'certificate-authority': caFile } },
    ],
    users: [{ name: 'sandbox-extra-admin', user: { token: SANDBOX_TOKENS.extra } }],
    contexts: [{ name: 'sandbox-extra', context: { cluster: 'sandbox-extra', user: 'sandbox-extra-admin', namespace: 'kube-system' } }],
    'current-context': 'sandbox-extra',
  }));
  chmodSync(path, 0o600);
}
