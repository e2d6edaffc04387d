import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MeshPlan } from '../../../main/contract/inventory.js';
import { applyInventoryEvent } from './inventory-state.js';
import { InventoryView, type InventoryViewProps } from './InventoryPage.js';
import { PlanView } from './PlanView.js';
import { InventoryPanel } from './InventoryPanel.js';
import { COLUMNS } from './columns.js';
import { KIND_INFO, type ToggleId } from './kinds.js';
import { RestartProgressView } from './MeshDialog.js';
import { ns, pod, service, snapshot, workload } from './test-fixtures.js';

const noop = () => {};
const actions = { changeMesh: noop, restart: noop, optOut: noop };
const render = (props: Partial<InventoryViewProps>) =>
  renderToStaticMarkup(
    createElement(InventoryView, { context: 'kind-dev', inventory: undefined, status: 'connecting', error: undefined, updatedAt: undefined, onRetry: noop, onBack: noop, actions, ...props }),
  );

const inventory = applyInventoryEvent(
  undefined,
  snapshot({
    plane: { revisions: [{ revision: 'canary', ready: true }], tags: [{ tag: 'prod', revision: 'canary' }], ambient: false },
    namespaces: [
      ns('shop', { mode: 'sidecar', source: 'istio.io/rev', revision: 'canary', tag: 'prod', labels: { 'istio.io/rev': 'prod' }, pods: 10, withProxy: 8, withoutProxy: 2, needsRestart: 2 }),
      ns('kube-system', { system: true }),
      ns('bad', { mode: 'conflict', source: 'istio-injection', problems: ['Both istio-injection=enabled and istio.io/rev=x are set.'] }),
    ],
    workloads: [workload('shop', 'web', { versions: ['v1', 'v2'], containers: { ready: 1, total: 2 }, needsRestart: 2 }), workload('shop', 'legacy', { optedOut: true, proxy: 'opted-out', meshAction: 'opt-in' }), workload('istio-system', 'istiod', { proxy: 'mesh-system', meshSystem: true, meshAction: 'none' })],
    services: [service('shop', 'web', { ports: [{ name: 'http', port: 80, detected: 'http', classified: true }, { port: 9000, classified: false }], unclassifiedPorts: 1 })],
    pods: Array.from({ length: 500 }, (_, i) => pod('shop', `web-${i}`, { workload: 'Deployment/web' })),
    problems: [{ resource: 'injectors', error: { code: 'FORBIDDEN', message: 'forbidden', forbidden: { verb: 'list', resource: 'mutatingwebhookconfigurations' } } }],
  }),
);

