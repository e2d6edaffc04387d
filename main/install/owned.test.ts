import { describe, expect, it } from 'vitest';
import { ownedByMesh } from './owned.js';

const cluster = (kind: string) => ({ kind, namespaced: false });
const namespaced = (kind: string) => ({ kind, namespaced: true });
const item = (name: string, labels: Record<string, string> = {}, namespace?: string) => ({ metadata: { name, namespace, labels } });

describe('what an uninstall removes, judged by the live object', () => {
  it('takes anything Meshdeck labelled, and everything in the control plane\'s namespace', () => {
    expect(ownedByMesh(cluster('ClusterRole'), item('prometheus', { 'meshdeck.io/managed-by': 'meshdeck' }))).toBe(true);
    expect(ownedByMesh(namespaced('Secret'), item('istio-ca-secret', {}, 'istio-system'))).toBe(true);
    expect(ownedByMesh(namespaced('ConfigMap'), item('istio-ca-root-cert', {}, 'shop'))).toBe(true);
    expect(ownedByMesh(cluster('Namespace'), item('istio-system'))).toBe(true);
  });

  it('takes Istio\'s CRDs and its cluster-scoped webhooks and roles, by group or label', () => {
    expect(ownedByMesh(cluster('CustomResourceDefinition'), item('virtualservices.networking.istio.io'))).toBe(true);
    expect(ownedByMesh(cluster('CustomResourceDefinition'), item('httproutes.gateway.networking.k8s.io'))).toBe(false);
    expect(ownedByMesh(cluster('CustomResourceDefinition'), item('things.notistio.io'))).toBe(false);
    expect(ownedByMesh(cluster('ValidatingWebhookConfiguration'), item('istiod-default-validator', { 'istio.io/tag': 'default' }))).toBe(true);
    expect(ownedByMesh(cluster('ClusterRole'), item('istiod-clusterrole-istio-system', { app: 'istiod', release: 'istio' }))).toBe(true);
  });

  it('leaves the user\'s objects alone, even those that point at the mesh', () => {
    expect(ownedByMesh(cluster('Namespace'), item('shop', { 'istio.io/rev': 'canary' }))).toBe(false);
    expect(ownedByMesh(namespaced('Secret'), item('db', {}, 'shop'))).toBe(false);
    expect(ownedByMesh(namespaced('Deployment'), item('gateway', { 'istio.io/rev': 'canary' }, 'shop'))).toBe(false);
    expect(ownedByMesh(cluster('ClusterRole'), item('admin'))).toBe(false);
  });
});
