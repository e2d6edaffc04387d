import { describe, expect, it } from 'vitest';
import type { PodRow } from '../../../main/contract/inventory.js';
import { KIND_INFO } from './kinds.js';
import { cachedText, filterRows, nextSort, queryWords, sortRows } from './table-model.js';
import { ns, pod, service, workload } from './test-fixtures.js';

const podText = KIND_INFO.pods.searchText;

describe('sortRows', () => {
  const rows = [pod('b', 'x'), pod('a', 'y'), pod('B', 'a'), pod('a', 'b')];

  it('sorts by the key without regard to case, ties by id', () => {
    expect(sortRows(rows, (p) => p.namespace, 'ascending').map((p) => p.id)).toEqual(['a/b', 'a/y', 'B/a', 'b/x']);
  });

  it('sorts descending by key, still ascending by id among ties', () => {
    expect(sortRows(rows, (p) => p.namespace, 'descending').map((p) => p.id)).toEqual(['B/a', 'b/x', 'a/b', 'a/y']);
  });

  it('sorts numbers inside names by value', () => {
    const names = [pod('s', 'app-10'), pod('s', 'app-2'), pod('s', 'app-1')];
    expect(sortRows(names, (p) => p.name, 'ascending').map((p) => p.name)).toEqual(['app-1', 'app-2', 'app-10']);
  });

  it('sorts numbers as numbers', () => {
    const ws = [workload('s', 'a', { needsRestart: 10 }), workload('s', 'b', { needsRestart: 9 }), workload('s', 'c', { needsRestart: 100 })];
    expect(sortRows(ws, (w) => w.needsRestart, 'ascending').map((w) => w.name)).toEqual(['b', 'a', 'c']);
  });

  it('does not change its input', () => {
    const copy = [...rows];
    sortRows(rows, (p) => p.name, 'ascending');
    expect(rows).toEqual(copy);
  });
});

describe('nextSort', () => {
  it('flips the sorted column and starts another ascending', () => {
    expect(nextSort({ column: 'name', direction: 'ascending' }, 'name')).toEqual({ column: 'name', direction: 'descending' });
    expect(nextSort({ column: 'name', direction: 'descending' }, 'name')).toEqual({ column: 'name', direction: 'ascending' });
    expect(nextSort({ column: 'name', direction: 'descending' }, 'phase')).toEqual({ column: 'phase', direction: 'ascending' });
  });
});

describe('filterRows', () => {
  const pods: PodRow[] = [
    pod('shop', 'web-1', { workload: 'Deployment/web', version: 'v1', proxyRevision: 'canary' }),
    pod('shop', 'db-0', { workload: 'StatefulSet/db', proxy: 'absent', needsRestart: true }),
    pod('bank', 'api-1', { workload: 'Deployment/api', version: 'v2', proxy: 'opted-out' }),
  ];

  it('returns the same array when nothing filters', () => {
    expect(filterRows(pods, '  ', podText)).toBe(pods);
  });

  it('matches name, namespace, version and proxy state, in any case', () => {
    expect(filterRows(pods, 'WEB', podText).map((p) => p.name)).toEqual(['web-1']);
    expect(filterRows(pods, 'bank', podText).map((p) => p.name)).toEqual(['api-1']);
    expect(filterRows(pods, 'v2', podText).map((p) => p.name)).toEqual(['api-1']);
    expect(filterRows(pods, 'canary', podText).map((p) => p.name)).toEqual(['web-1']);
    expect(filterRows(pods, 'opted out', podText).map((p) => p.name)).toEqual(['api-1']);
    expect(filterRows(pods, 'absent', podText).map((p) => p.name)).toEqual(['db-0']);
  });

  it('needs every word, in any order, but not across two fields', () => {
    expect(filterRows(pods, 'db shop', podText).map((p) => p.name)).toEqual(['db-0']);
    expect(filterRows(pods, 'shopweb', podText)).toEqual([]);
  });

  it('applies the quick toggles of a kind', () => {
    const [needsRestart, withoutProxy] = KIND_INFO.pods.toggles;
    expect(filterRows(pods, '', podText, [needsRestart!.test]).map((p) => p.name)).toEqual(['db-0']);
    expect(filterRows(pods, '', podText, [withoutProxy!.test]).map((p) => p.name)).toEqual(['db-0', 'api-1']);
    expect(filterRows(pods, 'bank', podText, [withoutProxy!.test]).map((p) => p.name)).toEqual(['api-1']);
  });

  it('builds the search text of a row once', () => {
    const row = pod('x', 'y');
    let calls = 0;
    const text = (p: PodRow) => {
      calls++;
      return p.name;
    };
    cachedText(row, text);
    cachedText(row, text);
    expect(calls).toBe(1);
  });

  it('keeps a keystroke over 10,000 pods well under 50 ms', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => pod(`ns-${i % 50}`, `svc-${i}-abcdef`, { workload: `Deployment/svc-${i}`, version: `v${i % 3}` }));
    filterRows(many, 'warm', podText); // builds the search texts, as the page does while idle
    const t0 = performance.now();
    for (const q of ['s', 'sv', 'svc', 'svc-', 'svc-1', 'svc-12', 'svc-123', 'svc-1234']) filterRows(many, q, podText);
    const perKeystroke = (performance.now() - t0) / 8;
    expect(filterRows(many, 'svc-1234', podText).map((p) => p.name)).toEqual(['svc-1234-abcdef']);
    expect(perKeystroke).toBeLessThan(25);
  });
});

