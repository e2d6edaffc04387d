import { Fragment, createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ServiceRow } from '../../../main/contract/inventory.js';
import { sortRows } from '../inventory/table-model.js';
import { metricColumns, summaryLookup } from './summary-columns.js';

const row = (namespace: string, name: string): ServiceRow => ({ id: `${namespace}/${name}`, namespace, name, type: 'ClusterIP', ports: [], unclassifiedPorts: 0, pods: 1, podsWithoutProxy: 0, versions: [] });
const lookup = summaryLookup({
  queries: 3,
  services: [
    { namespace: 'shop', service: 'web', rps: 12.5, successRate: 0.998, requests: 11250, p99: 240 },
    { namespace: 'shop', service: 'db', rps: 3, successRate: null, requests: 0, p99: null },
  ],
});
const [rate, success, p99] = metricColumns(lookup);
const html = (node: ReactNode) => renderToStaticMarkup(createElement(Fragment, null, node));

describe('the inventory\'s metric columns', () => {
  it('show each service\'s figures with units, the request count beside the ratio', () => {
    const web = row('shop', 'web');
    expect(html(rate!.cell(web, {} as never))).toBe('12.5 req/s');
    expect(html(success!.cell(web, {} as never))).toContain('99.8%');
    expect(html(success!.cell(web, {} as never))).toContain(new Intl.NumberFormat().format(11250));
    expect(html(p99!.cell(web, {} as never))).toBe('240 ms');
  });

  it('show a dash, never a zero, where there is no figure', () => {
    for (const r of [row('shop', 'db'), row('other', 'x')]) {
      expect(html(success!.cell(r, {} as never))).toContain('none');
      expect(html(p99!.cell(r, {} as never))).toContain('none');
    }
  });

  it('sort by the figures, services without one below the rest', () => {
    const rows = [row('shop', 'db'), row('other', 'x'), row('shop', 'web')];
    expect(sortRows(rows, rate!.sortKey!, 'descending').map((r) => r.name)).toEqual(['web', 'db', 'x']);
    expect(sortRows(rows, success!.sortKey!, 'descending').map((r) => r.name)[0]).toBe('web');
  });
});
