import { describe, expect, it } from 'vitest';
import { namespaceMesh, needsRestart, podProxy, portProtocol } from './mesh-state.js';

const running = new Set(['default', 'canary']);
const noTags = new Map<string, string>();

describe('namespace mesh mode', () => {
  it('reads istio-injection, revision labels, tags and ambient', () => {
    expect(namespaceMesh({ 'istio-injection': 'enabled' }, noTags, running)).toMatchObject({ mode: 'sidecar', source: 'istio-injection', revision: 'default', problems: [] });
    expect(namespaceMesh({ 'istio.io/rev': 'canary' }, noTags, running)).toMatchObject({ mode: 'sidecar', source: 'istio.io/rev', revision: 'canary' });
    expect(namespaceMesh({ 'istio.io/rev': 'prod-stable' }, new Map([['prod-stable', 'canary']]), running)).toMatchObject({ mode: 'sidecar', revision: 'canary', tag: 'prod-stable' });
    expect(namespaceMesh({ 'istio.io/dataplane-mode': 'ambient' }, noTags, running)).toMatchObject({ mode: 'ambient' });
    expect(namespaceMesh({ 'istio-injection': 'disabled' }, noTags, running)).toMatchObject({ mode: 'disabled' });
    expect(namespaceMesh({}, noTags, running)).toMatchObject({ mode: 'none', problems: [] });
  });

  it('the default tag moves istio-injection=enabled namespaces to its revision', () => {
    expect(namespaceMesh({ 'istio-injection': 'enabled' }, new Map([['default', 'canary']]), running).revision).toBe('canary');
  });

  it('explains conflicting labels and revisions nobody serves', () => {
    const both = namespaceMesh({ 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }, noTags, running);
    expect(both.problems[0]).toContain('istio-injection wins');
    const orphan = namespaceMesh({ 'istio.io/rev': 'gone' }, noTags, running);
    expect(orphan).toMatchObject({ mode: 'sidecar', revision: 'gone' });
    expect(orphan.problems[0]).toBe('No running control plane serves revision gone: new pods get no sidecar.');
  });
});

describe('pods and restarts', () => {
  const injected = (revision: string) => ({ containerNames: ['app', 'istio-proxy'], annotations: { 'sidecar.istio.io/status': JSON.stringify({ revision }) } });
  it('tells present (with revision), absent and opted-out proxies apart', () => {
    expect(podProxy(injected('canary'))).toEqual({ state: 'present', revision: 'canary' });
    expect(podProxy({ containerNames: ['app'] })).toEqual({ state: 'absent' });
    expect(podProxy({ containerNames: ['app'], labels: { 'sidecar.istio.io/inject': 'false' } })).toEqual({ state: 'opted-out' });
  });

  it('flags pods that predate the label or run another revision\'s proxy', () => {
    const ns = namespaceMesh({ 'istio.io/rev': 'canary' }, noTags, running);
    expect(needsRestart(ns, { containerNames: ['app'] })).toBe(true);
    expect(needsRestart(ns, injected('default'))).toBe(true);
    expect(needsRestart(ns, injected('canary'))).toBe(false);
    expect(needsRestart(ns, { containerNames: ['app'], annotations: { 'sidecar.istio.io/inject': 'false' } })).toBe(false);
    expect(needsRestart(namespaceMesh({}, noTags, running), { containerNames: ['app'] })).toBe(false);
  });

  it('flags pods that keep a proxy their namespace no longer asks for, unless the pod asked itself', () => {
    const off = namespaceMesh({}, noTags, running);
    expect(needsRestart(off, injected('default'))).toBe(true);
    expect(needsRestart(namespaceMesh({ 'istio-injection': 'disabled' }, noTags, running), injected('default'))).toBe(true);
    expect(needsRestart(off, { ...injected('default'), labels: { 'sidecar.istio.io/inject': 'true' } })).toBe(false);
    expect(needsRestart(off, { ...injected('canary'), labels: { 'istio.io/rev': 'canary' } })).toBe(false);
  });
});

describe('service ports', () => {
  it('classifies by appProtocol or name prefix, and flags the rest', () => {
    expect(portProtocol({ name: 'http-web' })).toEqual({ protocol: 'http', classified: true });
    expect(portProtocol({ name: 'grpc' })).toEqual({ protocol: 'grpc', classified: true });
    expect(portProtocol({ name: 'web', appProtocol: 'kubernetes.io/h2c' })).toEqual({ protocol: 'h2c', classified: true });
    expect(portProtocol({ name: 'web' })).toEqual({ classified: false });
    expect(portProtocol({})).toEqual({ classified: false });
    expect(portProtocol({ name: 'dns', protocol: 'UDP' })).toEqual({ protocol: 'udp', classified: true });
  });
});
