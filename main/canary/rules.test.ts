import { describe, expect, it } from 'vitest';
import { CanarySpec, type CanaryState } from '../contract/canary.js';
import { afterAction, afterCheck, evidenceWindow, initialState, judge, viewOf } from './rules.js';
import { routeFingerprint, routeObject, subsetObjects, weightIn } from './routing.js';
import { canaryDeployment, canaryWorkloadName } from './workload.js';

const spec = CanarySpec.parse({ namespace: 'shop', service: 'reviews', stableVersion: 'v1', canaryVersion: 'v2', steps: [10, 50, 100], holdSeconds: 30, failureLimit: 2, noDataTimeoutSeconds: 120,
  gates: { minSuccessRate: 0.95, maxSuccessDrop: 0.02, maxP99Ms: 500, maxP99Ratio: 2, minRequests: 20 } });
const T0 = Date.parse('2026-12-01T12:00:00Z');
const start = () => initialState(spec, T0, 'test', { route: '1', subsets: '1', fingerprint: 'f' });
const good = { requests: 100, successRate: 0.99, p99: 120 };
const stable = { requests: 900, successRate: 0.995, p99: 100 };

describe('judging a step', () => {
  it('passes, fails on each gate, and keeps too little traffic and no data apart from both', () => {
    expect(judge(spec, good, stable, true).verdict).toBe('pass');
    expect(judge(spec, { ...good, successRate: 0.9 }, stable, true).reason).toContain('success rate 90.0% is under 95.0%');
    expect(judge(spec, { ...good, successRate: 0.97 }, stable, true).reason).toContain('trails stable\'s 99.5% by more than 2.0%');
    expect(judge(spec, { ...good, p99: 900 }, stable, true).reason).toContain('p99 900 ms is over 500 ms');
    expect(judge(spec, { ...good, p99: 300 }, stable, true).reason).toContain('over 2× stable\'s 100 ms');
    expect(judge(spec, { ...good, requests: 5 }, stable, true)).toMatchObject({ verdict: 'low-traffic', reason: expect.stringContaining('Only 5 canary request(s)') });
    expect(judge(spec, undefined, stable, true).verdict).toBe('no-data');
    expect(judge(spec, good, stable, false, 'Prometheus did not answer').reason).toContain('Prometheus did not answer');
  });
});

describe('the evidence a step is judged on', () => {
  it('is the step\'s own time, once it has lasted 20 s, never more than its hold', () => {
    const s = start();
    expect(evidenceWindow(spec, s, T0 + 5_000)).toBeUndefined();
    expect(evidenceWindow(spec, s, T0 + 19_999)).toBeUndefined();
    expect(evidenceWindow(spec, s, T0 + 25_000)).toBe(25);
    expect(evidenceWindow(spec, s, T0 + 3_600_000)).toBe(spec.holdSeconds);
    expect(evidenceWindow({ ...spec, holdSeconds: 5 }, s, T0 + 60_000)).toBe(20);
  });
});

