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

  it('reads nothing from hashes that are not ours', () => {
    expect(hashOf({ page: 'contexts' })).toBe('');
    expect(viewOfHash('#/')).toEqual({ page: 'contexts' });
    for (const hash of ['', '#', '#/overview', '#/overview/x/y', '#/routing', '#/routing/x/object/g/Kind/ns', '#/routing/x/nope', '#/routing/%E0%A4%A', '#/routing/x?q=1', '#/inventory/x/nodes', '#/manage/x?task=explode', '#/service/x/shop', '#/settings/x']) {
      expect(viewOfHash(hash)).toBeUndefined();
    }
  });

  it('gives every page a hash that brings it back: page, context, tab and selected object', () => {
    const views: View[] = [
      { page: 'overview', context: 'sandbox-admin' },
      { page: 'install', context: 'sandbox-admin', mode: 'install', revisions: [] },
      { page: 'install', context: 'sandbox-admin', mode: 'install', revisions: [''], task: 'resume' },
      { page: 'install', context: 'sandbox-admin', mode: 'manage', revisions: ['', 'canary'], task: 'uninstall' },
      { page: 'inventory', context: 'sandbox-admin' },
      { page: 'inventory', context: 'sandbox-admin', tab: 'workloads', query: 'shop 1.31', selected: 'shop/Deployment/web' },
      { page: 'inventory', context: 'a/b?c', query: 'x&y=z#w' },
      { page: 'service', context: 'x', namespace: 'shop', service: 'web', from: 'graph' },
      { page: 'graph', context: 'x' },
      { page: 'graph', context: 'x', namespace: 'shop' },
      { page: 'canary', context: 'x' },
      { page: 'canary', context: 'x', target: { namespace: 'shop', service: 'web' } },
    ];
    for (const view of views) expect(viewOfHash(hashOf(view))).toEqual(view);
    expect(hashOf({ page: 'inventory', context: 'x', tab: 'pods', query: 'web', selected: 'shop/web-1' })).toBe('#/inventory/x/pods?q=web&select=shop%2Fweb-1');
    expect(hashOf({ page: 'install', context: 'x', mode: 'manage', revisions: [''] })).toBe('#/manage/x?rev=default');
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