describe('InventoryView', () => {
  it('shows the page, the tabs and a loading state before the snapshot', () => {
    const html = render({});
    expect(html).toContain('data-testid="inventory-page"');
    for (const kind of ['namespaces', 'workloads', 'services', 'pods']) expect(html).toContain(`data-testid="inventory-tab-${kind}"`);
    expect(html).toContain('data-testid="inventory-loading"');
    expect(html).toContain('role="tablist"');
    expect(html).toContain('aria-busy="true"');
  });

  it('shows the namespaces with their mode, pods with proxy, restarts, problems and actions', () => {
    const html = render({ inventory, status: 'live', updatedAt: Date.now() });
    expect(html).toMatch(/data-testid="inventory-tab-namespaces"[^>]*>Namespaces<span class="tab-count">3</);
    expect(html).toContain('data-testid="inventory-count" data-shown="3" data-total="3" role="status">3 of 3 namespaces<');
    // Sorted by name: bad, kube-system, shop.
    expect(html).toContain('data-testid="inv-row" data-id="shop" aria-rowindex="4"');
    expect(html).toContain('aria-rowcount="4"');
    expect(html).toContain('sidecar · rev canary (tag prod)');
    expect(html).toContain('8/10 with proxy');
    expect(html).toContain('>system<');
    expect(html).toContain('data-testid="mesh-change"');
    expect(html.match(/data-testid="mesh-restart-open"/g)).toHaveLength(1);
    expect(html).toContain('role="tooltip"');
    expect(html).toContain('Both istio-injection=enabled');
    expect(html).toContain('aria-sort="ascending"');
    expect(html).toContain('aria-pressed="false" data-testid="inventory-toggle-needs-restart"');
    expect(html).toContain('Revision tags cannot be read: your account may not list mutatingwebhookconfigurations');
  });

  it('shows workloads with versions, containers and the opt-out action', () => {
    const html = render({ inventory, status: 'live', initialTab: 'workloads' });
    expect(html).toContain('v1, v2');
    expect(html).toMatch(/data-testid="containers"[^>]*>1\/2</);
    expect(html.match(/data-testid="mesh-optout"/g)).toHaveLength(2);
    expect(html).toContain('Opt back in…');
    expect(html).toContain('Opt out of injection…');
    // istiod is the mesh itself: it offers no mesh action at all.
    expect(html).toContain('data-testid="mesh-no-action"');
  });

  it('flags unclassified service ports with the way to fix them', () => {
    const html = render({ inventory, status: 'live', initialTab: 'services' });
    expect(html).toContain('http:80 → http');
    expect(html).toContain('port-unclassified');
    expect(html).toContain('9000 → ?');
    expect(html).toContain('set its appProtocol');
    expect(html).toContain('data-testid="inventory-toggle-unclassified"');
    expect(html).toContain('data-testid="inventory-toggle-without-proxy"');
  });

  it('draws only the pods in view, and tells screen readers how many there are', () => {
    const html = render({ inventory, status: 'live', initialTab: 'pods' });
    const drawn = html.match(/data-testid="inv-row"/g)?.length ?? 0;
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(60);
    expect(html).toContain('aria-rowcount="501"');
    expect(html).toContain('500 of 500 pods');
  });

  it('explains a failed stream with Retry, keeping the last rows', () => {
    const html = render({ inventory, status: 'error', error: { code: 'UNREACHABLE', message: 'refused' }, updatedAt: Date.now() });
    expect(html).toContain('data-testid="inventory-error"');
    expect(html).toContain('>Retry<');
    expect(html).toContain('no longer updated');
    expect(html).toContain('data-testid="inv-row"');
  });
});

describe('InventoryPanel', () => {
  const renderPanel = (query: string, toggles: ToggleId[] = []) =>
    renderToStaticMarkup(
      createElement(InventoryPanel<ReturnType<typeof pod>>, {
        info: KIND_INFO.pods,
        columns: COLUMNS.pods,
        rows: inventory!.pods.list,
        query,
        onQuery: noop,
        toggles: new Set(toggles),
        onToggle: noop,
        sort: { column: 'name', direction: 'descending' },
        onSort: noop,
        actions,
      }),
    );

  it('filters as typed and says how many match', () => {
    const html = renderPanel('web-42');
    expect(html).toContain('>11 of 500 pods<'); // web-42 and web-420 … web-429
    expect(html).toContain('aria-sort="descending"');
    expect(html).toContain('data-id="shop/web-429"');
  });

  it('says plainly when nothing matches', () => {
    const html = renderPanel('xyz');
    expect(html).toContain('>0 of 500 pods<');
    expect(html).toContain('data-testid="inventory-empty"');
    expect(html).toContain('No pods match “xyz”');
    expect(renderPanel('xyz', ['needs-restart'])).toContain('No pods match “xyz” with “Needs restart” on');
    expect(renderPanel('', ['needs-restart'])).toContain('No pods with “Needs restart”');
    expect(renderPanel('', ['needs-restart'])).toContain('aria-pressed="true" data-testid="inventory-toggle-needs-restart"');
  });
});

