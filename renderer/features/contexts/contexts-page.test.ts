import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MeshdeckClient } from '../../../main/contract/client.js';
import type { ContextSummary, ContextsSnapshot } from '../../../main/contract/models.js';
import { alwaysOpen } from '../../api/connection.js';
import { ClientContext } from '../../api/transport.js';
import type { SandboxController } from '../sandbox/useSandbox.js';
import { ContextsPage } from './ContextsPage.js';
import { noneReachable, type ProbeState } from './probing.js';
import type { ContextsModel } from './useContexts.js';

const ctx = (name: string, extra: Partial<ContextSummary> = {}): ContextSummary => ({
  name,
  cluster: name,
  server: `https://${name}.example:6443`,
  user: 'admin',
  namespace: 'default',
  authKind: 'client-certificate',
  usesProxy: false,
  insecureSkipTlsVerify: false,
  sourceFile: '/home/u/.kube/config',
  isCurrent: false,
  warnings: [],
  ...extra,
});

const snapshot: ContextsSnapshot = {
  contexts: [ctx('kind-dev', { isCurrent: true }), ctx('gke', { authKind: 'exec', execCommand: 'gke-gcloud-auth-plugin', warnings: ['insecure'] })],
  currentContext: 'kind-dev',
  files: [{ path: '/home/u/.kube/config', exists: true }, { path: '/home/u/other.yaml', exists: false }],
  problems: [{ code: 'KUBECONFIG_MALFORMED', message: 'Not valid YAML.', location: { file: '/home/u/bad.yaml', line: 7 } }],
};

const sandbox: SandboxController = { run: { status: 'idle', lines: [] }, start() {}, cancel() {} };

function render(probes: Record<string, ProbeState>, snap: ContextsSnapshot = snapshot, selected?: string) {
  const model: ContextsModel = {
    snapshot: snap,
    status: 'live',
    error: undefined,
    restart() {},
    probe: (name) => probes[name] ?? { status: 'unchecked' },
    recheck() {},
    confirmPlugin() {},
    noneReachable: noneReachable(Object.values(probes), probes[snap.contexts.find((c) => c.isCurrent)?.name ?? '']),
  };
  const client = new MeshdeckClient({ send() {}, onMessage: () => () => {} });
  return renderToStaticMarkup(
    createElement(
      ClientContext,
      { value: { client, connection: alwaysOpen() } },
      createElement(ContextsPage, { model, selected, onSelect() {}, onConnect() {}, sandbox, sandboxAsked: false }),
    ),
  );
}

const reachable: ProbeState = { status: 'reachable', result: { context: 'kind-dev', reachable: true, latencyMs: 12, serverVersion: 'v1.31.0' } };
const pluginFailed: ProbeState = {
  status: 'unreachable',
  error: { code: 'EXEC_PLUGIN_FAILED', message: 'The credential plugin failed.', detail: 'ERROR: no active account' },
};

describe('ContextsPage', () => {
  it('lists every context as an option with its status, the current one selected', () => {
    const html = render({ 'kind-dev': reachable });
    expect(html).toContain('data-testid="context-list"');
    expect(html).toContain('role="listbox"');
    expect(html).toMatch(/aria-selected="true" tabindex="0" class="context-row context-option" data-testid="context-row-kind-dev"/);
    expect(html).toMatch(/data-testid="context-status-kind-dev" data-status="reachable"/);
    expect(html).toContain('12 ms');
    expect(html).toMatch(/data-testid="context-status-gke" data-status="unchecked"/);
    expect(html).toContain('Not checked');
    expect(html).not.toContain('Check all again'); // never every context at once: a check may run a plugin
    expect(html).toContain('Exec plugin (gke-gcloud-auth-plugin)');
    expect(html).toContain('1 warning');
    expect(html).toContain('current');
    expect(html).not.toContain('sandbox-offer');
  });

  it('shows whole-file problems above the list, with file and line', () => {
    const html = render({});
    expect(html).toContain('data-testid="kubeconfig-problems"');
    expect(html).toContain('/home/u/bad.yaml:7');
    expect(html.indexOf('kubeconfig-problems')).toBeLessThan(html.indexOf('context-list'));
    expect(html).toContain('missing');
  });

  it("explains an unreachable selected context, showing the plugin's stderr", () => {
    const html = render({ 'kind-dev': reachable, gke: pluginFailed }, snapshot, 'gke');
    expect(html).toMatch(/data-testid="context-status-gke" data-status="unreachable"/);
    expect(html).toContain('The credential plugin for this context failed');
    expect(html).toContain('ERROR: no active account');
    expect(html).toContain('Connect to gke');
  });

  it('asks before running a credential plugin, naming the program and the file, with Run and Cancel buttons', () => {
    const unconfirmed: ProbeState = {
      status: 'unconfirmed',
      plugin: { command: '/usr/local/bin/gke-gcloud-auth-plugin', args: ['--use_application_default_credentials'], file: '/home/u/.kube/config' },
      error: { code: 'EXEC_PLUGIN_UNCONFIRMED', message: 'Confirm it first.' },
    };
    const html = render({ 'kind-dev': reachable, gke: unconfirmed }, snapshot, 'gke');
    expect(html).toMatch(/data-testid="context-status-gke" data-status="unconfirmed"/);
    expect(html).toContain('Plugin not confirmed');
    expect(html).toMatch(/role="group" aria-labelledby="[^"]+" aria-describedby="[^"]+" data-testid="plugin-confirmation"/);
    expect(html).toContain('Run this credential plugin?');
    expect(html).toMatch(/data-testid="plugin-command">\/usr\/local\/bin\/gke-gcloud-auth-plugin</);
    expect(html).toMatch(/data-testid="plugin-args">--use_application_default_credentials</);
    expect(html).toMatch(/data-testid="plugin-file">\/home\/u\/.kube\/config</);
    expect(html).toMatch(/<button type="button" class="btn btn-primary" data-testid="plugin-confirm">Run this plugin<\/button>/);
    expect(html).toMatch(/<button type="button" class="btn" data-testid="plugin-cancel">Cancel<\/button>/);
    expect(html).not.toContain('sandbox-offer'); // waiting for an answer is not "nothing answers"
  });

  it('offers the sandbox when no context answers, and when there is none', () => {
    expect(render({ 'kind-dev': pluginFailed, gke: pluginFailed })).toContain('data-testid="sandbox-offer"');
    const empty = render({}, { ...snapshot, contexts: [], problems: [] });
    expect(empty).toContain('data-testid="sandbox-offer"');
    expect(empty).toContain('No contexts found');
    expect(empty).not.toContain('role="listbox"');
  });
});
