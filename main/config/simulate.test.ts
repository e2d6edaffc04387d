import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emptySnapshot, keyOf, type ConfigObject, type Snapshot } from './objects.js';
import { simulate, type SimRequest } from './simulate.js';

function snapshot(...objects: string[]): Snapshot {
  const s = emptySnapshot(false);
  s.services.push({ namespace: 'shop', name: 'reviews', selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] });
  s.services.push({ namespace: 'shop', name: 'ratings', selector: { app: 'ratings' }, ports: [{ name: 'http', port: 9080 }] });
  for (const text of objects) {
    const o = parse(text) as ConfigObject;
    s.config.set(keyOf(o), o);
  }
  return s;
}

const request = (extra: Partial<SimRequest> = {}): SimRequest => ({ host: 'reviews', path: '/reviews/1', method: 'GET', headers: {}, sourceNamespace: 'shop', gateway: 'mesh', ...extra });

const DR = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec: { host: reviews, subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }] }`;

const VS = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop, creationTimestamp: '2026-01-01T00:00:00Z' }
spec:
  hosts: [reviews]
  http:
  - name: testers
    match: [{ headers: { end-user: { exact: jason } } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
    fault: { delay: { fixedDelay: 2s, percentage: { value: 50 } } }
  - match: [{ uri: { prefix: /ratings } }]
    route: [{ destination: { host: ratings } }]
    timeout: 3s
  - route:
    - destination: { host: reviews, subset: v1 }
      weight: 3
    - destination: { host: reviews, subset: v2 }
      weight: 1`;

describe('the route simulator', () => {
  it('goes to the Service itself when nothing routes the host', () => {
    expect(simulate(snapshot(), request())).toMatchObject({ destinations: [{ host: 'reviews.shop.svc.cluster.local', percent: 100, unknown: false }], summary: expect.stringContaining('No VirtualService or HTTPRoute') });
    expect(simulate(snapshot(), request({ host: 'nowhere.example.com' })).destinations[0]!.unknown).toBe(true);
  });

  it('walks the rules in order, says why each one before did not match, and splits by relative weight', () => {
    const r = simulate(snapshot(DR, VS), request());
    expect(r.via).toMatchObject({ kind: 'VirtualService', name: 'reviews', rule: 2 });
    expect(r.steps).toEqual([
      { rule: 0, matched: false, reason: 'header end-user is absent' },
      { rule: 1, matched: false, reason: 'path /reviews/1 does not start with /ratings' },
      { rule: 2, matched: true, reason: 'no match conditions: it takes everything that reaches it' },
    ]);
    expect(r.destinations).toEqual([
      { host: 'reviews.shop.svc.cluster.local', subset: 'v1', percent: 75, subsetLabels: { version: 'v1' }, unknown: false },
      { host: 'reviews.shop.svc.cluster.local', subset: 'v2', percent: 25, subsetLabels: { version: 'v2' }, unknown: false },
    ]);
  });

  it('matches headers and reports the fault and timeout on the way', () => {
    const r = simulate(snapshot(DR, VS), request({ headers: { 'End-User': 'jason' } }));
    expect(r.via).toMatchObject({ rule: 0, match: 0 });
    expect(r.effects).toEqual(['delay 2s for 50% of requests']);
    expect(r.summary).toBe('Rule 0 “testers” of VirtualService shop/reviews takes the request: reviews.shop.svc.cluster.local (v2) 100%; delay 2s for 50% of requests.');
    expect(simulate(snapshot(DR, VS), request({ path: '/ratings/7' }))).toMatchObject({ via: { rule: 1 }, effects: ['timeout 3s'], destinations: [{ host: 'ratings.shop.svc.cluster.local', percent: 100 }] });
  });

  it('answers 404 when no rule matches', () => {
    const only = VS.slice(0, VS.lastIndexOf('  - route:'));
    expect(simulate(snapshot(DR, only), request()).summary).toMatch(/No rule .* matches: the sidecar answers 404/);
  });

  const ROUTE = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: reviews-route, namespace: shop, creationTimestamp: '2025-01-01T00:00:00Z' }
spec:
  parentRefs: [{ group: "", kind: Service, name: reviews }]
  rules:
  - backendRefs: [{ name: reviews, port: 9080, weight: 9 }, { name: ratings, port: 9080, weight: 1 }]
  - matches: [{ path: { type: PathPrefix, value: /reviews } }]
    backendRefs: [{ name: ratings, port: 9080 }]
    timeouts: { request: 1s }`;

  it('HTTPRoute: the most specific match wins, whatever the rule order', () => {
    const r = simulate(snapshot(ROUTE), request());
    expect(r.via).toMatchObject({ kind: 'HTTPRoute', rule: 1 });
    expect(r.effects).toEqual(['timeout 1s']);
    const other = simulate(snapshot(ROUTE), request({ path: '/other' }));
    expect(other.destinations.map((d) => d.percent)).toEqual([90, 10]);
  });

  it('with both APIs claiming the host, uses one (the oldest here) and names the one it ignores', () => {
    const r = simulate(snapshot(DR, VS, ROUTE), request());
    expect(r.via?.kind).toBe('HTTPRoute');
    expect(r.ignored).toEqual([{ kind: 'VirtualService', namespace: 'shop', name: 'reviews' }]);
  });
});
