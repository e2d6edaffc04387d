import { describe, expect, it } from 'vitest';
import { draftOfSpec, initialDraft, parseSteps, specOf } from './plan-form.js';

const sample = initialDraft({ namespace: 'meshdeck-sample', service: 'helloworld', stableVersion: 'v1', canaryVersion: 'v2' });

describe('the plan form', () => {
  it('turns the defaults into the contract\'s spec: standard steps, 99% success, percentages as ratios', () => {
    const { spec, errors } = specOf(sample);
    expect(errors).toEqual({});
    expect(spec).toMatchObject({
      namespace: 'meshdeck-sample', service: 'helloworld', stableVersion: 'v1', canaryVersion: 'v2', versionLabel: 'version',
      steps: [5, 10, 25, 50, 100], holdSeconds: 60, gates: { minSuccessRate: 0.99, minRequests: 20 }, failureLimit: 2, approvals: [],
    });
    expect(spec?.gates).not.toHaveProperty('maxP99Ms');
    expect(spec).not.toHaveProperty('headerRoute');
  });

  it('reads custom steps, every gate, approvals by step number, header routing and mirroring', () => {
    const { spec } = specOf({
      ...sample, steps: 'custom', customSteps: '25, 50 100', holdSeconds: '15', minSuccessRate: '95', maxSuccessDrop: '2', maxP99Ms: '300', maxP99Ratio: '1.5',
      minRequests: '30', failureLimit: '3', approvals: [3, 1, 9], headerRoute: true, headerName: 'x-tester', headerValue: 'yes', mirror: true, mirrorPercent: '20',
    });
    expect(spec).toMatchObject({
      steps: [25, 50, 100], holdSeconds: 15, gates: { minSuccessRate: 0.95, maxSuccessDrop: 0.02, maxP99Ms: 300, maxP99Ratio: 1.5, minRequests: 30 },
      failureLimit: 3, approvals: [0, 2], headerRoute: { name: 'x-tester', value: 'yes' }, mirrorPercent: 20,
    });
  });

  it('names each field that is wrong, in its own words', () => {
    const { spec, errors } = specOf({ ...sample, namespace: 'Bad_NS', canaryVersion: 'v1', steps: 'custom', customSteps: '25, lots', holdSeconds: '2', minSuccessRate: '120', maxP99Ms: 'fast' });
    expect(spec).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['canaryVersion', 'customSteps', 'holdSeconds', 'maxP99Ms', 'minSuccessRate', 'namespace']);
    expect(specOf({ ...sample, service: '' }).errors.service).toBeDefined();
  });

  it('parses steps loosely, refusing what is not a whole number', () => {
    expect(parseSteps(' 5,10 ;25 ')).toEqual([5, 10, 25]);
    expect(parseSteps('')).toBeUndefined();
    expect(parseSteps('5, 7.5')).toBeUndefined();
  });

  it('plans the next rollout from the one that ran', () => {
    const { spec } = specOf({ ...sample, steps: 'custom', customSteps: '25, 50, 100', holdSeconds: '15', maxSuccessDrop: '2', approvals: [2] });
    const again = specOf(draftOfSpec(spec!));
    expect(again.spec).toEqual(spec);
  });

  it('chooses the routing API or leaves it to the plan, creates the canary from an image, scales stable down at the end', () => {
    expect(specOf(sample).spec).not.toHaveProperty('routeApi');
    const { spec } = specOf({ ...sample, routeApi: 'gateway-api', createCanary: true, canaryImage: 'docker.io/istio/examples-helloworld-v2:1.0', canaryContainer: 'helloworld', scaleDownStable: true });
    expect(spec).toMatchObject({ routeApi: 'gateway-api', createCanary: { image: 'docker.io/istio/examples-helloworld-v2:1.0', container: 'helloworld' }, scaleDownStable: true });
    expect(specOf({ ...sample, createCanary: true, canaryImage: 'not an image' }).errors.canaryImage).toBeDefined();
    expect(specOf(draftOfSpec(spec!)).spec).toEqual(spec);
  });
});
