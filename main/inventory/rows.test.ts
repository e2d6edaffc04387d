import { describe, expect, it } from 'vitest';
import type { RawObject } from '../kube/reflector.js';
import { projectInjector, projectPod, projectService, projectWorkload } from './project.js';
import { emptyContents, namespaceRows, planeFacts } from './rows.js';

/** Rows from plain object shapes, as the API server sends them. */
const istiod = projectWorkload('Deployment')({ metadata: { name: 'istiod-canary', namespace: 'istio-system', labels: { app: 'istiod', 'istio.io/rev': 'canary' } },
  spec: { replicas: 1, template: { spec: { containers: [{ image: 'hub/pilot:1.31' }] } } }, status: { readyReplicas: 1 } });
const tag = projectInjector({ metadata: { name: 'istio-revision-tag-prod', labels: { 'istio.io/rev': 'canary', 'istio.io/tag': 'prod' } } });

function pod(name: string, o: { proxy?: string; optOut?: boolean; version?: string; ready?: boolean } = {}): RawObject {
  return {
    metadata: { name, namespace: 'shop', labels: { app: 'cart', version: o.version ?? 'v1', 'pod-template-hash': 'abc12', ...(o.optOut ? { 'sidecar.istio.io/inject': 'false' } : {}) },
      annotations: o.proxy ? { 'sidecar.istio.io/status': JSON.stringify({ revision: o.proxy }) } : {},
      ownerReferences: [{ kind: 'ReplicaSet', name: 'cart-abc12', controller: true }] },
    spec: { containers: [{ name: 'cart' }, ...(o.proxy ? [{ name: 'istio-proxy' }] : [])] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
      containerStatuses: [{ ready: o.ready !== false }, ...(o.proxy ? [{ ready: o.ready !== false }] : [])] },
  };
}

