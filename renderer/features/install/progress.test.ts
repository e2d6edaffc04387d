import { describe, expect, it } from 'vitest';
import type { InstallEvent, ObjectRef } from '../../../main/contract/install.js';
import {
  cancelProgress,
  endProgress,
  failProgress,
  initialProgress,
  phaseCountText,
  phaseElapsed,
  phaseTotals,
  reduceProgress,
  runElapsed,
  type RunProgress,
} from './progress.js';

const obj = (kind: string, name: string): ObjectRef => ({ apiVersion: 'v1', kind, name });
const applied = (kind: string, name: string, elapsedMs: number): InstallEvent => ({ type: 'object', object: obj(kind, name), result: 'applied', elapsedMs });

function run(state: RunProgress, events: InstallEvent[], start = 1000): RunProgress {
  return events.reduce((s, e, i) => reduceProgress(s, e, start + i * 100), state);
}

const totals = { crds: 2, namespace: 1, rbac: 1, config: 1, 'control-plane': 2, webhooks: 2 };

describe('reduceProgress (install)', () => {
  it('lists the phases of the plan, in order, all pending', () => {
    const p = initialProgress('install', 0, totals);
    expect(p.phases.map((x) => x.phase)).toEqual(['crds', 'namespace', 'rbac', 'config', 'control-plane', 'webhooks']);
    expect(p.phases.every((x) => x.state === 'pending')).toBe(true);
    expect(initialProgress('install', 0).phases).toHaveLength(8);
  });

  it('marks a phase running, counts its objects, and closes it when the next starts', () => {
    const p = run(initialProgress('install', 0, totals), [
      { type: 'phase', phase: 'crds', index: 0, of: 6 },
      applied('CustomResourceDefinition', 'a', 50),
      applied('CustomResourceDefinition', 'b', 80),
      { type: 'waiting', what: '2 CRDs to be Established', blockers: [], elapsedMs: 90 },
      { type: 'phase', phase: 'namespace', index: 1, of: 6 },
    ]);
    expect(p.current).toBe('namespace');
    expect(p.phases[0]).toMatchObject({ phase: 'crds', state: 'done', count: 2, startedAt: 1000, endedAt: 1400 });
    expect(p.phases[1]).toMatchObject({ phase: 'namespace', state: 'running', count: 0, startedAt: 1400 });
    expect(p.waiting).toBeUndefined(); // the next phase ended the wait
    expect(p.objects).toBe(2);
    expect(p.elapsedMs).toBe(90);
    expect(phaseCountText(p.phases[0]!, 'install', totals.crds)).toBe('2 of 2 applied');
    expect(phaseElapsed(p.phases[0]!, 9999)).toBe(400);
    expect(phaseElapsed(p.phases[1]!, 2000)).toBe(600);
    expect(phaseElapsed(p.phases[2]!, 2000)).toBeUndefined();
  });

  it('keeps the current wait and its blockers', () => {
    const blocker = { reason: 'taint' as const, message: 'istiod cannot be scheduled: node a has the taint x:NoSchedule.', fix: 'Add a toleration.' };
    const p = run(initialProgress('install', 0, totals), [
      { type: 'phase', phase: 'control-plane', index: 4, of: 6 },
      applied('Deployment', 'istiod', 10),
      { type: 'waiting', what: 'Deployment istio-system/istiod to be ready', blockers: [blocker], elapsedMs: 2000 },
    ]);
    expect(p.waiting).toEqual({ what: 'Deployment istio-system/istiod to be ready', blockers: [blocker], elapsedMs: 2000 });
    // The phases before the first one seen had nothing left to do.
    expect(p.phases.slice(0, 4).every((x) => x.state === 'done')).toBe(true);
  });

  it('ends with done: every phase done, the verify report kept', () => {
    const verify = { ok: true, revision: '', version: '1.24.2', checks: [] };
    const p = run(initialProgress('install', 0, totals), [
      { type: 'phase', phase: 'crds', index: 0, of: 6 },
      { type: 'phase', phase: 'webhooks', index: 5, of: 6 },
      { type: 'done', verify, elapsedMs: 30_000 },
    ]);
    expect(p.status).toBe('done');
    expect(p.phases.every((x) => x.state === 'done')).toBe(true);
    expect(p.verify).toEqual(verify);
    expect(runElapsed(p, 1e9)).toBe(30_000);
    // Nothing after the end counts.
    expect(reduceProgress(p, { type: 'phase', phase: 'crds', index: 0, of: 1 }, 5)).toBe(p);
  });

  it('stops the running phase on failure, keeping what it waited for', () => {
    const error = { code: 'INTERNAL' as const, message: 'Deployment istio-system/istiod did not become ready in 300 s.' };
    const p = run(initialProgress('install', 0, totals), [
      { type: 'phase', phase: 'control-plane', index: 4, of: 6 },
      { type: 'waiting', what: 'Deployment istio-system/istiod to be ready', blockers: [], elapsedMs: 10 },
      { type: 'failed', error, elapsedMs: 300_000 },
    ]);
    expect(p.status).toBe('failed');
    expect(p.error).toEqual(error);
    expect(p.phases.find((x) => x.phase === 'control-plane')?.state).toBe('stopped');
    expect(p.phases.find((x) => x.phase === 'webhooks')?.state).toBe('pending');
    expect(p.waiting?.what).toMatch(/istiod/);
  });

  it('tells a cancelled run from a failed one', () => {
    const started = reduceProgress(initialProgress('install', 0), { type: 'phase', phase: 'crds', index: 0, of: 7 }, 1);
    expect(reduceProgress(started, { type: 'failed', error: { code: 'CANCELLED', message: 'x' }, elapsedMs: 5 }, 2).status).toBe('cancelled');
    const cancelled = cancelProgress(started, 10);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.phases[0]).toMatchObject({ state: 'stopped', endedAt: 10 });
    expect(cancelProgress(cancelled, 20)).toBe(cancelled);
  });

  it('treats a stream that ends without done, or breaks, as not finished', () => {
    const started = reduceProgress(initialProgress('install', 0), { type: 'phase', phase: 'crds', index: 0, of: 7 }, 1);
    const ended = endProgress(started, 5);
    expect(ended.status).toBe('failed');
    expect(ended.error?.message).toMatch(/not known to be complete/);
    const lost = failProgress(started, { code: 'UNREACHABLE', message: 'gone' }, 5);
    expect(lost).toMatchObject({ status: 'failed', error: { code: 'UNREACHABLE' } });
  });

  it('adds a phase the plan did not list in its place', () => {
    const p = reduceProgress(initialProgress('install', 0, { crds: 1, webhooks: 1 }), { type: 'phase', phase: 'gateways', index: 2, of: 3 }, 1);
    expect(p.phases.map((x) => x.phase)).toEqual(['crds', 'webhooks', 'gateways']);
    expect(p.phases.map((x) => x.state)).toEqual(['done', 'done', 'running']);
  });
});

