import { describe, expect, it } from 'vitest';
import { explainBlockers, type PodView } from './explain.js';
import { countsByKind, imagesOf, plan } from './plan.js';
import { istioctlSets, parseManifest } from './render.js';

const pod = (image: string, reason: string, secrets: string[] = []): PodView => ({
  name: 'istiod-abc', imagePullSecrets: secrets, containers: [{ name: 'discovery', image, waitingReason: reason, restartCount: 0 }],
});

describe('explainBlockers', () => {
  it('names the taint and the node for FailedScheduling, with the toleration as the fix', () => {
    const [b] = explainBlockers([], [{
      involvedKind: 'Pod', involvedName: 'istiod-abc', reason: 'FailedScheduling',
      message: '0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: infra}. preemption: 0/2 nodes are available.',
    }], [{ name: 'n1', taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }, { name: 'n2', taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }], new Set());
    expect(b).toMatchObject({ reason: 'taint', message: 'istiod-abc cannot be scheduled: nodes n1, n2 have the taint dedicated=infra:NoSchedule, which it does not tolerate.' });
    expect(b?.fix).toContain('values.pilot.tolerations');
  });

  it('finds the taint on the nodes when the scheduler does not name it', () => {
    const [b] = explainBlockers([], [{ involvedKind: 'Pod', involvedName: 'istiod-abc', reason: 'FailedScheduling',
      message: '0/3 nodes are available: 3 node(s) had untolerated taint(s). no new claims to deallocate' }],
    [{ name: 'n1', taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }, { name: 'n2', taints: [] }], new Set());
    expect(b?.message).toBe('istiod-abc cannot be scheduled: node n1 has the taint dedicated=infra:NoSchedule, which it does not tolerate.');
  });

  it('explains insufficient resources', () => {
    const [b] = explainBlockers([], [{ involvedKind: 'Pod', involvedName: 'istiod-abc', reason: 'FailedScheduling', message: '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.' }], [], new Set());
    expect(b?.message).toBe('istiod-abc cannot be scheduled: no node has enough free cpu and memory.');
  });

  it('explains an image pull: which image, which registry, whether the pull secret exists', () => {
    expect(explainBlockers([pod('registry.example:5000/istio/pilot:1.2', 'ImagePullBackOff', ['regcred'])], [], [], new Set())[0]?.message)
      .toBe('istiod-abc cannot pull registry.example:5000/istio/pilot:1.2 from registry.example:5000 (pull secret regcred; missing: regcred).');
    expect(explainBlockers([pod('istio/pilot:1.2', 'ErrImagePull')], [], [], new Set())[0]?.message).toContain('from docker.io (no pull secret)');
  });

  it('explains a webhook the API server cannot call', () => {
    const [b] = explainBlockers([], [{ involvedKind: 'ReplicaSet', involvedName: 'web-123', reason: 'FailedCreate',
      message: 'Error creating: Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": connect: connection refused' }], [], new Set());
    expect(b).toMatchObject({ reason: 'webhook', message: 'The API server cannot call the webhook namespace.sidecar-injector.istio.io, so web-123 cannot create its pods.' });
  });
});

describe('install plan', () => {
  const manifest = parseManifest(`
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: istio-sidecar-injector}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: istio-system}
spec: {template: {spec: {containers: [{name: discovery, image: docker.io/istio/pilot:1.31}]}}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: virtualservices.networking.istio.io}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: istiod, namespace: istio-system}
`);
  it('orders CRDs first, then the namespace, RBAC, the control plane and webhooks', () => {
    expect(plan(manifest).map((p) => `${p.phase}:${p.object.kind}`)).toEqual([
      'crds:CustomResourceDefinition', 'namespace:Namespace', 'rbac:ServiceAccount', 'control-plane:Deployment', 'webhooks:MutatingWebhookConfiguration',
    ]);
  });
  it('counts kinds and lists images', () => {
    expect(countsByKind(manifest)).toEqual({ MutatingWebhookConfiguration: 1, Deployment: 1, CustomResourceDefinition: 1, ServiceAccount: 1 });
    expect(imagesOf(manifest)).toEqual(['docker.io/istio/pilot:1.31']);
  });
  it('turns options into istioctl --set arguments', () => {
    expect(istioctlSets({ profile: 'default', revision: 'canary', hub: 'reg.local/istio', tag: '1.31', imagePullSecrets: ['regcred'], values: { 'values.pilot.env.X': 'y' }, prometheus: false }, { 'values.base.validationURL': 'https://localhost:15117/validate' }))
      .toEqual(['--set', 'profile=default', '--set', 'revision=canary', '--set', 'hub=reg.local/istio', '--set', 'tag=1.31', '--set', 'values.global.imagePullSecrets[0]=regcred',
        '--set', 'values.pilot.env.X=y', '--set', 'values.base.validationURL=https://localhost:15117/validate']);
  });
});