describe('inventory rows', () => {
  const facts = planeFacts([istiod], [tag]);

  it('reads the control plane: revisions, tags and the namespaces that run it', () => {
    expect(facts.plane).toEqual({ revisions: [{ revision: 'canary', ready: true, version: '1.31' }], tags: [{ tag: 'prod', revision: 'canary' }], ambient: false, ambientRefusal: expect.objectContaining({ reason: 'ambient-unavailable' }) });
    expect(facts.controlNamespaces).toEqual(new Set(['istio-system']));
  });

  it('sums a namespace, its workloads and services, resolving a tag and flagging pods to restart', () => {
    const c = emptyContents();
    for (const p of [pod('cart-abc12-1', { proxy: 'canary' }), pod('cart-abc12-2', { version: 'v2', ready: false }), pod('cart-abc12-3', { optOut: true })].map(projectPod)) c.pods.set(p.name, p);
    const cart = projectWorkload('Deployment')({ metadata: { name: 'cart', namespace: 'shop' }, spec: { replicas: 3, selector: { matchLabels: { app: 'cart' } }, template: { metadata: { labels: { app: 'cart', version: 'v1' } } } }, status: { readyReplicas: 2 } });
    c.workloads.set('Deployment/cart', cart);
    c.services.set('cart', projectService({ metadata: { name: 'cart', namespace: 'shop' }, spec: { selector: { app: 'cart' }, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] } }));
    const rows = namespaceRows({ name: 'shop', phase: 'Active', labels: { 'istio.io/rev': 'prod' } }, c, facts);
    expect(rows.namespace).toMatchObject({ mode: 'sidecar', revision: 'canary', tag: 'prod', pods: 3, withProxy: 1, withoutProxy: 1, optedOut: 1, needsRestart: 1, system: false, problems: [] });
    expect(rows.workloads).toEqual([expect.objectContaining({ id: 'shop/Deployment/cart', versions: ['v1', 'v2'], pods: 3, withProxy: 1, proxy: 'mixed', proxyRevisions: ['canary'], needsRestart: 1, containers: { ready: 0, total: 1 } })]);
    expect(rows.services).toEqual([expect.objectContaining({ pods: 3, podsWithoutProxy: 2, unclassifiedPorts: 1, versions: ['v1', 'v2'] })]);
    expect(rows.pods.find((p) => p.name === 'cart-abc12-2')).toMatchObject({ workload: 'Deployment/cart', needsRestart: true, readyContainers: 0, containers: 1 });
  });

  it('marks system namespaces and those running the control plane', () => {
    expect(namespaceRows({ name: 'istio-system', phase: 'Active', labels: {} }, emptyContents(), facts).namespace.system).toBe(true);
    expect(namespaceRows({ name: 'kube-flannel', phase: 'Active', labels: {} }, emptyContents(), facts).namespace.system).toBe(true);
    expect(namespaceRows({ name: 'shop', phase: 'Active', labels: {} }, emptyContents(), facts).namespace.system).toBe(false);
  });

  it('treats istiod and gateways as the mesh itself: no proxy missing, nothing to restart, no mesh action', () => {
    const c = emptyContents();
    const raw = (name: string, labels: Record<string, string>, proxy: boolean): RawObject => ({
      metadata: { name, namespace: 'istio-system', labels, ownerReferences: [{ kind: 'ReplicaSet', name: `${labels.app}-x1`, controller: true }] },
      spec: { containers: [{ name: proxy ? 'istio-proxy' : 'discovery' }] }, status: { phase: 'Running' },
    });
    for (const p of [raw('istiod-x1-a', { app: 'istiod', 'pod-template-hash': 'x1' }, false), raw('istio-ingressgateway-x1-a', { app: 'istio-ingressgateway', istio: 'ingressgateway', 'pod-template-hash': 'x1' }, true)].map(projectPod)) c.pods.set(p.name, p);
    c.workloads.set('Deployment/istiod-canary', istiod);
    c.services.set('istiod', projectService({ metadata: { name: 'istiod', namespace: 'istio-system' }, spec: { selector: { app: 'istiod' }, ports: [{ name: 'grpc-xds', port: 15010 }] } }));
    const rows = namespaceRows({ name: 'istio-system', phase: 'Active', labels: { 'istio-injection': 'enabled' } }, c, facts);
    expect(rows.namespace).toMatchObject({ pods: 2, meshSystem: 2, withoutProxy: 0, withProxy: 0, needsRestart: 0 });
    expect(rows.workloads[0]).toMatchObject({ name: 'istiod-canary', proxy: 'mesh-system', meshSystem: true, meshAction: 'none' });
    expect(rows.services[0]).toMatchObject({ podsWithoutProxy: 0 });
    expect(rows.pods.every((p) => p.meshSystem && !p.needsRestart)).toBe(true);
  });

  it('gives every row the Istio version the filter finds: a proxy by its image, a namespace by the revision that serves it', () => {
    const c = emptyContents();
    const meshed = pod('cart-abc12-1', { proxy: 'canary' });
    (meshed.spec as { containers: { name: string; image?: string }[] }).containers[1]!.image = 'hub/proxyv2:1.31';
    for (const p of [meshed, pod('cart-abc12-2')].map(projectPod)) c.pods.set(p.name, p);
    c.workloads.set('Deployment/cart', projectWorkload('Deployment')({ metadata: { name: 'cart', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'cart' } }, template: { metadata: { labels: { app: 'cart' } } } } }));
    c.services.set('cart', projectService({ metadata: { name: 'cart', namespace: 'shop' }, spec: { selector: { app: 'cart' }, ports: [{ name: 'http', port: 80 }] } }));
    const rows = namespaceRows({ name: 'shop', phase: 'Active', labels: { 'istio.io/rev': 'prod' } }, c, facts);
    expect(rows.namespace.istioVersion).toBe('1.31');
    expect(rows.pods.map((p) => [p.name, p.istioVersion])).toEqual([['cart-abc12-1', '1.31'], ['cart-abc12-2', undefined]]);
    expect(rows.workloads[0]!.istioVersions).toEqual(['1.31']);
    expect(rows.services[0]!.istioVersions).toEqual(['1.31']);
    expect(namespaceRows({ name: 'plain', phase: 'Active', labels: {} }, emptyContents(), facts).namespace.istioVersion).toBeUndefined();
  });

  it('gives istiod the Istio version of its image, not the chart version its labels carry', () => {
    const c = emptyContents();
    const chart = { app: 'istiod', 'app.kubernetes.io/version': '1.0.0', 'pod-template-hash': 'x1' };
    const deployment = projectWorkload('Deployment')({ metadata: { name: 'istiod', namespace: 'istio-system', labels: chart },
      spec: { replicas: 1, template: { metadata: { labels: chart }, spec: { containers: [{ name: 'discovery', image: 'docker.io/istio/pilot:1.31-alpha.eed52eb' }] } } }, status: { readyReplicas: 1 } });
    const istiodPod = projectPod({ metadata: { name: 'istiod-x1-a', namespace: 'istio-system', labels: chart, ownerReferences: [{ kind: 'ReplicaSet', name: 'istiod-x1', controller: true }] },
      spec: { containers: [{ name: 'discovery', image: 'docker.io/istio/pilot:1.31-alpha.eed52eb' }] }, status: { phase: 'Running' } });
    c.pods.set(istiodPod.name, istiodPod);
    c.workloads.set('Deployment/istiod', deployment);
    const rows = namespaceRows({ name: 'istio-system', phase: 'Active', labels: {} }, c, facts);
    expect(rows.workloads[0]?.versions).toEqual(['1.31-alpha.eed52eb']);
    expect(rows.pods[0]?.version).toBe('1.31-alpha.eed52eb');
  });

  it('flags proxies of a revision no control plane serves any more (left by a removed mesh)', () => {
    const c = emptyContents();
    for (const p of [pod('cart-abc12-1', { proxy: 'gone' }), pod('cart-abc12-2', { proxy: 'canary' })].map(projectPod)) c.pods.set(p.name, p);
    const rows = namespaceRows({ name: 'shop', phase: 'Active', labels: {} }, c, facts);
    expect(rows.namespace.orphaned).toBe(1);
    expect(rows.pods.find((p) => p.name === 'cart-abc12-1')?.orphaned).toBe(true);
    expect(rows.pods.find((p) => p.name === 'cart-abc12-2')?.orphaned).toBe(false);
  });
});
