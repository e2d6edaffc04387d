import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MeshInstallStatus } from '../../../main/contract/install.js';
import { defaultDraft } from './options.js';
import { initialPush, pushResult, reducePush } from './push.js';
import { PushPanel } from './PushPanel.js';
import { UpgradePanel } from './UpgradePanel.js';
import { initialUpgrade, upgradeReducer, type UpgradeAction, type UpgradeState } from './upgrade.js';
import type { Upgrade } from './useUpgrade.js';

const noop = () => {};
const status: MeshInstallStatus = {
  revisions: [
    { revision: 'default', version: '1.24.2', ready: true, namespaces: ['shop'] },
    { revision: 'canary', version: '1.24.2', ready: true, namespaces: [] },
  ],
  tags: [],
};

function fakeUpgrade(state: UpgradeState): Upgrade {
  return {
    state,
    open: true,
    undoWords: undefined,
    install: { progress: undefined, start: noop, cancel: noop, reset: noop },
    show: noop,
    hide: noop,
    configure: noop,
    runInstall: noop,
    cancelInstall: noop,
    runMove: noop,
    runRestart: noop,
    runTags: noop,
    runRemove: noop,
    undo: noop,
    startOver: noop,
  };
}

const render = (state: UpgradeState) =>
  renderToStaticMarkup(createElement(UpgradePanel, { context: 'c', status, upgrade: fakeUpgrade(state), pageOptions: undefined, now: 0 }));
const run = (s: UpgradeState, ...actions: UpgradeAction[]) => actions.reduce(upgradeReducer, s);

const restarted = () =>
  run(
    initialUpgrade('default', 'canary'),
    { type: 'start', stage: 'install' },
    { type: 'done', stage: 'install' },
    { type: 'start', stage: 'move' },
    { type: 'moved', namespaces: ['shop'], target: 'canary' },
    { type: 'start', stage: 'restart' },
    { type: 'restart-event', event: { type: 'workload', namespace: 'shop', kind: 'Deployment', name: 'web', state: 'ready', proxyRevision: 'canary' } },
    { type: 'restart-event', event: { type: 'done', restarted: 1, wrongRevision: 0 } },
  );

describe('UpgradePanel', () => {
  it('opens on the install stage: the new name, its run button, the later stages pending, no undo yet', () => {
    const html = render(initialUpgrade('default', 'canary'));
    expect(html).toContain('data-testid="upgrade-stage-install" data-state="pending" aria-current="step"');
    expect(html).toContain('data-testid="upgrade-new-revision" value="canary"');
    expect(html).toContain('Install revision canary');
    expect(html.match(/data-testid="upgrade-run"/g)).toHaveLength(1);
    for (const id of ['move', 'restart', 'tags', 'remove']) expect(html).toContain(`data-testid="upgrade-stage-${id}" data-state="pending"`);
    expect(html).not.toContain('data-testid="upgrade-undo"');
  });

  it('shows each restarted workload with the proxy revision its new pods carry, and offers undo', () => {
    const html = render(restarted());
    expect(html).toContain('data-testid="restart-row-shop-web" data-state="ready" data-proxy-revision="canary"');
    expect(html).toContain('data-testid="upgrade-stage-restart" data-state="done"');
    expect(html).toContain('data-testid="upgrade-stage-tags" data-state="pending" aria-current="step"');
    expect(html).toContain('data-testid="upgrade-tag-default" checked=""');
    expect(html).toContain('data-testid="upgrade-undo"');
    expect(html).toContain('Move namespace shop back to revision default');
  });

  it('says plainly when a workload came back on the wrong revision', () => {
    const s = restarted();
    const failed: UpgradeState = {
      ...s,
      stages: { ...s.stages, restart: 'failed' },
      restart: { status: 'failed', rows: [{ namespace: 'shop', kind: 'Deployment', name: 'web', state: 'failed', proxyRevision: 'default' }], restarted: 1, wrongRevision: 1 },
    };
    const html = render(failed);
    expect(html).toContain('data-testid="upgrade-restart-problem"');
    expect(html).toContain('came back without the proxy of revision canary: shop/web (revision default)');
    expect(html).toContain('data-proxy-revision="default"');
    expect(html).toContain('Restart again in shop');
  });

  it('explains a refused removal in words about the revision, and has no undo any more', () => {
    const s = run(
      restarted(),
      { type: 'start', stage: 'tags' },
      { type: 'done', stage: 'tags' },
      { type: 'start', stage: 'remove' },
      { type: 'fail', stage: 'remove', error: { code: 'BAD_REQUEST', message: 'Revision default is still in use; move namespace other first.' } },
    );
    const html = render(s);
    expect(html).toContain('data-testid="upgrade-error-remove"');
    expect(html).toContain('Revision default is still needed, so it was not removed');
    expect(html).toContain('Revision default is still in use; move namespace other first.');
    expect(html).not.toContain('data-testid="upgrade-undo"');
  });

  it('ends with the upgrade done', () => {
    const s = run(restarted(), { type: 'start', stage: 'tags' }, { type: 'tagged', tag: 'default', previous: undefined }, { type: 'done', stage: 'tags' }, { type: 'start', stage: 'remove' }, { type: 'removed-object' }, { type: 'done', stage: 'remove' });
    const html = render(s);
    expect(html).toContain('data-testid="upgrade-done"');
    expect(html).toContain('Upgraded to revision canary');
    expect(html).not.toContain('data-testid="upgrade-run"');
  });
});

describe('PushPanel', () => {
  it('shows each image pushed with its pinned reference, and what the install will use', () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const image = { name: 'pilot', tag: '1.24.2', digest, reference: `127.0.0.1:5000/e2e/istio/pilot@${digest}` };
    let progress = reducePush(initialPush('127.0.0.1:5000', 'e2e/istio'), { type: 'pushing', name: 'pilot' });
    progress = reducePush(progress, { type: 'pushed', image });
    progress = reducePush(progress, { type: 'done', values: { 'values.pilot.image': image.reference } });
    const form = { ...defaultDraft().push, registry: '127.0.0.1:5000', repository: 'e2e/istio', pushed: pushResult(progress)! };
    const html = renderToStaticMarkup(
      createElement(PushPanel, { form, onChange: noop, push: { progress, start: noop, cancel: noop }, missingPush: undefined, missingPushId: 'm' }),
    );
    expect(html).toContain('data-testid="push-row-pilot" data-state="done"');
    expect(html).toContain(`127.0.0.1:5000/e2e/istio/pilot@${digest}`);
    expect(html).toContain('data-testid="push-done"');
    expect(html).toContain('values.pilot.image');
    expect(html).toMatch(/type="password"[^>]*value=""/);
  });
});
