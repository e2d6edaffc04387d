import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SimResult } from '../../../main/contract/config.js';
import { applyConfigEvent } from './config-state.js';
import { DraftsList } from './DraftsList.js';
import { ProblemsList } from './editor/ProblemsList.js';
import { markerOfFinding, problemsOf } from './editor/markers.js';
import { HostsView } from './HostsView.js';
import { RoutingView, type RoutingViewProps } from './RoutingPage.js';
import { SimResultView } from './simulator/SimResultView.js';
import { kinds, row } from './test-fixtures.js';

const noop = () => {};
const config = applyConfigEvent(undefined, {
  type: 'snapshot',
  kinds,
  rows: [
    row('VirtualService', 'shop', 'reviews', { hosts: ['reviews'], errors: 1, findings: [{ code: 'MD102', severity: 'error', message: 'Subset v9 of reviews.shop.svc.cluster.local is defined in no DestinationRule.', fix: 'Use v1.', source: 'meshdeck', path: [] }] }),
    row('DestinationRule', 'shop', 'reviews', { hosts: ['reviews'] }),
  ],
  hosts: [{ host: 'reviews.shop.svc.cluster.local', virtualServices: ['shop/reviews'], httpRoutes: [], governedBy: 'virtual-service', summary: 'The VirtualService shop/reviews routes traffic to reviews.shop.svc.cluster.local inside the mesh.' }],
  problems: [{ resource: 'httproutes', error: { code: 'FORBIDDEN', message: 'forbidden', forbidden: { verb: 'list', resource: 'httproutes' } } }],
});

const render = (props: Partial<RoutingViewProps>) =>
  renderToStaticMarkup(
    createElement(RoutingView, {
      context: 'kind-dev', tab: 'objects', config: undefined, status: 'connecting', error: undefined, updatedAt: undefined, onRetry: noop, onBack: noop, onTab: noop, onOpen: noop,
      drafts: [], onOpenDraft: noop, onDiscardDraft: noop, creating: false, failure: undefined, onCreate: noop, onSimulateHost: noop, ...props,
    }),
  );

describe('RoutingView', () => {
  it('shows a loading state with its tabs and the simulator beside it before the snapshot', () => {
    const html = render({ simulator: createElement('p', { 'data-testid': 'the-simulator' }) });
    expect(html).toContain('data-testid="routing-loading"');
    expect(html).toContain('role="tablist"');
    expect(html).toContain('<aside class="rt-side" aria-label="Route simulator"><p data-testid="the-simulator">');
    expect(html).toContain('<h1');
  });

  it('lists the objects with their check status, the first finding in the hint, and the resources it could not read', () => {
    const html = render({ config, status: 'live' });
    expect(html).toContain('2 objects, 1 host with routing');
    expect(html.match(/data-testid="routing-row"/g)).toHaveLength(2);
    expect(html).toContain('MD102: Subset v9 of reviews.shop.svc.cluster.local is defined in no DestinationRule. Use v1.');
    expect(html).toContain('data-testid="routing-problem-httproutes"');
    expect(html).toContain('aria-label="Open VirtualService shop/reviews in the editor"');
    // Templates for kinds the cluster does not serve say so (the panel is closed at first).
    expect(html).toContain('aria-expanded="false"');
  });

  it('lists the hosts with the API that governs each, in the core\'s words', () => {
    const html = renderToStaticMarkup(createElement(HostsView, { hosts: config!.hosts, rows: config!.rows.list, onOpen: noop, onSimulate: noop }));
    expect(html).toContain('data-governed-by="virtual-service"');
    expect(html).toContain('The VirtualService shop/reviews routes traffic to reviews.shop.svc.cluster.local inside the mesh.');
    expect(html).toContain('aria-label="Open VirtualService shop/reviews"');
    expect(html).toContain('reviews.<wbr/>shop.<wbr/>svc');
  });

  it('keeps old drafts behind a button', () => {
    const drafts = Array.from({ length: 5 }, (_, i) => ({ id: `n-${i}`, name: `New VirtualService ${i}`, text: 'x', base: [] }));
    const html = renderToStaticMarkup(createElement(DraftsList, { drafts, onOpen: noop, onDiscard: noop }));
    expect(html).toContain('5 unsaved drafts');
    expect(html.match(/data-testid="routing-draft"/g)).toHaveLength(3);
    expect(html).toContain('Show the 2 older ones');
  });
});

describe('SimResultView', () => {
  it('says which rule took the request, why the ones before did not, and where it goes', () => {
    const result: SimResult = {
      host: 'reviews.shop.svc.cluster.local',
      via: { kind: 'VirtualService', namespace: 'shop', name: 'reviews', rule: 1 },
      ignored: [{ kind: 'HTTPRoute', namespace: 'shop', name: 'old' }],
      steps: [{ rule: 0, matched: false, reason: 'header end-user is absent' }, { rule: 1, matched: true, reason: 'no match conditions: it takes everything that reaches it' }],
      destinations: [{ host: 'reviews.shop.svc.cluster.local', subset: 'v1', percent: 90, subsetLabels: { version: 'v1' }, unknown: false }, { host: 'reviews.shop.svc.cluster.local', subset: 'v9', percent: 10, unknown: true }],
      effects: ['timeout 2s'],
      summary: 'Rule 1 of VirtualService shop/reviews takes the request: reviews.shop.svc.cluster.local (v1) 90%, reviews.shop.svc.cluster.local (v9) 10%; timeout 2s.',
    };
    const html = renderToStaticMarkup(createElement(SimResultView, { result }));
    expect(html).toContain(result.summary);
    expect(html).toContain('data-rule="0" data-matched="false"');
    expect(html).toContain('header end-user is absent');
    expect(html).toContain('version=v1');
    expect(html).toContain('(defined in no DestinationRule)');
    expect(html).toContain('No such Service or ServiceEntry');
    expect(html).toContain('timeout 2s');
    expect(html).toContain('HTTPRoute <span class="mono">shop/old</span>');
  });
});

describe('ProblemsList', () => {
  it('lists each problem as a button to its line, with its code, fix and source; or why nothing was checked', () => {
    const problems = problemsOf({ check: [markerOfFinding({ code: 'MD102', severity: 'error', message: 'Subset v9 is defined in no DestinationRule.', fix: 'Use v1.', source: 'meshdeck', path: [], range: { startLine: 12, startColumn: 9, endLine: 12, endColumn: 19 } })] });
    const html = renderToStaticMarkup(createElement(ProblemsList, { problems, checking: false, onJump: noop }));
    expect(html).toContain('1 error');
    expect(html).toContain('data-code="MD102" data-line="12"');
    expect(html).toContain('Fix: Use v1.');
    expect(html).toContain('line 12 · Meshdeck check');
    expect(renderToStaticMarkup(createElement(ProblemsList, { problems: [], checking: false, unchecked: 'Not checked: the text is too large to send', onJump: noop }))).toContain('Not checked: the text is too large to send');
  });
});
