import { describe, expect, it } from 'vitest';
import type { InventoryDelta } from '../../../main/contract/inventory.js';
import { applyInventoryEvent, applyRowDelta, workloadsNeedingRestart, type InventoryState } from './inventory-state.js';
import { ns, pod, service, snapshot, workload } from './test-fixtures.js';

const emptyDelta = (): InventoryDelta => ({
  type: 'delta',
  namespaces: { upsert: [], remove: [] },
  workloads: { upsert: [], remove: [] },
  services: { upsert: [], remove: [] },
  pods: { upsert: [], remove: [] },
  problems: [],
});

function loaded(): InventoryState {
  const s = applyInventoryEvent(
    undefined,
    snapshot({
      namespaces: [ns('shop'), ns('kube-system', { system: true })],
      workloads: [workload('shop', 'web')],
      services: [service('shop', 'web')],
      pods: [pod('shop', 'web-1'), pod('shop', 'web-2'), pod('shop', 'web-3')],
    }),
  );
  if (!s) throw new Error('no state');
  return s;
}

describe('applyInventoryEvent', () => {
  it('builds every kind from the snapshot, by id and as a list', () => {
    const s = loaded();
    expect(s.namespaces.list.map((n) => n.id)).toEqual(['shop', 'kube-system']);
    expect(s.pods.byId.get('shop/web-2')?.name).toBe('web-2');
    expect(s.workloads.list).toHaveLength(1);
    expect(s.services.list).toHaveLength(1);
    expect(s.elapsedMs).toBe(1234);
    expect(s.deltas).toBe(0);
  });

  it('ignores a delta that comes before any snapshot', () => {
    expect(applyInventoryEvent(undefined, emptyDelta())).toBeUndefined();
  });

  it('upserts and removes rows by id, keeping the place of updated rows', () => {
    const s = loaded();
    const d = emptyDelta();
    d.pods = { upsert: [pod('shop', 'web-2', { proxy: 'absent', needsRestart: true }), pod('shop', 'web-4')], remove: ['shop/web-1'] };
    const next = applyInventoryEvent(s, d)!;
    expect(next.pods.list.map((p) => p.id)).toEqual(['shop/web-2', 'shop/web-3', 'shop/web-4']);
    expect(next.pods.byId.get('shop/web-2')?.proxy).toBe('absent');
    expect(next.deltas).toBe(1);
    // The previous state is untouched.
    expect(s.pods.list).toHaveLength(3);
    expect(s.pods.byId.get('shop/web-2')?.proxy).toBe('present');
  });

  it('keeps the very same arrays for the kinds a delta does not touch', () => {
    const s = loaded();
    const d = emptyDelta();
    d.namespaces.upsert.push(ns('shop', { mode: 'sidecar', source: 'istio-injection' }));
    const next = applyInventoryEvent(s, d)!;
    expect(next.namespaces.list).not.toBe(s.namespaces.list);
    expect(next.workloads.list).toBe(s.workloads.list);
    expect(next.services).toBe(s.services);
    expect(next.pods.list).toBe(s.pods.list);
    expect(next.problems).toBe(s.problems);
    expect(next.plane).toBe(s.plane);
  });

  it('replaces the plane only when a delta carries one, and the problems when they change', () => {
    const s = loaded();
    const d = emptyDelta();
    d.plane = { revisions: [], tags: [{ tag: 'prod', revision: 'canary' }], ambient: true };
    d.problems = [{ resource: 'injectors', error: { code: 'FORBIDDEN', message: 'forbidden' } }];
    const next = applyInventoryEvent(s, d)!;
    expect(next.plane.ambient).toBe(true);
    expect(next.problems).toHaveLength(1);
    const again = applyInventoryEvent(next, { ...emptyDelta(), problems: [{ resource: 'injectors', error: { code: 'FORBIDDEN', message: 'forbidden' } }] })!;
    expect(again.problems).toBe(next.problems);
    expect(again.plane).toBe(next.plane);
    expect(applyInventoryEvent(again, emptyDelta())!.problems).toEqual([]);
  });

  it('starts over on a new snapshot (after a reconnect)', () => {
    const s = loaded();
    const next = applyInventoryEvent(s, snapshot({ namespaces: [ns('other')] }))!;
    expect(next.namespaces.list.map((n) => n.id)).toEqual(['other']);
    expect(next.pods.list).toEqual([]);
  });
});

describe('applyRowDelta', () => {
  it('returns the same set for an empty change', () => {
    const set = { byId: new Map([['a', { id: 'a' }]]), list: [{ id: 'a' }] };
    expect(applyRowDelta(set, { upsert: [], remove: [] })).toBe(set);
  });

  it('ignores removals of unknown ids', () => {
    const set = { byId: new Map([['a', { id: 'a' }]]), list: [{ id: 'a' }] };
    expect(applyRowDelta(set, { upsert: [], remove: ['zzz'] }).list).toEqual([{ id: 'a' }]);
  });
});

describe('workloadsNeedingRestart', () => {
  it('keeps the workloads of one namespace whose pods need a restart', () => {
    const rows = [workload('shop', 'web', { needsRestart: 2 }), workload('shop', 'db'), workload('other', 'web', { needsRestart: 1 })];
    expect(workloadsNeedingRestart(rows, 'shop').map((w) => w.id)).toEqual(['shop/Deployment/web']);
  });
});
