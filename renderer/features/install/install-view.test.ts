import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ClusterOverview } from '../../../main/contract/models.js';
import { OverviewView } from '../overview/Overview.js';
import { CheckList } from '../../components/CheckList.js';
import { initialProgress, reduceProgress } from './progress.js';
import { RunView } from './RunView.js';

const noop = () => {};

describe('RunView', () => {
  it('shows phases with state, the wait, and each blocker with its reason and fix', () => {
    let p = initialProgress('install', 0, { crds: 15, namespace: 1, 'control-plane': 3 });
    p = reduceProgress(p, { type: 'phase', phase: 'crds', index: 0, of: 3 }, 10);
    p = reduceProgress(p, { type: 'phase', phase: 'control-plane', index: 2, of: 3 }, 20);
    p = reduceProgress(
      p,
      {
        type: 'waiting',
        what: 'Deployment istio-system/istiod to be ready',
        blockers: [{ reason: 'image-pull', message: 'istiod-abc cannot pull x from docker.io (no pull secret).', fix: 'Check that docker.io is reachable.', pod: 'istiod-abc' }],
        elapsedMs: 500,
      },
      30,
    );
    const html = renderToStaticMarkup(createElement(RunView, { progress: p, now: 40, context: 'c', onCancel: noop, onRetry: noop }));
    expect(html).toContain('data-testid="install-phase-crds" data-state="done"');
    expect(html).toContain('data-testid="install-phase-control-plane" data-state="running"');
    expect(html).toContain('data-testid="install-waiting"');
    expect(html).toContain('Waiting for Deployment istio-system/istiod to be ready');
    expect(html).toContain('data-testid="install-blocker" data-reason="image-pull"');
    expect(html).toContain('How to fix: </span>Check that docker.io is reachable.');
    expect(html).toContain('data-testid="install-cancel"');
    expect(html).not.toContain('install-retry');
  });

  it('offers Retry and explains the error after a failure', () => {
    let p = initialProgress('install', 0);
    p = reduceProgress(p, { type: 'phase', phase: 'crds', index: 0, of: 7 }, 10);
    p = reduceProgress(p, { type: 'failed', error: { code: 'FORBIDDEN', message: 'no', forbidden: { verb: 'create', resource: 'customresourcedefinitions' } }, elapsedMs: 9 }, 20);
    const html = renderToStaticMarkup(createElement(RunView, { progress: p, now: 40, context: 'viewer', onCancel: noop, onRetry: noop }));
    expect(html).toContain('data-state="stopped"');
    expect(html).toContain('data-testid="install-error"');
    expect(html).toContain('not allowed to create customresourcedefinitions');
    expect(html).toContain('data-testid="install-retry"');
    expect(html).not.toContain('install-cancel');
  });
});

describe('CheckList', () => {
  it('gives every check its status, words and the fix of a failure', () => {
    const html = renderToStaticMarkup(
      createElement(CheckList, {
        label: 'Precheck results',
        testIdPrefix: 'precheck-check',
        checks: [
          { id: 'k8s-version', title: 'Kubernetes version', status: 'pass', detail: 'v1.36.3 is within 1.32–1.36.' },
          { id: 'nodes', title: 'A node can host istiod', status: 'fail', detail: 'No node fits.', fix: 'Add a node.' },
        ],
      }),
    );
    expect(html).toContain('data-testid="precheck-check-k8s-version" data-status="pass"');
    expect(html).toContain('data-testid="precheck-check-nodes" data-status="fail"');
    expect(html).toContain('>Pass<');
    expect(html).toContain('>Failed<');
    expect(html).toContain('How to fix: </span>Add a node.');
  });
});

describe('the overview’s Service mesh section', () => {
  const overview = (mesh: ClusterOverview['mesh']): ClusterOverview => ({ context: 'c', serverVersion: 'v1.36.3', mesh, problems: [], updatedAt: '2024-01-01T00:00:00Z' });
  const render = (mesh: ClusterOverview['mesh']) =>
    renderToStaticMarkup(
      createElement(OverviewView, { context: 'c', overview: overview(mesh), status: 'live', error: undefined, onRetry: noop, onBack: noop, onOpenInstall: noop }),
    );

  it('offers Install Istio when there is no control plane', () => {
    expect(render({ state: 'not-installed', istioCrds: 0, controlPlanes: [], incomplete: [] })).toMatch(/data-testid="open-install" data-mode="install">Install Istio</);
    expect(render({ state: 'crds-only', istioCrds: 3, controlPlanes: [], incomplete: [] })).toMatch(/data-mode="install">Install Istio</);
  });

  it('offers Manage Istio otherwise', () => {
    const cp = { namespace: 'istio-system', name: 'istiod', revision: 'default', readyReplicas: 1, replicas: 1 };
    expect(render({ state: 'installed', istioCrds: 15, controlPlanes: [cp], incomplete: [] })).toMatch(/data-mode="manage">Manage Istio</);
  });
});