describe('queryWords', () => {
  it('splits on white space, lower case', () => {
    expect(queryWords('  Shop  WEB ')).toEqual(['shop', 'web']);
    expect(queryWords('')).toEqual([]);
  });
});

describe('KIND_INFO', () => {
  it('matches namespaces by mesh mode, source and revision', () => {
    const n = ns('shop', { mode: 'sidecar', source: 'istio.io/rev', revision: 'canary', tag: 'prod', labels: { 'istio.io/rev': 'prod' } });
    expect(filterRows([n], 'rev canary', KIND_INFO.namespaces.searchText)).toHaveLength(1);
    expect(filterRows([n], 'prod', KIND_INFO.namespaces.searchText)).toHaveLength(1);
    expect(filterRows([ns('kube-system', { system: true })], 'system', KIND_INFO.namespaces.searchText)).toHaveLength(1);
  });

  it('matches every tab by the Istio version the core read for its rows ("1.31")', () => {
    expect(filterRows([ns('shop', { istioVersion: '1.31.2' }), ns('plain')], '1.31', KIND_INFO.namespaces.searchText).map((n) => n.name)).toEqual(['shop']);
    expect(filterRows([workload('shop', 'cart', { istioVersions: ['1.31.2'] })], '1.31', KIND_INFO.workloads.searchText)).toHaveLength(1);
    expect(filterRows([service('shop', 'cart', { istioVersions: ['1.31.2'] })], '1.31', KIND_INFO.services.searchText)).toHaveLength(1);
    expect(filterRows([pod('shop', 'cart-1', { istioVersion: '1.31.2' }), pod('shop', 'cart-2')], '1.31', podText).map((p) => p.name)).toEqual(['cart-1']);
  });

  it('has the quick toggles of each tab', () => {
    expect(KIND_INFO.namespaces.toggles.map((t) => t.id)).toEqual(['needs-restart', 'without-proxy']);
    expect(KIND_INFO.workloads.toggles.map((t) => t.id)).toEqual(['needs-restart', 'without-proxy']);
    expect(KIND_INFO.services.toggles.map((t) => t.id)).toEqual(['unclassified', 'without-proxy']);
    expect(KIND_INFO.pods.toggles.map((t) => t.id)).toEqual(['needs-restart', 'without-proxy']);
  });

  it('flags services with unclassified ports or pods without a proxy', () => {
    const [unclassified, without] = KIND_INFO.services.toggles;
    const plain = service('s', 'a');
    const odd = service('s', 'b', { ports: [{ port: 9000, classified: false }], unclassifiedPorts: 1, podsWithoutProxy: 2 });
    expect([plain, odd].filter(unclassified!.test).map((s) => s.name)).toEqual(['b']);
    expect([plain, odd].filter(without!.test).map((s) => s.name)).toEqual(['b']);
    expect(filterRows([plain, odd], 'unclassified', KIND_INFO.services.searchText).map((s) => s.name)).toEqual(['b']);
  });

  it('counts workloads with some pods lacking a proxy as without proxy', () => {
    const without = KIND_INFO.workloads.toggles[1]!;
    expect(without.test(workload('s', 'a', { pods: 3, withProxy: 2, proxy: 'mixed' }))).toBe(true);
    expect(without.test(workload('s', 'a', { pods: 3, withProxy: 3 }))).toBe(false);
    expect(without.test(workload('s', 'a', { pods: 0, withProxy: 0, proxy: 'no-pods' }))).toBe(false);
  });
});
