import { describe, expect, it } from 'vitest';
import { hashOf, viewOfHash, viewOfState, type View } from './route.js';

const vs = { group: 'networking.istio.io', kind: 'VirtualService', namespace: 'shop', name: 'reviews' };

describe('routing URLs', () => {
  it('round-trips every routing view through its hash', () => {
    const views: View[] = [
      { page: 'routing', context: 'sandbox-admin', tab: 'objects' },
      { page: 'routing', context: 'sandbox-admin', tab: 'hosts' },
      { page: 'routing', context: 'arn:aws:eks:eu-west-1:1:cluster/prod', tab: 'objects', open: { kind: 'object', ref: vs } },
      { page: 'routing', context: 'kind-dev', tab: 'objects', open: { kind: 'object', ref: { group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'istio' } } },
      { page: 'routing', context: 'kind-dev', tab: 'objects', open: { kind: 'draft', id: 'n-1a2b' } },
    ];
    for (const view of views) expect(viewOfHash(hashOf(view))).toEqual(view);
  });

  it('encodes names that carry slashes and colons as one segment', () => {
    expect(hashOf({ page: 'routing', context: 'a/b:c', tab: 'objects' })).toBe('#/routing/a%2Fb%3Ac');
  });

  it('gives other pages no hash, and reads nothing from hashes that are not ours', () => {
    expect(hashOf({ page: 'overview', context: 'x' })).toBe('');
    for (const hash of ['', '#', '#/', '#/overview/x', '#/routing', '#/routing/x/object/g/Kind/ns', '#/routing/x/nope', '#/routing/%E0%A4%A']) {
      expect(viewOfHash(hash)).toBeUndefined();
    }
  });

  it('takes back a view from the history only when its shape is one of ours', () => {
    expect(viewOfState({ view: { page: 'overview', context: 'x' } })).toEqual({ page: 'overview', context: 'x' });
    expect(viewOfState({ view: { page: 'routing', context: 'x', tab: 'hosts' } })).toEqual({ page: 'routing', context: 'x', tab: 'hosts' });
    for (const state of [null, 'x', { view: null }, { view: { page: 'settings' } }, { view: { page: 'overview' } }, { view: { page: 'routing', context: 'x', open: { kind: 'object' } } }]) {
      expect(viewOfState(state)).toBeUndefined();
    }
  });

  it('takes back the metrics and canary pages with their names checked', () => {
    const service = { page: 'service', context: 'x', namespace: 'shop', service: 'web', from: 'graph' };
    const canary = { page: 'canary', context: 'x', target: { namespace: 'meshdeck-sample', service: 'helloworld', sandboxSample: true } };
    for (const view of [service, { page: 'graph', context: 'x' }, { page: 'graph', context: 'x', namespace: 'shop' }, canary, { page: 'canary', context: 'x' }]) {
      expect(viewOfState({ view })).toEqual(view);
    }
    for (const view of [{ page: 'service', context: 'x', namespace: 'shop' }, { page: 'graph', context: 'x', namespace: 3 }, { page: 'canary', context: 'x', target: { service: 'web' } }]) {
      expect(viewOfState({ view })).toBeUndefined();
    }
  });
});