describe('what a check leads to', () => {
  it('holds until the step has been held, then moves on; at the last step it is promoted', () => {
    let s = start();
    expect(s).toMatchObject({ phase: 'progressing', step: 0, weight: 10 });
    expect(afterCheck(spec, s, judge(spec, good, stable, true), T0 + 10_000, 'test')).toBeUndefined();
    let t = afterCheck(spec, s, judge(spec, good, stable, true), T0 + 31_000, 'test')!;
    expect(t).toMatchObject({ weightChanged: true, state: { step: 1, weight: 50, phase: 'progressing' }, decision: { action: 'promote', verdict: 'pass' } });
    s = t.state;
    t = afterCheck(spec, s, judge(spec, good, stable, true), T0 + 62_000, 'test')!;
    expect(t.state).toMatchObject({ phase: 'promoted', weight: 100, step: 2 });
    expect(t.decision.reason).toContain('Moving to step 3: 100%');
  });

  it('rolls back after the failure limit, with the reason and figures logged', () => {
    const bad = judge(spec, { ...good, successRate: 0.5 }, stable, true);
    let t = afterCheck(spec, start(), bad, T0 + 5000, 'test')!;
    expect(t.state).toMatchObject({ phase: 'progressing', failures: 1, weight: 10 });
    t = afterCheck(spec, t.state, bad, T0 + 10_000, 'test')!;
    expect(t).toMatchObject({ weightChanged: true, state: { phase: 'rolled-back', weight: 0 }, decision: { action: 'rollback', canary: { successRate: 0.5 } } });
    expect(t.decision.reason).toMatch(/success rate 50.0% is under 95.0%.*2 failed check\(s\) in a row/);
  });

  it('waits without data, never promoting, and pauses once the wait is too long', () => {
    const none = judge(spec, undefined, stable, false);
    const t = afterCheck(spec, start(), none, T0 + 40_000, 'test')!;
    expect(t.state).toMatchObject({ phase: 'progressing', weight: 10, waitingSince: new Date(T0 + 40_000).toISOString() });
    expect(afterCheck(spec, t.state, none, T0 + 100_000, 'test')).toBeUndefined();
    expect(afterCheck(spec, t.state, none, T0 + 161_000, 'test')!.state).toMatchObject({ phase: 'paused', weight: 10, pausedReason: expect.stringContaining('Nothing judgeable for 2 min') });
    // Evidence again clears the wait, and the step is judged from its start.
    expect(afterCheck(spec, t.state, judge(spec, good, stable, true), T0 + 41_000, 'test')!.state).toMatchObject({ step: 1, waitingSince: undefined });
  });
});

describe('a person\'s controls', () => {
  it('pause, resume, promote, promote fully, abort, finalize, each only when it applies', () => {
    const s = start();
    const paused = afterAction(spec, s, 'pause', T0 + 1000, 'ann')!.state;
    expect(paused).toMatchObject({ phase: 'paused', pausedReason: 'Paused by a person.' });
    expect(afterAction(spec, s, 'resume', T0, 'ann')).toBeUndefined();
    const resumed = afterAction(spec, paused, 'resume', T0 + 2000, 'ann')!.state;
    expect(resumed).toMatchObject({ phase: 'progressing', stepStartedAt: new Date(T0 + 2000).toISOString() });
    expect(afterAction(spec, s, 'promote', T0, 'ann')!.state).toMatchObject({ step: 1, weight: 50 });
    const full = afterAction(spec, s, 'promote-full', T0, 'ann')!.state;
    expect(full).toMatchObject({ phase: 'promoted', weight: 100 });
    expect(afterAction(spec, full, 'finalize', T0, 'ann')!.state.phase).toBe('finalized');
    expect(afterAction(spec, s, 'finalize', T0, 'ann')).toBeUndefined();
    expect(afterAction(spec, s, 'abort', T0, 'ann')!.state).toMatchObject({ phase: 'aborted', weight: 0 });
  });

  it('waits for approval where the spec asks, and goes on once approved', () => {
    const withApproval = { ...spec, approvals: [1] };
    const t = afterCheck(withApproval, start(), judge(spec, good, stable, true), T0 + 31_000, 'test')!;
    expect(t.state).toMatchObject({ phase: 'waiting-approval', step: 0, weight: 10 });
    expect(viewOf(withApproval, t.state, undefined, false, T0).actions).toMatchObject({ approve: true, finalize: false });
    expect(afterAction(withApproval, t.state, 'approve', T0 + 40_000, 'ann')!.state).toMatchObject({ phase: 'progressing', step: 1, weight: 50 });
  });
});

