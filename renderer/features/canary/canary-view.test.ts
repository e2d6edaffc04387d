import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MeshdeckClient } from '../../../main/contract/client.js';
import { alwaysOpen } from '../../api/connection.js';
import { ClientContext } from '../../api/transport.js';
import type { CanaryPlan } from '../../../main/contract/canary.js';
import { PlanPreview } from './PlanPreview.js';
import { RolloutView } from './RolloutView.js';
import { spec, view } from './test-fixtures.js';
import { canaryErrorWords } from './words.js';

const client = new MeshdeckClient({ send() {}, onMessage: () => () => {} });
const render = (el: ReactElement) => renderToStaticMarkup(createElement(ClientContext, { value: { client, connection: alwaysOpen() } }, el));
const noop = () => {};
const rollout = (v = view(), sample = false) => render(createElement(RolloutView, { context: 'sandbox-admin', view: v, sample, onView: noop, onOpenService: noop, onPlanAgain: noop }));

describe('the running rollout', () => {
  it('says where it stands and who drives it, with the current step highlighted and the hold left', () => {
    const out = rollout(view({}, { step: 1, weight: 50 }));
    expect(out).toContain('data-phase="progressing"');
    expect(out).toContain('Step 1 of 3: 25% to v2');
    expect(out).toContain('This Meshdeck drives it while this page is open');
    expect(out).toMatch(/aria-current="step"[^>]*data-state="current"/);
    expect(out).toContain('12 s</strong> left of 15 s');
    expect(out).toContain('Success rate at least 95%');
    expect(out).toContain('p99 latency at most 300 ms');
  });

  it('enables exactly the controls the view allows', () => {
    const out = rollout(view({ actions: { pause: false, resume: true, promote: false, promoteFull: false, abort: true, finalize: false, approve: false } }, { phase: 'paused' }));
    const enabled = [...out.matchAll(/data-testid="canary-action-([a-z-]+)" data-enabled="true"/g)].map((m) => m[1]);
    expect(enabled).toEqual(['resume', 'abort']);
    expect(out).toMatch(/aria-disabled="true"[^>]*data-testid="canary-action-pause"/);
  });

  it('logs each decision with its verdict, why, and the figures it rested on; a finished rollout offers the next', () => {
    const v = view(
      {
        actions: { pause: false, resume: false, promote: false, promoteFull: false, abort: false, finalize: false, approve: false }, driver: 'meshdeck@other', drivingHere: false,
        steps: [{ weight: 25, state: 'passed', approval: false }, { weight: 50, state: 'stopped', approval: false }, { weight: 100, state: 'ahead', approval: false }],
      },
      {
        phase: 'rolled-back',
        step: 1,
        weight: 0,
        decisions: [
          ...view().state.decisions,
          { at: '2026-01-01T00:01:00Z', step: 1, weight: 0, verdict: 'fail', action: 'rollback', reason: 'Gate failed: success rate 70% is under 95%.', canary: { requests: 300, successRate: 0.7, p99: 480 }, stable: { requests: 900, successRate: 0.998, p99: 110 }, by: 'meshdeck@other' },
        ],
      },
    );
    const out = rollout(v);
    expect(out).toContain('data-action="rollback"');
    expect(out).toContain('Gate failed: success rate 70% is under 95%.');
    expect(out).toContain('300 requests, 70% success, p99 480 ms');
    expect(out).toContain('Nothing is left to drive');
    expect(out).toContain('data-testid="canary-plan-again"');
    expect(out).toMatch(/data-state="stopped"/);
  });

  it('offers the sandbox\'s switch only for the sample app there', () => {
    expect(rollout(view(), true)).toContain('data-testid="sample-bad"');
    expect(rollout(view(), false)).not.toContain('data-testid="sample-bad"');
  });
});

describe('the plan preview', () => {
  const plan: CanaryPlan = { spec, yaml: 'kind: VirtualService\n', problems: [], stableWorkload: 'helloworld-v1', canaryWorkload: 'helloworld-v2', routeApi: 'istio', routeApiWhy: 'the namespace has no HTTPRoute' };

  it('shows the workloads, the route as YAML, and that nothing stands in the way', () => {
    const out = render(createElement(PlanPreview, { plan, outdated: false }));
    expect(out).toContain('served by Deployment helloworld-v1');
    expect(out).toContain('kind: VirtualService');
    expect(out).toContain('Nothing stands in the way');
    expect(out).toContain('25% → 50% → 100%');
    expect(out).toContain('Istio: a VirtualService over DestinationRule subsets');
    expect(out).toContain('the namespace has no HTTPRoute');
  });

  it('says when start creates the canary from an image', () => {
    const { canaryWorkload: _, ...noCanary } = plan;
    const out = render(createElement(PlanPreview, { plan: { ...noCanary, spec: { ...spec, createCanary: { image: 'example/web:2' } }, createsWorkload: 'helloworld-v2' }, outdated: false }));
    expect(out).toContain('Start creates Deployment');
    expect(out).toContain('example/web:2');
  });

  it('lists the problems it would refuse for, and says when the form changed since', () => {
    const { canaryWorkload: _, ...noCanary } = plan;
    const out = render(createElement(PlanPreview, { plan: { ...noCanary, problems: ['No Deployment behind helloworld has version=v3.'] }, outdated: true }));
    expect(out).toContain('data-problems="1"');
    expect(out).toContain('No Deployment behind helloworld has version=v3.');
    expect(out).toContain('no workload found');
    expect(out).toContain('preview again');
  });
});

describe('refusals in the canary\'s words', () => {
  it('says another driver holds the rollout for canary-driven, and leaves other errors to the errors feature', () => {
    expect(canaryErrorWords({ code: 'REFUSED', reason: 'canary-driven', message: 'x' })?.title).toBe('Someone else drives this rollout now');
    expect(canaryErrorWords({ code: 'REFUSED', reason: 'canary-not-ready', message: 'x' })).toBeUndefined();
    expect(canaryErrorWords({ code: 'UNREACHABLE', message: 'x' })).toBeUndefined();
  });
});
