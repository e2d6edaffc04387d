import { describe, expect, it } from 'vitest';
import { failRestart, reduceMeshRestart, restartRefs, restartSummary, startedRestart } from './mesh-restart.js';

describe('reduceMeshRestart', () => {
  it('keeps one row per workload, updated in place, then the totals', () => {
    let p = startedRestart();
    p = reduceMeshRestart(p, { type: 'workload', kind: 'Deployment', name: 'web', state: 'queued', updated: 0, desired: 2 }, 'shop');
    p = reduceMeshRestart(p, { type: 'workload', kind: 'Deployment', name: 'db', state: 'queued', updated: 0, desired: 1 }, 'shop');
    p = reduceMeshRestart(p, { type: 'workload', kind: 'Deployment', name: 'web', state: 'restarting', updated: 1, desired: 2 }, 'shop');
    p = reduceMeshRestart(p, { type: 'workload', kind: 'Deployment', name: 'web', state: 'ready', updated: 2, desired: 2, proxy: 'present', proxyRevision: 'canary' }, 'shop');
    p = reduceMeshRestart(p, { type: 'workload', kind: 'Deployment', name: 'db', state: 'failed', updated: 0, desired: 1, detail: 'not ready within 180 s' }, 'shop');
    expect(p.rows.map((r) => [r.name, r.state])).toEqual([
      ['web', 'ready'],
      ['db', 'failed'],
    ]);
    expect(p.rows[0]).toMatchObject({ namespace: 'shop', proxy: 'present', proxyRevision: 'canary', updated: 2, desired: 2 });
    expect(p.rows[1]).toMatchObject({ proxy: 'unknown', detail: 'not ready within 180 s' });
    expect(p.status).toBe('running');
    p = reduceMeshRestart(p, { type: 'done', restarted: 1, failed: 1 }, 'shop');
    expect(p.status).toBe('done');
    expect(restartSummary(p)).toBe('1 workload restarted, 1 failed.');
  });

  it('fails the run when the stream breaks', () => {
    const p = failRestart(startedRestart(), { code: 'UNREACHABLE', message: 'gone' });
    expect(p.status).toBe('failed');
    expect(p.error?.code).toBe('UNREACHABLE');
  });
});

describe('restartRefs', () => {
  it('names the workloads shown, or leaves the choice to the core', () => {
    expect(restartRefs([{ kind: 'Deployment', name: 'web', pods: 3 } as { kind: 'Deployment'; name: string }])).toEqual([{ kind: 'Deployment', name: 'web' }]);
    expect(restartRefs([])).toBeUndefined();
    expect(restartRefs(Array.from({ length: 5001 }, (_, i) => ({ kind: 'Deployment' as const, name: `w${i}` })))).toBeUndefined();
  });
});
