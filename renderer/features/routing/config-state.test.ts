import { describe, expect, it } from 'vitest';
import { applyConfigEvent } from './config-state.js';
import { countByKind, filterObjects, sortObjects } from './objects-model.js';
import { fillTemplate, servedKind, TEMPLATES } from './templates.js';
import { kinds, row } from './test-fixtures.js';
import { kindLabel } from './words.js';

describe('routing config state', () => {
  it('folds a snapshot and deltas; a delta keeps the kinds and hosts it does not carry', () => {
    const s1 = applyConfigEvent(undefined, { type: 'snapshot', kinds, rows: [row('VirtualService', 'shop', 'a'), row('VirtualService', 'shop', 'b')], hosts: [], problems: [] });
    const s2 = applyConfigEvent(s1, { type: 'delta', upsert: [row('VirtualService', 'shop', 'a', { errors: 1 })], remove: [row('VirtualService', 'shop', 'b').id], problems: [] });
    expect(s2?.rows.list.map((r) => `${r.name}:${r.errors}`)).toEqual(['a:1']);
    expect(s2?.kinds).toBe(kinds);
    expect(applyConfigEvent(undefined, { type: 'delta', upsert: [], remove: [], problems: [] })).toBeUndefined();
  });

  it('finds objects by name, namespace, kind and host; by kind; with problems only', () => {
    const rows = sortObjects([
      row('VirtualService', 'shop', 'reviews', { hosts: ['reviews.shop.svc.cluster.local'], warnings: 1 }),
      row('DestinationRule', 'shop', 'reviews'),
      row('VirtualService', 'books', 'ratings'),
    ]);
    expect(rows.map((r) => `${r.kind}/${r.namespace}/${r.name}`)).toEqual(['DestinationRule/shop/reviews', 'VirtualService/books/ratings', 'VirtualService/shop/reviews']);
    expect(filterObjects(rows, 'reviews.shop.svc', 'all')).toHaveLength(1);
    expect(filterObjects(rows, 'shop', 'networking.istio.io/VirtualService')).toHaveLength(1);
    expect(filterObjects(rows, 'virtualservice', 'all')).toHaveLength(2);
    expect(filterObjects(rows, '', 'all', true).map((r) => r.name)).toEqual(['reviews']);
    expect(countByKind(rows).get('networking.istio.io/VirtualService')).toBe(2);
  });

  it('names a kind with its API only where two APIs serve a kind of that name', () => {
    expect(kindLabel(kinds[0]!, kinds)).toBe('VirtualService');
    expect(kindLabel(kinds[2]!, kinds)).toBe('Gateway (Istio)');
    expect(kindLabel(kinds[3]!, kinds)).toBe('Gateway (Gateway API)');
  });

  it('fills a template with the version the cluster serves and the namespace chosen', () => {
    const grant = TEMPLATES.find((t) => t.kind === 'ReferenceGrant')!;
    const text = fillTemplate(grant, servedKind(grant, kinds)!, 'books');
    expect(text).toContain('apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant');
    expect(text).toContain('namespace: books');
    expect(text).not.toContain('$');
    expect(servedKind(TEMPLATES.find((t) => t.kind === 'PeerAuthentication')!, kinds)).toBeUndefined();
    expect(new Set(TEMPLATES.map((t) => t.kind))).toEqual(new Set(['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'PeerAuthentication', 'AuthorizationPolicy', 'HTTPRoute', 'ReferenceGrant']));
  });
});
