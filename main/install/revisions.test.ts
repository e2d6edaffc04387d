import { describe, expect, it } from 'vitest';
import { plan } from './plan.js';
import { revisionOwned } from './revisions.js';
import type { K8sObject } from './render.js';

const obj = (kind: string, name: string, labels: Record<string, string> = {}, namespace?: string): K8sObject => ({ apiVersion: 'v1', kind, metadata: { name, namespace, labels } });

describe('what belongs to one revision alone', () => {
  const canary = plan([
    obj('CustomResourceDefinition', 'virtualservices.networking.istio.io'),
    obj('ServiceAccount', 'istio-reader-service-account', {}, 'istio-system'),
    obj('Deployment', 'istiod-canary', { 'istio.io/rev': 'canary' }, 'istio-system'),
    obj('ConfigMap', 'istio-sidecar-injector-canary', {}, 'istio-system'),
    obj('MutatingWebhookConfiguration', 'istio-sidecar-injector-canary', { 'istio.io/rev': 'canary' }),
    obj('ClusterRole', 'istiod-clusterrole-canary-istio-system'),
    obj('ClusterRole', 'istiod-clusterrole-canary2-istio-system'),
  ]);

  it('keeps a non-default revision\'s objects by label or name token, never the CRDs or shared accounts', () => {
    expect(revisionOwned(canary, 'canary').map((p) => `${p.object.kind}/${p.object.metadata.name}`).sort()).toEqual([
      'ClusterRole/istiod-clusterrole-canary-istio-system', 'ConfigMap/istio-sidecar-injector-canary', 'Deployment/istiod-canary', 'MutatingWebhookConfiguration/istio-sidecar-injector-canary',
    ]);
  });

  it('does not take another revision whose name merely contains this one', () => {
    expect(revisionOwned(canary, 'canary').some((p) => p.object.metadata.name.includes('canary2'))).toBe(false);
  });

  it('for the default revision, takes every non-shared object of its render', () => {
    const names = revisionOwned(canary, 'default').map((p) => p.object.metadata.name);
    expect(names).not.toContain('virtualservices.networking.istio.io');
    expect(names).not.toContain('istio-reader-service-account');
    expect(names).not.toContain('istio-system');
    expect(names).toContain('istiod-canary');
  });
});
