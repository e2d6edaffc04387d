import { describe, expect, it } from 'vitest';
import type { ControlPlane } from '../contract/models.js';
import { meshStatus } from './overview.js';

const cp = (revision: string): ControlPlane => ({ namespace: 'istio-system', name: revision === 'default' ? 'istiod' : `istiod-${revision}`, revision, readyReplicas: 1, replicas: 1 });
const istioCrds = ['networking.istio.io', 'security.istio.io', 'gateway.networking.k8s.io'];

describe('the mesh state the overview shows', () => {
  it('cannot be told while istiod or the CRDs are unreadable', () => {
    expect(meshStatus({ istioCrdGroups: undefined, controlPlanes: [cp('default')], injectors: [], records: [] }).state).toBe('unknown');
    expect(meshStatus({ istioCrdGroups: istioCrds, controlPlanes: undefined, injectors: [], records: [] })).toMatchObject({ state: 'unknown', istioCrds: 2 });
  });

  it('is not installed, CRDs only, or installed when istiod runs with its injector', () => {
    expect(meshStatus({ istioCrdGroups: ['apps.example.com'], controlPlanes: [], injectors: [], records: [] }).state).toBe('not-installed');
    expect(meshStatus({ istioCrdGroups: istioCrds, controlPlanes: [], injectors: [], records: [] }).state).toBe('crds-only');
    expect(meshStatus({ istioCrdGroups: istioCrds, controlPlanes: [cp('default')], injectors: [{ revision: 'default' }], records: [{ revision: 'default', state: 'complete', phase: 'webhooks' }] }))
      .toMatchObject({ state: 'installed', incomplete: [] });
  });

  it('is incomplete when an install stopped part-way: its record unfinished, or its webhooks missing', () => {
    expect(meshStatus({ istioCrdGroups: istioCrds, controlPlanes: [cp('default')], injectors: [], records: [{ revision: 'default', state: 'in-progress', phase: 'control-plane' }] }))
      .toMatchObject({ state: 'incomplete', incomplete: [{ revision: 'default', reason: 'apply-unfinished', phase: 'control-plane' }] });
    // Another tool's install (no record) without its injector, and a tag's webhook that does not count as the revision's own.
    expect(meshStatus({ istioCrdGroups: istioCrds, controlPlanes: [cp('canary')], injectors: [{ revision: 'canary', tag: 'default' }], records: [] }))
      .toMatchObject({ state: 'incomplete', incomplete: [{ revision: 'canary', reason: 'webhooks-missing' }] });
  });

  it('rests on istiod and the CRDs alone when the injectors cannot be read', () => {
    expect(meshStatus({ istioCrdGroups: istioCrds, controlPlanes: [cp('default')], injectors: undefined, records: undefined }).state).toBe('installed');
  });
});
