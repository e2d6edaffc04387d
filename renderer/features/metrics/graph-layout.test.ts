import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import type { ServiceGraph } from '../../../main/contract/metrics.js';
import { EDGE_LABEL, edgeId, elkGraphOf, nodeWidth, pathOf, placed, shapeKey } from './graph-layout.js';

const graph: ServiceGraph = {
  rangeSeconds: 300,
  nodes: [
    { id: 'outside', kind: 'outside', namespace: '', name: 'outside the mesh' },
    { id: 'workload:shop/front-v1', kind: 'workload', namespace: 'shop', name: 'front-v1' },
    { id: 'service:shop/reviews', kind: 'service', namespace: 'shop', name: 'reviews' },
    { id: 'service:shop/db', kind: 'service', namespace: 'shop', name: 'db' },
  ],
  edges: [
    { source: 'outside', target: 'service:shop/reviews', rps: 1, errorShare: 0, requests: 300, mtls: 'plaintext', protocol: 'http' },
    { source: 'workload:shop/front-v1', target: 'service:shop/reviews', rps: 8, errorShare: 0.3, requests: 2400, mtls: 'mutual', protocol: 'http' },
    { source: 'workload:shop/front-v1', target: 'service:shop/db', rps: 3, errorShare: 0, requests: 900, mtls: 'mutual', protocol: 'tcp' },
    // An edge to a node the answer does not have is left out rather than breaking the layout.
    { source: 'workload:shop/gone', target: 'service:shop/db', rps: 1, errorShare: 0, requests: 1, mtls: 'unknown', protocol: 'http' },
  ],
};

describe('the service graph\'s layout', () => {
  it('gives the layout library every node with a size and every edge with room for its label', () => {
    const input = elkGraphOf(graph);
    expect(input.children?.map((c) => c.id)).toEqual(graph.nodes.map((n) => n.id));
    expect(input.edges?.map((e) => e.id)).toEqual(graph.edges.slice(0, 3).map(edgeId));
    expect(input.edges?.[0]?.labels?.[0]).toMatchObject(EDGE_LABEL);
    expect(nodeWidth({ id: 'x', kind: 'service', namespace: 'n', name: 'x'.repeat(200) })).toBe(260);
  });

  it('keeps its shape key when only the figures change', () => {
    const busier = { ...graph, edges: graph.edges.map((e) => ({ ...e, rps: e.rps * 2, errorShare: 0.5 })) };
    expect(shapeKey(busier)).toBe(shapeKey(graph));
    expect(shapeKey({ ...graph, edges: graph.edges.slice(1) })).not.toBe(shapeKey(graph));
  });

  it('reads back positions from the real layout: callers left of what they call, labels placed', async () => {
    const laid = placed(graph, await new ELK().layout(elkGraphOf(graph)));
    expect(laid.width).toBeGreaterThan(0);
    const x = (id: string) => laid.nodes.find((n) => n.node.id === id)!.x;
    expect(x('workload:shop/front-v1')).toBeLessThan(x('service:shop/reviews'));
    expect(laid.edges).toHaveLength(3);
    for (const e of laid.edges) {
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      expect(e.label).toBeDefined();
      expect(pathOf(e.points, true)).toMatch(/^M /);
    }
  });

  it('draws straight segments, or curves when the points come in threes after the start', () => {
    const p = (x: number, y: number) => ({ x, y });
    expect(pathOf([p(0, 0), p(10, 0)], true)).toBe('M 0 0 L 10 0');
    expect(pathOf([p(0, 0), p(5, 5), p(6, 6), p(10, 0)], true)).toBe('M 0 0 C 5 5 6 6 10 0');
    expect(pathOf([p(0, 0), p(5, 5), p(6, 6), p(10, 0)], false)).toBe('M 0 0 L 5 5 L 6 6 L 10 0');
    expect(pathOf([], true)).toBe('');
  });
});
