import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ClusterOverview } from '../../../main/contract/models.js';
import { OverviewView, type OverviewViewProps } from './Overview.js';

const noop = () => {};
const render = (props: Partial<OverviewViewProps>) =>
  renderToStaticMarkup(createElement(OverviewView, { context: 'kind-dev', overview: undefined, status: 'connecting', error: undefined, onRetry: noop, onBack: noop, ...props }));

const overview: ClusterOverview = {
  context: 'kind-dev',
  serverVersion: 'v1.31.2',
  platform: 'linux/amd64',
  nodes: { ready: 2, total: 3 },
  namespaces: [
    { name: 'default', phase: 'Active', injection: 'enabled', createdAt: '2024-01-01T00:00:00Z' },
    { name: 'bookinfo', phase: 'Active', revision: '1-24', dataplaneMode: 'ambient' },
    { name: 'old', phase: 'Terminating' },
    { name: 'meshdeck-verify-x1', phase: 'Active', injection: 'enabled', meshdeckPurpose: 'verify' },
  ],
  mesh: {
    state: 'installed',
    istioCrds: 14,
    controlPlanes: [{ namespace: 'istio-system', name: 'istiod-1-24', revision: '1-24', version: '1.24.2', readyReplicas: 1, replicas: 1 }],
    incomplete: [],
  },
  problems: [],
  updatedAt: '2024-01-03T00:00:00Z',
};

describe('OverviewView', () => {
  it('shows placeholders with the test ids while the first snapshot is on its way', () => {
    const html = render({});
    for (const id of ['overview', 'overview-version', 'overview-nodes', 'mesh-status']) expect(html).toContain(`data-testid="${id}"`);
    expect(html).toContain('Connecting…');
    expect(html).toContain('<h1');
  });

  it('shows the version, nodes, mesh and namespaces of a snapshot', () => {
    const html = render({ overview, status: 'live' });
    expect(html).toMatch(/data-testid="overview-version"[^>]*>v1\.31\.2</);
    expect(html).toMatch(/data-testid="overview-nodes"[^>]*>2 \/ 3 /);
    expect(html).toContain('1 not ready');
    expect(html).toContain('data-testid="namespace-row-default"');
    expect(html).toContain('data-testid="namespace-row-bookinfo"');
    expect(html).toContain('ambient');
    expect(html).toContain('2d'); // age of default, against updatedAt
    expect(html).toMatch(/data-testid="mesh-status" data-state="installed"/);
    expect(html).toContain('Istio installed');
    expect(html).toContain('istiod-1-24');
    expect(html).toContain('1 / 1 ready');
    expect(html).not.toContain('problem-');
    // Meshdeck's own namespaces are neither listed nor counted.
    expect(html).not.toContain('meshdeck-verify-x1');
    expect(html).toMatch(/class="card-value">3</);
    expect(html).toContain('2 with sidecars, 1 ambient');
  });

  it('says plainly what the account may not read, in its section', () => {
    const html = render({
      status: 'live',
      overview: {
        ...overview,
        nodes: undefined,
        problems: [{ section: 'nodes', error: { code: 'FORBIDDEN', message: 'nodes is forbidden', forbidden: { verb: 'list', resource: 'nodes' } } }],
      },
    });
    expect(html).toContain('data-testid="problem-nodes"');
    expect(html).toContain('Your account (context kind-dev) is not allowed to list nodes (verb list, resource nodes).');
    expect(html).not.toContain('problem-mesh');
  });

  it('explains a failed stream and offers Retry, keeping the last data', () => {
    const html = render({ overview, status: 'error', error: { code: 'UNREACHABLE', message: 'Connection refused.', detail: 'ECONNREFUSED' } });
    expect(html).toContain('data-testid="overview-error"');
    expect(html).toContain("The cluster&#x27;s API server did not answer");
    expect(html).toContain('>Retry<');
    expect(html).toContain('no longer updated');
    expect(html).toContain('data-testid="namespace-row-default"');
  });

  it('tells apart the mesh states', () => {
    expect(render({ status: 'live', overview: { ...overview, mesh: { state: 'not-installed', istioCrds: 0, controlPlanes: [], incomplete: [] } } })).toContain('Istio not installed');
    expect(render({ status: 'live', overview: { ...overview, mesh: { state: 'crds-only', istioCrds: 3, controlPlanes: [], incomplete: [] } } })).toContain(
      '3 Istio CRDs installed, but no control plane',
    );
  });

  it('says which install stopped part-way and offers to finish it', () => {
    const mesh = { ...overview.mesh, state: 'incomplete' as const, incomplete: [{ revision: 'canary', reason: 'apply-unfinished' as const, phase: 'webhooks' }] };
    const html = renderToStaticMarkup(createElement(OverviewView, { context: 'kind-dev', overview: { ...overview, mesh }, status: 'live', error: undefined, onRetry: noop, onBack: noop, onOpenInstall: noop }));
    expect(html).toContain('data-testid="mesh-status" data-state="incomplete"');
    expect(html).toContain('Incomplete install');
    expect(html).toContain('The install of revision canary stopped part-way: its apply did not finish (it stopped at webhooks).');
    expect(html).toMatch(/data-testid="open-install" data-mode="install">Resume</);
  });
});
