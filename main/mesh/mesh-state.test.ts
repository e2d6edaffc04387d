import { describe, expect, it } from 'vitest';
import { imageVersion, istiodVersion, namespaceMesh, namespaceRevision, needsRestart, podProxy, portProtocol } from './mesh-state.js';

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

describe('which revision serves a namespace (one rule for the inventory, the installer and the upgrade)', () => {
  const tags = new Map([['default', 'canary'], ['prod', 'stable']]);
  const cases: [Record<string, string>, ReadonlyMap<string, string>, string | undefined][] = [
    [{}, noTags, undefined],
    [{ 'istio-injection': 'enabled' }, noTags, 'default'],
    [{ 'istio-injection': 'enabled' }, tags, 'canary'],
    [{ 'istio-injection': 'disabled' }, noTags, undefined],
    [{ 'istio.io/rev': 'canary' }, noTags, 'canary'],
    [{ 'istio.io/rev': 'prod' }, tags, 'stable'],
    [{ 'istio.io/rev': 'default' }, tags, 'canary'],
    // istio-injection wins over istio.io/rev, as in Istio's injector selectors.
    [{ 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }, noTags, 'default'],
    [{ 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }, noTags, undefined],
    [{ 'istio-injection': 'yes', 'istio.io/rev': 'canary' }, noTags, undefined],
    [{ 'istio.io/dataplane-mode': 'ambient' }, noTags, undefined],
  ];
  it.each(cases)('%j with tags %j → %s', (labels, t, revision) => {
    expect(namespaceRevision(labels, t)).toBe(revision);
    // The inventory's mode agrees: a revision exactly where a sidecar injector selects the namespace.
    const mesh = namespaceMesh(labels, t, new Set(['default', 'canary', 'stable']));
    expect(mesh.revision).toBe(revision);
    expect(['sidecar', 'conflict'].includes(mesh.mode)).toBe(revision !== undefined);
  });
});

describe('control-plane version from its image', () => {
  it.each([
    ['docker.io/istio/pilot:1.31.0', '1.31.0'],
    ['istio/pilot:1.31-alpha.eed52ebb66ad', '1.31-alpha.eed52ebb66ad'],
    ['127.0.0.1:5000/istio/pilot:1.31.0', '1.31.0'],
    ['registry.example.com:5000/istio/pilot:1.31.0@sha256:' + 'a'.repeat(64), '1.31.0'],
    ['registry.example.com:5000/istio/pilot@sha256:' + 'a'.repeat(64), undefined],
    ['istio/pilot@sha256:' + 'b'.repeat(64), undefined],
    ['registry.example.com:5000/istio/pilot', undefined],
    ['pilot', undefined],
    [undefined, undefined],
  ])('%s → %s', (image, version) => {
    expect(imageVersion(image)).toBe(version);
  });
});

it('reads istiod\'s version from its discovery container', () => {
  expect(istiodVersion([{ name: 'sidecar', image: 'x:1' }, { name: 'discovery', image: 'istio/pilot:1.31.0' }])).toBe('1.31.0');
  expect(istiodVersion([{ name: 'other', image: 'istio/pilot:1.30.1@sha256:' + 'c'.repeat(64) }])).toBe('1.30.1');
  expect(istiodVersion(undefined)).toBeUndefined();
});