const plan: MeshPlan = {
  namespace: 'shop',
  resourceVersion: '42',
  before: { 'istio-injection': 'enabled' },
  after: { 'istio.io/rev': 'prod' },
  patch: { 'istio-injection': null, 'istio.io/rev': 'prod' },
  revision: 'canary',
  checks: [{ id: 'control-plane', title: 'A control plane serves revision prod', status: 'pass', detail: 'istiod of revision canary is ready' }],
  warnings: ['Label istio-injection=enabled will be removed.'],
  restart: [{ kind: 'Deployment', name: 'web', pods: 3 }],
  unchanged: false,
};

describe('PlanView', () => {
  const renderPlan = (p: Partial<Parameters<typeof PlanView>[0]>) =>
    renderToStaticMarkup(createElement(PlanView, { context: 'c', namespace: 'shop', target: { mode: 'sidecar', revision: 'prod' }, plan, planning: false, error: undefined, onRetry: noop, ...p }));

  it('shows the label diff, the checks, the warnings and the restarts', () => {
    const html = renderPlan({});
    expect(html).toContain('data-testid="mesh-plan" data-state="ready"');
    expect(html).toContain('data-change="removed" data-label="istio-injection"');
    expect(html).toContain('data-change="added" data-label="istio.io/rev"');
    expect(html).toContain('data-testid="mesh-check-control-plane"');
    expect(html).toContain('will be removed');
    expect(html).toContain('1 workload runs pods');
    const two = renderPlan({ plan: { ...plan, restart: [...plan.restart, { ...plan.restart[0]!, name: 'other' }] } });
    expect(two).toContain('2 workloads run pods');
    expect(html).not.toContain('mesh-refusal');
  });

  it('shows a refusal prominently', () => {
    const html = renderPlan({ plan: { ...plan, refusal: { reason: 'no-control-plane', message: 'No running control plane serves revision x.' } } });
    expect(html).toContain('data-testid="mesh-plan" data-state="refused"');
    expect(html).toMatch(/role="alert" data-testid="mesh-refusal"/);
    expect(html).toContain('No running control plane serves this revision');
    expect(html).toContain('No running control plane serves revision x.');
  });

  it('asks for a target first', () => {
    expect(renderPlan({ target: undefined, plan: undefined })).toContain('Choose a target above');
  });
});

describe('RestartProgressView', () => {
  const web = { namespace: 'shop', kind: 'Deployment' as const, name: 'web', state: 'ready' as const, updated: 2, desired: 2, proxy: 'present' as const, proxyRevision: 'canary' };
  const db = { namespace: 'shop', kind: 'Deployment' as const, name: 'db', state: 'restarting' as const, updated: 0, desired: 1 };
  const view = (props: Partial<Parameters<typeof RestartProgressView>[0]>) =>
    renderToStaticMarkup(createElement(RestartProgressView, { context: 'c', namespace: 'shop', status: undefined, error: undefined, headingRef: { current: null }, onDone: noop, ...props }));

  it('shows each workload with its state, new pods ready and proxy, then the core’s verdict', () => {
    const running = view({ status: { phase: 'running', workloads: [web, db], restarted: 1, failed: 0, summary: 'Restarting 2 workloads: 1 finished.' } });
    expect(running).toContain('data-testid="mesh-restart-row" data-state="ready" data-proxy-revision="canary" data-name="web"');
    expect(running).toContain('data-testid="mesh-restart-row" data-state="restarting" data-proxy-revision="" data-name="db"');
    expect(running).toContain('2/2');
    expect(running).toContain('Waiting for the new pods to be ready');
    expect(running).not.toContain('mesh-done');
    const done = view({ status: { phase: 'done', workloads: [web], restarted: 1, failed: 0, summary: '1 workload restarted, every new pod as its namespace asks.' } });
    expect(done).toContain('data-testid="mesh-done"');
    expect(done).toContain('1 workload restarted, every new pod as its namespace asks.');
  });

  it('says when the stream broke before the restart said anything', () => {
    const html = view({ error: { code: 'UNREACHABLE', message: 'gone' } });
    expect(html).toContain('data-status="failed"');
    expect(html).toContain('The restart stopped');
    expect(html).not.toContain('Finding the workloads');
  });
});