describe('the route', () => {
  it('always sums to 100, sends testers to the canary, mirrors while judging, and routes to the canary alone once finalized', () => {
    const s = { ...spec, headerRoute: { name: 'x-tester', value: 'yes' }, mirrorPercent: 10 };
    const vs = routeObject(s, 25, 'progressing');
    const http = (vs.spec as { http: { route: { weight: number }[]; mirror?: unknown }[] }).http;
    expect(http[0]).toMatchObject({ name: 'testers', match: [{ headers: { 'x-tester': { exact: 'yes' } } }] });
    expect(http[1]!.route.map((d) => d.weight).reduce((a, b) => a + b)).toBe(100);
    expect(http[1]!.mirror).toBeDefined();
    expect(weightIn(vs, s)).toBe(25);
    expect(weightIn(routeObject(s, 100, 'finalized'), s)).toBe(100);
    expect((routeObject(s, 0, 'rolled-back').spec as { http: unknown[] }).http).toHaveLength(1);
  });

  it('with Gateway API: an HTTPRoute with the service as parent, weights over a Service per version, the same rules', () => {
    const s = { ...spec, routeApi: 'gateway-api' as const, headerRoute: { name: 'x-tester', value: 'yes' }, mirrorPercent: 10 };
    const route = routeObject(s, 25, 'progressing', 9080);
    const r = route.spec as { parentRefs: unknown[]; rules: { matches: { headers?: unknown[] }[]; backendRefs: { name: string; port: number; weight: number }[]; filters?: unknown[] }[] };
    expect(route.kind).toBe('HTTPRoute');
    expect(r.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'reviews' }]);
    expect(r.rules[0]!.matches[0]!.headers).toEqual([{ type: 'Exact', name: 'x-tester', value: 'yes' }]);
    expect(r.rules[1]!.backendRefs).toEqual([{ name: 'reviews-stable', port: 9080, weight: 75 }, { name: 'reviews-canary', port: 9080, weight: 25 }]);
    expect(r.rules[1]!.filters).toEqual([{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'reviews-canary', port: 9080 }, percent: 10 } }]);
    expect(weightIn(route, s)).toBe(25);
    expect(weightIn(routeObject(s, 100, 'finalized', 9080), s)).toBe(100);
    expect((routeObject(s, 0, 'aborted', 9080).spec as { rules: unknown[] }).rules).toHaveLength(1);
    const [stableSvc, canarySvc] = subsetObjects(s, { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080, targetPort: 8080 }] });
    expect(stableSvc).toMatchObject({ kind: 'Service', metadata: { name: 'reviews-stable' }, spec: { selector: { app: 'reviews', version: 'v1' }, ports: [{ name: 'http', port: 9080, targetPort: 8080 }] } });
    expect(canarySvc!.spec).toMatchObject({ selector: { app: 'reviews', version: 'v2' } });
  });

  it('notices a change in what the routing means, not in what the API server assigns', () => {
    const s = { ...spec, routeApi: 'gateway-api' as const };
    const route = routeObject(s, 10, 'progressing', 9080);
    const svc = (ip: string, version: string) => ({ kind: 'Service', spec: { clusterIP: ip, selector: { app: 'reviews', version }, ports: [{ port: 9080, targetPort: 9080 }] } });
    const before = routeFingerprint(route, [svc('10.0.0.1', 'v1'), svc('10.0.0.2', 'v2')]);
    expect(routeFingerprint(route, [svc('10.0.0.9', 'v1'), svc('10.0.0.2', 'v2')])).toBe(before);
    expect(routeFingerprint(route, [svc('10.0.0.1', 'v1'), svc('10.0.0.2', 'v3')])).not.toBe(before);
    expect(routeFingerprint(routeObject(s, 20, 'progressing', 9080), [svc('10.0.0.1', 'v1'), svc('10.0.0.2', 'v2')])).not.toBe(before);
  });

  it('shows the view of a state: actions, summary, time left in the step', () => {
    const v = viewOf(spec, start(), 'host (pid 1, abc)', true, T0 + 10_000);
    expect(v).toMatchObject({ holdRemaining: 20, drivingHere: true, summary: 'Step 1 of 3: 10% to v2, 90% to v1. Judging the step.' });
    const rolled: CanaryState = { ...start(), phase: 'rolled-back', weight: 0 };
    expect(viewOf(spec, rolled, undefined, false, T0).actions).toEqual({ pause: false, resume: false, promote: false, promoteFull: false, abort: false, finalize: false, approve: false });
  });
});

