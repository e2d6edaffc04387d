import { describe, expect, it } from 'vitest';
import { labelPatch, targetLabels } from './mesh-change.js';

describe('the label change for a mesh target', () => {
  it('sets the target\'s labels and removes every other mesh label (they conflict)', () => {
    expect(targetLabels({ mode: 'sidecar', revision: '' })).toEqual({ 'istio-injection': 'enabled' });
    expect(targetLabels({ mode: 'sidecar', revision: 'canary' })).toEqual({ 'istio.io/rev': 'canary' });
    expect(targetLabels({ mode: 'ambient' })).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(targetLabels({ mode: 'none' })).toEqual({});
  });

  it('patches only mesh labels: new values set, old ones removed, equal ones left out', () => {
    expect(labelPatch({ 'istio-injection': 'enabled', team: 'a' }, { 'istio.io/rev': 'canary' })).toEqual({ 'istio-injection': null, 'istio.io/rev': 'canary' });
    expect(labelPatch({ 'istio.io/rev': 'canary' }, { 'istio.io/rev': 'canary' })).toEqual({});
    expect(labelPatch({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/rev': 'x' }, {})).toEqual({ 'istio.io/rev': null, 'istio.io/dataplane-mode': null });
    expect(labelPatch({}, { 'istio-injection': 'enabled' })).toEqual({ 'istio-injection': 'enabled' });
  });
});
