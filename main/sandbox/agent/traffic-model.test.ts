import { describe, expect, it } from 'vitest';
import { gatewayRoutes } from './cluster-state.js';
import { latencyCdf, resolveHost, TrafficCounters, workloadShares, type TrafficState, type Workload } from './traffic-model.js';

const w = (version: string, replicas = 1, extra: Partial<Workload> = {}): Workload => ({
  namespace: 'shop', name: `reviews-${version}`, app: 'reviews', version,
  labels: { app: 'reviews', version }, readyReplicas: replicas, errorRate: 0, latencyMs: 20, ...extra,
});
const svc = { namespace: 'shop', name: 'reviews', rps: 10, selector: { app: 'reviews' } };
const dr = { namespace: 'shop', host: 'reviews', subsets: { v1: { version: 'v1' }, v2: { version: 'v2' } } };

describe('traffic model', () => {
  it('splits by ready replicas without a VirtualService', () => {
    const v1 = w('v1', 3);
    const v2 = w('v2', 1);
    const shares = workloadShares({ services: [svc], workloads: [v1, v2], routes: [], destinationRules: [] }, svc);
    expect(shares.get(v1)).toBeCloseTo(0.75);
    expect(shares.get(v2)).toBeCloseTo(0.25);
  });

  it('follows VirtualService weights over DestinationRule subsets, whatever the replica counts', () => {
    const v1 = w('v1', 5);
    const v2 = w('v2', 1);
    const state: TrafficState = {
      services: [svc], workloads: [v1, v2], destinationRules: [dr],
      routes: [{ namespace: 'shop', hosts: ['reviews'], destinations: [{ host: 'reviews', subset: 'v1', weight: 90 }, { host: 'reviews.shop.svc.cluster.local', subset: 'v2', weight: 10 }] }],
    };
    const shares = workloadShares(state, svc);
    expect(shares.get(v1)).toBeCloseTo(0.9);
    expect(shares.get(v2)).toBeCloseTo(0.1);
  });

  it('sends an unknown subset nowhere', () => {
    const v1 = w('v1');
    const state: TrafficState = {
      services: [svc], workloads: [v1], destinationRules: [],
      routes: [{ namespace: 'shop', hosts: ['reviews'], destinations: [{ host: 'reviews', subset: 'v9', weight: 100 }] }],
    };
    expect(workloadShares(state, svc).size).toBe(0);
  });

  it('follows an HTTPRoute\'s backend weights (a Service as parent) and reports requests under the backend\'s name', () => {
    const v1 = w('v1', 4);
    const v2 = w('v2', 1);
    const stable = { namespace: 'shop', name: 'reviews-stable', rps: 0, selector: { app: 'reviews', version: 'v1' } };
    const canary = { namespace: 'shop', name: 'reviews-canary', rps: 0, selector: { app: 'reviews', version: 'v2' } };
    const route = gatewayRoutes({ metadata: { namespace: 'shop' }, spec: {
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }],
      rules: [
        { matches: [{ headers: [{ name: 'x-tester', value: '1' }] }], backendRefs: [{ name: 'reviews-canary', port: 9080 }] },
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'reviews-stable', port: 9080, weight: 75 }, { name: 'reviews-canary', port: 9080, weight: 25 }] },
      ],
    } });
    const state: TrafficState = { services: [svc, stable, canary], workloads: [v1, v2], destinationRules: [], routes: route };
    const shares = workloadShares(state, svc);
    expect(shares.get(v1)).toBeCloseTo(0.75);
    expect(shares.get(v2)).toBeCloseTo(0.25);
    const c = new TrafficCounters();
    c.accrue(state, 10);
    const reported = (service: string) => Number(new RegExp(`istio_requests_total\\{reporter="destination",[^}]*destination_service="${service}.shop.svc.cluster.local"[^}]*\\} ([\\d.]+)`).exec(c.render())?.[1] ?? 0);
    expect(reported('reviews-stable')).toBeCloseTo(75);
    expect(reported('reviews-canary')).toBeCloseTo(25);
    expect(reported('reviews')).toBe(0);
  });

  it('resolves short hosts in the route namespace', () => {
    expect(resolveHost('reviews', 'shop')).toBe('reviews.shop.svc.cluster.local');
    expect(resolveHost('reviews.other', 'shop')).toBe('reviews.other.svc.cluster.local');
  });

  it('accrues requests and errors per version with Istio labels', () => {
    const v1 = w('v1', 1, { errorRate: 0.2 });
    const c = new TrafficCounters();
    c.accrue({ services: [svc], workloads: [v1], routes: [], destinationRules: [] }, 10);
    const text = c.render();
    const ok = /istio_requests_total\{reporter="destination",[^}]*destination_version="v1"[^}]*response_code="200"[^}]*\} ([\d.]+)/.exec(text);
    const bad = /istio_requests_total\{reporter="destination",[^}]*response_code="500"[^}]*\} ([\d.]+)/.exec(text);
    expect(Number(ok?.[1])).toBeCloseTo(80);
    expect(Number(bad?.[1])).toBeCloseTo(20);
    expect(text).toContain('le="+Inf"');
  });

  it('accrues under whichever state it is given: a weight change applies from the next accrual', () => {
    const v1 = w('v1');
    const v2 = w('v2');
    const routed = (w1: number): TrafficState => ({
      services: [svc], workloads: [v1, v2], destinationRules: [dr],
      routes: [{ namespace: 'shop', hosts: ['reviews'], destinations: [{ host: 'reviews', subset: 'v1', weight: w1 }, { host: 'reviews', subset: 'v2', weight: 100 - w1 }] }],
    });
    const c = new TrafficCounters();
    const all = routed(100);
    c.accrue(all, 10);
    c.accrue(routed(50), 10);
    c.accrue(all, 10);
    const requests = (version: string) => Number(new RegExp(`istio_requests_total\\{reporter="destination",[^}]*destination_version="${version}"[^}]*\\} ([\\d.]+)`).exec(c.render())?.[1]);
    expect(requests('v1')).toBeCloseTo(250);
    expect(requests('v2')).toBeCloseTo(50);
  });

  it('puts half the requests under the median latency', () => {
    expect(latencyCdf(20, 20)).toBeCloseTo(0.5, 3);
    expect(latencyCdf(100, 20)).toBeGreaterThan(0.99);
  });

  it('sends each call edge from the caller\'s workloads to the callee, with the mTLS the callee\'s namespace asks for', () => {
    const front = { namespace: 'shop', name: 'front', rps: 0, selector: { app: 'front' }, calls: [{ host: 'reviews', rps: 4 }] };
    const fw: Workload = { ...w('v1'), name: 'front-v1', app: 'front', labels: { app: 'front', version: 'v1' } };
    const c = new TrafficCounters();
    const state: TrafficState = { services: [front, { ...svc, rps: 0 }], workloads: [fw, w('v1')], routes: [], destinationRules: [], mtls: new Map([['shop', 'DISABLE']]) };
    c.accrue(state, 10);
    const text = c.render();
    const edge = /istio_requests_total\{reporter="destination",source_workload="front-v1"[^}]*destination_workload="reviews-v1"[^}]*connection_security_policy="none"\} ([\d.]+)/.exec(text);
    expect(Number(edge?.[1])).toBeCloseTo(40);
    // No load generator traffic where rps is 0.
    expect(text).not.toContain('source_workload="sandbox-loadgen"');
  });

  it('reports bytes and connections, not requests, for a TCP service', () => {
    const db = { namespace: 'shop', name: 'db', rps: 2, selector: { app: 'db' }, tcp: true };
    const dbw: Workload = { ...w('v1'), name: 'db-v1', app: 'db', labels: { app: 'db', version: 'v1' } };
    const c = new TrafficCounters();
    c.accrue({ services: [db], workloads: [dbw], routes: [], destinationRules: [] }, 10);
    const text = c.render();
    expect(text).not.toMatch(/istio_requests_total\{[^}]*destination_workload="db-v1"/);
    expect(Number(/istio_tcp_connections_opened_total\{reporter="destination"[^}]*\} ([\d.]+)/.exec(text)?.[1])).toBeCloseTo(20);
    expect(Number(/istio_tcp_sent_bytes_total\{reporter="destination"[^}]*\} ([\d.]+)/.exec(text)?.[1])).toBeCloseTo(20 * 2048);
  });
});
