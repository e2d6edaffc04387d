import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RestartStatus } from '../../../main/contract/inventory.js';
import type { UpgradeStatus, UpgradeView } from '../../../main/contract/upgrade.js';
import { UpgradePanel } from './UpgradePanel.js';
import type { Upgrade, UpgradeFailure } from './useUpgrade.js';

const noop = () => {};
const revisions: UpgradeStatus['revisions'] = {
  revisions: [{ revision: 'default', version: '1.24.2', ready: true, namespaces: ['shop'] }],
  tags: [],
};
const proposal: NonNullable<UpgradeStatus['proposal']> = {
  from: 'default',
  to: 'canary',
  fromVersion: '1.24.2',
  toVersion: '1.25.0',
  change: 'version',
  namespaces: ['shop'],
  moveTargets: [{ value: 'canary', label: 'revision canary' }],
};

/** An upgrade whose new revision is installed: the move is next. */
const installed: UpgradeView = {
  from: 'default',
  to: 'canary',
  fromVersion: '1.24.2',
  toVersion: '1.25.0',
  options: { profile: 'minimal', revision: 'canary', imagePullSecrets: [], values: {} },
  namespaces: ['shop'],
  moveTarget: 'canary',
  tags: ['default'],
  stages: { install: 'done', move: 'pending', restart: 'pending', tags: 'pending', remove: 'pending' },
  errors: {},
  moved: [],
  originalLabels: {},
  tagChanges: [],
  removed: 0,
  updatedAt: '2026-01-01T00:00:00Z',
  change: 'version',
  next: 'move',
  busy: false,
  canUndo: true,
  undoPlan: [{ id: 'remove', label: 'Remove revision canary', state: 'pending' }],
  complete: false,
  summary: 'Upgrade default (1.24.2) → canary (1.25.0): next step “move”.',
};

const webReady: RestartStatus = {
  phase: 'done',
  workloads: [{ namespace: 'shop', kind: 'Deployment', name: 'web', state: 'ready', updated: 1, desired: 1, proxy: 'present', proxyRevision: 'canary' }],
  restarted: 1,
  failed: 0,
  summary: '1 workload restarted, every new pod as its namespace asks (proxy of revision canary).',
};

/** Through the restart: the tags are next. */
const restarted: UpgradeView = {
  ...installed,
  stages: { install: 'done', move: 'done', restart: 'done', tags: 'pending', remove: 'pending' },
  moved: ['shop'],
  restart: webReady,
  next: 'tags',
  undoPlan: [
    { id: 'move', label: 'Move namespace shop back to revision default', state: 'pending' },
    { id: 'restart', label: 'Restart its workloads onto revision default', state: 'pending' },
    { id: 'remove', label: 'Remove revision canary', state: 'pending' },
  ],
};

function fake(view: UpgradeView | undefined, extra: Partial<Upgrade> = {}): Upgrade {
  return {
    status: { data: { revisions, ...(view ? { upgrade: view } : {}), proposal }, error: undefined, loading: false, reload: noop },
    revisions,
    view,
    proposal,
    install: undefined,
    running: false,
    undoing: false,
    failure: undefined,
    open: true,
    show: noop,
    hide: noop,
    run: noop,
    cancel: noop,
    undo: noop,
    dismiss: noop,
    ...extra,
  };
}

const render = (view: UpgradeView | undefined, extra: Partial<Upgrade> = {}) => renderToStaticMarkup(createElement(UpgradePanel, { context: 'c', upgrade: fake(view, extra), now: 0 }));

