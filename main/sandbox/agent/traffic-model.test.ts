import { describe, expect, it } from 'vitest';
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
});
