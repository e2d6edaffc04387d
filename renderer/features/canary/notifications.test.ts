import { describe, expect, it } from 'vitest';
import type { CanaryView, Decision } from '../../../main/contract/canary.js';
import { notableChanges } from './notifications.js';
import { view } from './test-fixtures.js';

const decision = (over: Partial<Decision>): Decision => ({ at: '2026-01-01T00:00:10Z', step: 1, weight: 50, verdict: 'pass', action: 'promote', reason: 'Step 1 passed.', by: 'meshdeck', ...over });
const withDecisions = (v: CanaryView, decisions: Decision[], phase = v.state.phase): CanaryView => ({ ...v, state: { ...v.state, phase, decisions: [...v.state.decisions, ...decisions] } });

describe('notifications of a rollout', () => {
  const first = view();

  it('tells of a promotion and of a rollback, with the core\'s reason', () => {
    const promoted = withDecisions(first, [decision({})]);
    expect(notableChanges(first, promoted)).toEqual([{ kind: 'promote', title: 'helloworld: v2 promoted to 50%', body: 'Step 1 passed.', tag: 'helloworld:promote' }]);
    const rolledBack = withDecisions(promoted, [decision({ at: '2026-01-01T00:00:20Z', action: 'rollback', verdict: 'fail', weight: 0, reason: 'Success 70% < 95%.' })], 'rolled-back');
    expect(notableChanges(promoted, rolledBack)).toEqual([{ kind: 'rollback', title: 'helloworld rolled back to v1', body: 'Success 70% < 95%.', tag: 'helloworld:rollback' }]);
  });

  it('tells once when a step starts waiting for approval', () => {
    const waiting = { ...withDecisions(first, [decision({ action: 'wait', verdict: 'approval' })], 'waiting-approval'), summary: 'Step 1 passed; the next waits for your approval.' };
    expect(notableChanges(first, waiting).map((n) => n.kind)).toEqual(['approval']);
    expect(notableChanges(waiting, waiting)).toEqual([]);
  });

  it('says nothing on the first view, for holds, or for another rollout', () => {
    expect(notableChanges(undefined, first)).toEqual([]);
    expect(notableChanges(first, withDecisions(first, [decision({ action: 'hold', verdict: 'holding' })]))).toEqual([]);
    const next = { ...first, state: { ...first.state, startedAt: '2026-02-01T00:00:00Z', decisions: [decision({})] } };
    expect(notableChanges(first, next)).toEqual([]);
  });
});