describe('UpgradePanel', () => {
  it('opens on the install stage: the version change, the new name, its run button, the later stages pending, no undo yet', () => {
    const html = render(undefined);
    expect(html).toContain('data-testid="upgrade-version" data-change="version"');
    expect(html).toMatch(/Istio <span class="mono">1\.24\.2<\/span> → <span class="mono">1\.25\.0<\/span>/);
    expect(html).toContain('data-testid="upgrade-stage-install" data-state="pending" aria-current="step"');
    expect(html).toContain('data-testid="upgrade-new-revision" value="canary"');
    expect(html).toContain('Install revision canary');
    expect(html.match(/data-testid="upgrade-run"/g)).toHaveLength(1);
    for (const id of ['move', 'restart', 'tags', 'remove']) expect(html).toContain(`data-testid="upgrade-stage-${id}" data-state="pending"`);
    expect(html).not.toContain('data-testid="upgrade-undo"');
  });

  it('says plainly when the new revision runs the same Istio build', () => {
    const html = renderToStaticMarkup(
      createElement(UpgradePanel, { context: 'c', upgrade: { ...fake(undefined), proposal: { ...proposal, fromVersion: '1.25.0', change: 'revision-move' } }, now: 0 }),
    );
    expect(html).toContain('data-change="revision-move"');
    expect(html).toContain('Both revisions run the same Istio build');
    expect(html).toContain('This Meshdeck bundles Istio 1.25.0; a newer Meshdeck brings a newer Istio.');
  });

  it('shows where an upgrade in the cluster stands: the namespaces to move, and undo', () => {
    const html = render(installed);
    expect(html).toContain('data-testid="upgrade-stage-install" data-state="done"');
    expect(html).toContain('data-testid="upgrade-stage-move" data-state="pending" aria-current="step"');
    expect(html).toContain('data-testid="upgrade-namespace-shop"');
    expect(html).not.toContain('data-testid="upgrade-new-revision"');
    expect(html).toContain('data-testid="upgrade-undo"');
    expect(html).toContain('Upgrade default (1.24.2) → canary (1.25.0): next step “move”.');
  });

  it('shows each restarted workload with the proxy revision its new pods carry, and offers undo', () => {
    const html = render(restarted);
    expect(html).toContain('data-testid="restart-row-shop-web" data-state="ready" data-proxy-revision="canary"');
    expect(html).toContain('data-testid="upgrade-stage-restart" data-state="done"');
    expect(html).toContain(webReady.summary);
    expect(html).toContain('data-testid="upgrade-stage-tags" data-state="pending" aria-current="step"');
    expect(html).toContain('data-testid="upgrade-tag-default" checked=""');
    expect(html).toContain('data-testid="upgrade-undo"');
    expect(html).toContain('Move namespace shop back to revision default');
  });

  it('says plainly when a workload came back on the wrong revision', () => {
    const restart: RestartStatus = {
      phase: 'failed',
      workloads: [{ namespace: 'shop', kind: 'Deployment', name: 'web', state: 'failed', updated: 1, desired: 1, proxy: 'present', proxyRevision: 'default', detail: 'a new pod carries the proxy of revision default, not canary' }],
      restarted: 0,
      failed: 1,
      summary: '1 of 1 workload did not come back as their namespace asks: shop/web (a new pod carries the proxy of revision default, not canary).',
    };
    const html = render({ ...restarted, stages: { ...restarted.stages, restart: 'failed' }, errors: { restart: { code: 'INTERNAL', message: restart.summary } }, restart, next: 'restart' });
    expect(html).toContain('data-testid="upgrade-restart-problem"');
    expect(html).toContain('did not come back as their namespace asks: shop/web');
    expect(html).toContain('data-proxy-revision="default"');
    expect(html).not.toContain('data-testid="upgrade-error-restart"');
    expect(html).toContain('Restart again in shop');
  });

  it('explains a refused removal by its reason, and has no undo any more', () => {
    const view: UpgradeView = {
      ...restarted,
      stages: { install: 'done', move: 'done', restart: 'done', tags: 'done', remove: 'failed' },
      errors: { remove: { code: 'REFUSED', reason: 'revision-in-use', message: 'Revision default is still in use: namespace other selects it.' } },
      next: 'remove',
      canUndo: false,
    };
    const html = render(view);
    expect(html).toContain('data-testid="upgrade-error-remove"');
    expect(html).toContain('data-error-code="REFUSED"');
    expect(html).toContain('The revision is still needed, so it was not removed');
    expect(html).toContain('Revision default is still in use: namespace other selects it.');
    expect(html).not.toContain('data-testid="upgrade-undo"');
  });

  it('ends with the upgrade done', () => {
    const html = render({
      ...restarted,
      stages: { install: 'done', move: 'done', restart: 'done', tags: 'done', remove: 'done' },
      tagChanges: [{ tag: 'default' }],
      removed: 12,
      next: undefined,
      canUndo: false,
      complete: true,
    });
    expect(html).toContain('data-testid="upgrade-done"');
    expect(html).toContain('Upgraded to revision canary');
    expect(html).toContain('Revision default is removed (12 objects)');
    expect(html).not.toContain('data-testid="upgrade-run"');
    expect(html).toContain('data-testid="upgrade-close">Close<');
  });

  it('offers no button while a stage runs elsewhere (another window, the command line)', () => {
    const html = render({ ...installed, stages: { ...installed.stages, move: 'running' }, busy: true, canUndo: false });
    expect(html).toContain('data-testid="upgrade-stage-move" data-state="running"');
    expect(html).toContain('Labelling the namespaces…');
    expect(html).not.toContain('data-testid="upgrade-run"');
  });

  it('shows why the core would not start a stage', () => {
    const failure: UpgradeFailure = { action: 'install', error: { code: 'REFUSED', reason: 'change-running', message: 'Another Meshdeck holds the upgrade lock.' } };
    const html = render(undefined, { failure });
    expect(html).toContain('data-testid="upgrade-error-install"');
    expect(html).toContain('Another change to this control plane is running');
  });

  it('words an undo that stopped at the restart about the workloads', () => {
    const view: UpgradeView = {
      ...restarted,
      undo: {
        status: 'failed',
        steps: [
          { id: 'move', label: 'Move namespace shop back to revision default', state: 'done' },
          { id: 'restart', label: 'Restart its workloads onto revision default', state: 'failed' },
          { id: 'remove', label: 'Remove revision canary', state: 'pending' },
        ],
        error: { code: 'INTERNAL', message: '1 of 1 workload did not come back as their namespace asks: shop/web.' },
      },
      undoPlan: [
        { id: 'move', label: 'Move namespace shop back to revision default', state: 'done' },
        { id: 'restart', label: 'Restart its workloads onto revision default', state: 'failed' },
        { id: 'remove', label: 'Remove revision canary', state: 'pending' },
      ],
      next: undefined,
    };
    const html = render(view);
    expect(html).toContain('data-testid="upgrade-undo-area" data-state="failed"');
    expect(html).toContain('Some workloads did not come back on revision default');
    expect(html).toContain('data-testid="upgrade-undo-step-restart" data-state="failed"');
    expect(html).toContain('Undo again');
    // The restart stage keeps its own verdict; the undo's rows are shown in the Undo area.
    expect(html.match(/data-testid="restart-row-shop-web"/g)).toHaveLength(1);
    expect(html).not.toContain('aria-current="step"');
  });
});