describe('reduceProgress (uninstall)', () => {
  it('goes through the phases in reverse, counting removed and absent objects', () => {
    const p = run(initialProgress('uninstall', 0, { crds: 2, webhooks: 1, 'control-plane': 1, namespace: 1 }), [
      { type: 'phase', phase: 'webhooks', index: 0, of: 7 },
      { type: 'object', object: obj('MutatingWebhookConfiguration', 'istio-sidecar-injector'), result: 'deleted', elapsedMs: 5 },
      { type: 'phase', phase: 'control-plane', index: 2, of: 7 },
      { type: 'object', object: obj('Deployment', 'istiod'), result: 'deleted', elapsedMs: 6 },
      { type: 'waiting', what: 'istiod pods to stop', blockers: [], elapsedMs: 7 },
      { type: 'object', object: obj('ConfigMap', 'istio-ca-root-cert'), result: 'deleted', elapsedMs: 8 },
      { type: 'object', object: obj('ConfigMap', 'istio-ca-crl'), result: 'absent', elapsedMs: 9 },
      { type: 'phase', phase: 'crds', index: 5, of: 7 },
    ]);
    expect(p.phases.map((x) => x.phase)).toEqual(['webhooks', 'control-plane', 'namespace', 'crds']);
    const cp = p.phases[1]!;
    expect(cp).toMatchObject({ state: 'done', count: 2, absent: 1 });
    expect(phaseCountText(cp, 'uninstall', 1)).toBe('2 removed, 1 already gone');
    expect(phaseCountText({ ...cp, state: 'running', count: 0, absent: 0 }, 'uninstall', 3)).toBe('0 of 3 removed');
    expect(phaseCountText({ ...cp, count: 0, absent: 0 }, 'uninstall', undefined)).toBe('Nothing to remove');
    const done = reduceProgress(p, { type: 'done', elapsedMs: 50 }, 9000);
    expect(done.status).toBe('done');
    expect(done.verify).toBeUndefined();
  });
});

describe('phaseTotals', () => {
  it('counts the preview objects per phase', () => {
    expect(phaseTotals(undefined)).toBeUndefined();
    expect(
      phaseTotals({
        objects: [
          { phase: 'crds', apiVersion: 'v1', kind: 'CustomResourceDefinition', name: 'a' },
          { phase: 'crds', apiVersion: 'v1', kind: 'CustomResourceDefinition', name: 'b' },
          { phase: 'rbac', apiVersion: 'v1', kind: 'ServiceAccount', name: 'istiod' },
        ],
      }),
    ).toEqual({ crds: 2, rbac: 1 });
  });
});
