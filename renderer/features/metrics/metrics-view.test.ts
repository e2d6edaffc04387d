import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MtlsPosture, ServiceGraph, ServiceMetrics } from '../../../main/contract/metrics.js';
import { DiagnosisView } from './DiagnosisView.js';
import { EdgesTable } from './EdgesTable.js';
import { MtlsTable } from './MtlsTable.js';
import { ServiceCharts } from './ServiceCharts.js';
import { VersionTable } from './VersionTable.js';

const metrics: ServiceMetrics = {
  namespace: 'shop',
  service: 'reviews',
  protocol: 'http',
  reporter: 'destination',
  rangeSeconds: 900,
  stepSeconds: 5,
  versions: [
    { version: 'v1', rps: 20, requests: 18000, successRate: 0.7, failures: 5400, p50: 20, p90: 40, p99: 55 },
    { version: 'v2', rps: null, requests: null, successRate: null, failures: null, p50: null, p90: null, p99: null },
  ],
  series: [
    { version: 'v1', rps: [[1000, 20], [1005, null], [1010, 21]], successRate: [[1000, 0.7]], p50: [], p90: [], p99: [[1000, 55]] },
    { version: 'v2', rps: [], successRate: [], p50: [], p90: [], p99: [] },
  ],
  queries: 9,
  elapsedMs: 120,
  at: new Date(1010_000).toISOString(),
};

const html = (el: ReturnType<typeof createElement>) => renderToStaticMarkup(el);

describe('the service page\'s parts', () => {
  it('shows each version\'s figures with units, the requests beside the ratio, and a dash where there is none', () => {
    const out = html(createElement(VersionTable, { metrics, caption: 'reviews', labelOf: (v: string) => (v === 'v2' ? 'v2 (canary)' : v) }));
    expect(out).toContain('70%');
    expect(out).toMatch(/of 18[,.\u202f\u00a0]?000/);
    expect(out).toContain('failed');
    expect(out).toContain('20 req/s');
    expect(out).toContain('55 ms');
    expect(out).toContain('v2 (canary)');
    expect(out.match(/<span class="sr-only">none<\/span>/g)?.length).toBe(6);
  });

  it('draws a chart per signal, says when a version has no sample, and names the 4xx choice', () => {
    const out = html(createElement(ServiceCharts, { metrics, count4xx: true }));
    expect(out).toContain('data-testid="chart-rps"');
    expect(out).toContain('data-last-sample="1010"');
    expect(out).toContain('4xx and 5xx count as failures');
    expect(out).toContain('Latest: v1 21 req/s; v2 no sample.');
    const tcp = html(createElement(ServiceCharts, { metrics: { ...metrics, protocol: 'tcp' }, count4xx: false }));
    expect(tcp).toContain('Bytes sent');
    expect(tcp).not.toContain('Request rate');
  });

  it('explains no data with the core\'s words, the query and Prometheus\'s message, and offers the add-on', () => {
    const out = html(
      createElement(DiagnosisView, {
        diagnosis: { reason: 'query-error', message: 'Prometheus refused a query.', fix: 'Read its message.', query: 'sum(rate(x[5m]', detail: 'parse error' },
      }),
    );
    expect(out).toContain('data-reason="query-error"');
    expect(out).toContain('sum(rate(x[5m]');
    expect(out).toContain('What Prometheus said');
    const none = html(createElement(DiagnosisView, { diagnosis: { reason: 'no-prometheus', message: 'None.', fix: 'Install it.' }, onOpenInstall() {}, onChooseSource() {} }));
    expect(none).toContain('data-testid="diagnosis-install-prometheus"');
    expect(none).toContain('data-testid="diagnosis-choose-source"');
    const quiet = html(createElement(DiagnosisView, { diagnosis: { reason: 'no-traffic', message: 'No traffic.', fix: 'Send some.' }, onOpenInstall() {}, onChooseSource() {} }));
    expect(quiet).not.toContain('diagnosis-install-prometheus');
    expect(quiet).not.toContain('diagnosis-choose-source');
  });
});

describe('the graph page\'s tables', () => {
  it('lists every connection with its rate, errors and security in words', () => {
    const graph: ServiceGraph = {
      rangeSeconds: 300,
      nodes: [
        { id: 'workload:shop/front', kind: 'workload', namespace: 'shop', name: 'front' },
        { id: 'service:shop/reviews', kind: 'service', namespace: 'shop', name: 'reviews' },
      ],
      edges: [{ source: 'workload:shop/front', target: 'service:shop/reviews', rps: 8, errorShare: 0.3, requests: 2400, mtls: 'plaintext', protocol: 'http' }],
    };
    const out = html(createElement(EdgesTable, { graph, onOpenService() {} }));
    expect(out).toContain('shop/front');
    expect(out).toContain('8 req/s');
    expect(out).toContain('30%');
    expect(out).toContain('plaintext (no mTLS)');
  });

  it('puts the mode in force next to what traffic shows, and names the mismatch', () => {
    const posture: MtlsPosture = {
      namespaces: [
        { namespace: 'shop', mode: 'STRICT', modeFrom: 'shop/default', observed: 'plaintext', mismatch: 'STRICT is in force, yet plaintext traffic arrives.' },
        { namespace: 'web', mode: 'UNSET', observed: 'mutual' },
      ],
    };
    const out = html(createElement(MtlsTable, { posture }));
    expect(out).toContain('from shop/default');
    expect(out).toContain('data-mismatch="yes"');
    expect(out).toContain('STRICT is in force, yet plaintext traffic arrives.');
    expect(out).toContain('not set (PERMISSIVE by default)');
  });
});
