import { describe, expect, it } from 'vitest';
import { rankPrometheus } from './discover.js';
import { destinationMatch, duration, failureCodes, quote, rateWindow, serviceQueries, stepFor } from './queries.js';
import { backendsOf, buildGraph, latest, mtlsPosture } from './service.js';

describe('the query library', () => {
  it('quotes label values and picks steps that keep charts near 200 points', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(stepFor(900)).toBe(5);
    expect(stepFor(3600)).toBe(30);
    expect(stepFor(24 * 3600)).toBe(600);
    expect(rateWindow(5)).toBe('60s');
    expect(rateWindow(600)).toBe('1200s');
    expect(duration(899.6)).toBe('900s');
  });

  it('selects a service by its FQDN and reporter, and counts 5xx (and optionally 4xx) as failures', () => {
    const sel = { namespace: 'shop', service: 'reviews', reporter: 'destination' as const };
    expect(serviceQueries.rps(sel, '60s')).toBe('sum by (destination_canonical_revision) (rate(istio_requests_total{reporter="destination",destination_service="reviews.shop.svc.cluster.local"}[60s]))');
    expect(serviceQueries.latency(sel, 0.99, '900s')).toContain('histogram_quantile(0.99, sum by (le, destination_canonical_revision)');
    expect(failureCodes(false)).toBe('response_code=~"0|5.."');
    expect(failureCodes(true)).toBe('response_code=~"0|[45].."');
  });

  it('counts the requests a Gateway API route sends on to its backends with the service\'s own', () => {
    const sel = { namespace: 'shop', service: 'reviews', reporter: 'destination' as const, backends: ['reviews-stable', 'reviews-canary', 'reviews'] };
    expect(destinationMatch(sel)).toBe('destination_service=~"reviews\\\\.shop\\\\.svc\\\\.cluster\\\\.local|reviews-stable\\\\.shop\\\\.svc\\\\.cluster\\\\.local|reviews-canary\\\\.shop\\\\.svc\\\\.cluster\\\\.local"');
    expect(destinationMatch({ ...sel, backends: [] })).toBe('destination_service="reviews.shop.svc.cluster.local"');
  });
});

describe('finding Prometheus', () => {
  const svc = (namespace: string, name: string, labels: Record<string, string> = {}, ports = [{ name: 'http', port: 9090 }]) => ({ metadata: { namespace, name, labels }, spec: { ports } });
  it('ranks the add-on in istio-system first, then monitoring, and leaves look-alikes out', () => {
    const ranked = rankPrometheus([
      svc('monitoring', 'prometheus', { app: 'prometheus' }),
      svc('istio-system', 'prometheus', { app: 'prometheus' }),
      svc('team', 'my-prometheus'),
      svc('monitoring', 'prometheus-operator'),
      svc('monitoring', 'alertmanager', { app: 'alertmanager' }),
      svc('shop', 'reviews', { app: 'reviews' }),
    ]);
    expect(ranked.map((c) => `${c.namespace}/${c.name}:${c.port}`)).toEqual(['istio-system/prometheus:9090', 'monitoring/prometheus:9090', 'team/my-prometheus:9090']);
    expect(ranked[0]!.why).toBe('labelled as Prometheus, named like it, port 9090');
  });
});

describe('the service graph and mTLS posture', () => {
  const edge = (src: string, dst: string, policy: string, value: number) => ({ metric: { source_workload: src, source_workload_namespace: 'shop', destination_service_name: dst, destination_service_namespace: 'shop', connection_security_policy: policy }, value });
  it('joins requests and failures per edge, with the mTLS seen', () => {
    const g = buildGraph(
      [edge('front-v1', 'reviews', 'mutual_tls', 600), edge('front-v1', 'ratings', 'none', 60), edge('front-v1', 'ratings', 'mutual_tls', 60), edge('unknown', 'front', 'mutual_tls', 300)],
      [{ metric: { source_workload: 'front-v1', source_workload_namespace: 'shop', destination_service_name: 'reviews', destination_service_namespace: 'shop' }, value: 60 }],
      [], 60,
    );
    expect(g.nodes.map((n) => n.id)).toEqual(['outside', 'service:shop/front', 'service:shop/ratings', 'service:shop/reviews', 'workload:shop/front-v1']);
    expect(g.edges.find((e) => e.target === 'service:shop/reviews')).toMatchObject({ rps: 10, errorShare: 0.1, requests: 600, mtls: 'mutual' });
    expect(g.edges.find((e) => e.target === 'service:shop/ratings')?.mtls).toBe('mixed');
    expect(g.edges.find((e) => e.source === 'outside')?.target).toBe('service:shop/front');
  });

  it('names the mismatch between the mode in force and what traffic shows', () => {
    const seen = (ns: string, policy: string) => ({ metric: { destination_service_namespace: ns, connection_security_policy: policy }, value: 10 });
    const modes = new Map([['istio-system', { mode: 'STRICT', from: 'istio-system/default' }], ['legacy', { mode: 'DISABLE', from: 'legacy/off' }]]);
    const p = mtlsPosture([seen('shop', 'mutual_tls'), seen('legacy', 'none'), seen('edge', 'none')], modes);
    expect(p.find((n) => n.namespace === 'shop')).toEqual({ namespace: 'shop', mode: 'STRICT', modeFrom: 'istio-system/default', observed: 'mutual' });
    expect(p.find((n) => n.namespace === 'legacy')).toMatchObject({ mode: 'DISABLE', observed: 'plaintext' });
    expect(p.find((n) => n.namespace === 'legacy')?.mismatch).toBeUndefined();
    expect(p.find((n) => n.namespace === 'edge')?.mismatch).toMatch(/STRICT is in force, yet plaintext traffic arrives/);
    expect(mtlsPosture([seen('open', 'none')], new Map())[0]).toMatchObject({ mode: 'UNSET', mismatch: expect.stringContaining('PERMISSIVE') });
  });
});

describe('a service\'s Gateway API backends', () => {
  it('are the Services its own HTTPRoutes (a Service as parent) send to, in its namespace', () => {
    const route = (parent: Record<string, string>, backends: Record<string, string>[]) => ({ spec: { parentRefs: [parent], rules: [{ backendRefs: backends }] } });
    expect(backendsOf([
      route({ group: '', kind: 'Service', name: 'reviews' }, [{ name: 'reviews-stable' }, { name: 'reviews-canary' }, { name: 'reviews' }]),
      route({ group: 'core', kind: 'Service', name: 'reviews' }, [{ name: 'reviews-mirror' }, { name: 'elsewhere', namespace: 'other' }]),
      route({ name: 'reviews' }, [{ name: 'gateway-backend' }]), // no kind: a Gateway named reviews
      route({ kind: 'Service', name: 'ratings' }, [{ name: 'ratings-v2' }]),
    ], 'reviews')).toEqual(['reviews-canary', 'reviews-mirror', 'reviews-stable']);
  });
});

describe('a version\'s rate now', () => {
  it('is the newest sample of its rate series, gaps skipped', () => {
    expect(latest([[1, 2], [2, 8], [3, null]])).toBe(8);
    expect(latest([[1, null]])).toBeNull();
    expect(latest(undefined)).toBeNull();
  });
});