describe('a canary made from the stable Deployment', () => {
  const stableDeployment = {
    metadata: { name: 'reviews-v1', namespace: 'shop', labels: { app: 'reviews', version: 'v1' }, annotations: { 'deployment.kubernetes.io/revision': '3', 'sandbox.meshdeck.io/latency-ms': '40' } },
    spec: {
      replicas: 3, selector: { matchLabels: { app: 'reviews', version: 'v1' } }, strategy: { type: 'RollingUpdate' },
      template: { metadata: { labels: { app: 'reviews', version: 'v1' } }, spec: { containers: [{ name: 'reviews', image: 'reviews:1' }, { name: 'log', image: 'fluent:2' }] } },
    },
  };

  it('swaps the version in its name, labels and selector, and the image of one container', () => {
    const s = { ...spec, createCanary: { image: 'reviews:2' } };
    const d = canaryDeployment(stableDeployment, s);
    expect(d.metadata).toMatchObject({ name: 'reviews-v2', namespace: 'shop', labels: { app: 'reviews', version: 'v2', 'meshdeck.io/canary': 'reviews' }, annotations: { 'sandbox.meshdeck.io/latency-ms': '40' } });
    expect(d.metadata.annotations).not.toHaveProperty('deployment.kubernetes.io/revision');
    expect(d.spec).toMatchObject({ replicas: 3, strategy: { type: 'RollingUpdate' }, selector: { matchLabels: { app: 'reviews', version: 'v2' } } });
    expect(d.spec!.template!.metadata!.labels).toEqual({ app: 'reviews', version: 'v2' });
    expect(d.spec!.template!.spec!.containers).toEqual([{ name: 'reviews', image: 'reviews:2' }, { name: 'log', image: 'fluent:2' }]);
    expect(canaryDeployment(stableDeployment, { ...s, createCanary: { image: 'fluent:3', container: 'log' } }).spec!.template!.spec!.containers![1]!.image).toBe('fluent:3');
    expect(() => canaryDeployment(stableDeployment, { ...s, createCanary: { image: 'x:1', container: 'nope' } })).toThrow(/no container named nope/);
  });

  it('is named after the stable one: the version swapped, or appended, within 63 characters', () => {
    expect(canaryWorkloadName('reviews-v1', spec)).toBe('reviews-v2');
    expect(canaryWorkloadName('reviews', spec)).toBe('reviews-v2');
    expect(canaryWorkloadName('r'.repeat(63), { stableVersion: 'v1', canaryVersion: 'Release_2' })).toBe(`${'r'.repeat(53)}-release-2`);
  });
});

describe('the view\'s timeline and gate lines', () => {
  it('places each step: passed, current, stopped where it was rolled back, waiting for approval, ahead', () => {
    const states = (over: Partial<CanaryState>, s = spec) => viewOf(s, { ...start(), ...over }, undefined, false, T0).steps.map((x) => x.state);
    expect(states({ step: 1, weight: 50 })).toEqual(['passed', 'current', 'ahead']);
    expect(states({ phase: 'rolled-back', step: 1, weight: 0 })).toEqual(['passed', 'stopped', 'ahead']);
    expect(states({ phase: 'waiting-approval', step: 0 }, { ...spec, approvals: [1] })).toEqual(['current', 'waiting', 'ahead']);
    expect(states({ phase: 'finalized', step: 2, weight: 100 })).toEqual(['passed', 'passed', 'passed']);
    expect(viewOf({ ...spec, approvals: [1] }, start(), undefined, false, T0).steps.map((x) => x.approval)).toEqual([false, true, false]);
  });

  it('draws the absolute gates as planned and the relative ones from stable\'s latest figures', () => {
    expect(viewOf(spec, start(), undefined, false, T0).gateLines).toEqual({ successRate: [{ value: 0.95, relative: false }], p99: [{ value: 500, relative: false }] });
    const judged = afterCheck(spec, start(), judge(spec, good, stable, true), T0 + 31_000, 'driver')!;
    const lines = viewOf(spec, judged.state, undefined, false, T0 + 31_000).gateLines;
    expect(lines.successRate[1]).toEqual({ value: expect.closeTo(0.975, 6), relative: true });
    expect(lines.p99[1]).toEqual({ value: 200, relative: true });
  });
});
