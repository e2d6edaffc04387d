import { describe, expect, it } from 'vitest';
import { currentChoice, initialRevision, labelChanges, revisionOptions, targetOf } from './mesh-target.js';
import { ns } from './test-fixtures.js';

describe('mesh targets', () => {
  const plane = {
    revisions: [
      { revision: 'default', ready: true, version: '1.24.2' },
      { revision: 'canary', ready: false },
    ],
    tags: [{ tag: 'prod', revision: 'canary' }],
    ambient: false,
  };

  it('turns a choice into the target the core expects', () => {
    expect(targetOf('sidecar-default', 'x')).toEqual({ mode: 'sidecar', revision: '' });
    expect(targetOf('sidecar-revision', 'prod')).toEqual({ mode: 'sidecar', revision: 'prod' });
    expect(targetOf('sidecar-revision', '')).toBeUndefined();
    expect(targetOf('ambient', '')).toEqual({ mode: 'ambient' });
    expect(targetOf('none', '')).toEqual({ mode: 'none' });
  });

  it('lists revisions then tags, and starts on the one the namespace names', () => {
    const options = revisionOptions(plane);
    expect(options.map((o) => o.value)).toEqual(['default', 'canary', 'prod']);
    expect(options[0]?.label).toBe('Revision default (Istio 1.24.2)');
    expect(options[1]?.label).toMatch(/not ready/);
    expect(options[2]?.label).toBe('Tag prod → revision canary');
    expect(initialRevision(ns('a', { labels: { 'istio.io/rev': 'prod' } }), options)).toBe('prod');
    expect(initialRevision(ns('a'), options)).toBe('default');
  });

  it('knows the current choice of a namespace', () => {
    expect(currentChoice(ns('a', { mode: 'sidecar', source: 'istio-injection' }))).toBe('sidecar-default');
    expect(currentChoice(ns('a', { mode: 'sidecar', source: 'istio.io/rev' }))).toBe('sidecar-revision');
    expect(currentChoice(ns('a', { mode: 'disabled' }))).toBe('none');
    expect(currentChoice(ns('a', { mode: 'conflict' }))).toBeUndefined();
  });

  it('shows the label change as added, removed, changed and kept', () => {
    const changes = labelChanges({
      before: { 'istio-injection': 'enabled', 'istio.io/dataplane-mode': 'ambient', 'istio.io/rev': 'old' },
      after: { 'istio.io/rev': 'canary', 'istio.io/dataplane-mode': 'ambient' },
      patch: { 'istio-injection': null, 'istio.io/rev': 'canary' },
    });
    expect(changes).toEqual([
      { key: 'istio-injection', before: 'enabled', change: 'removed' },
      { key: 'istio.io/dataplane-mode', before: 'ambient', after: 'ambient', change: 'kept' },
      { key: 'istio.io/rev', before: 'old', after: 'canary', change: 'changed' },
    ]);
    expect(labelChanges({ before: {}, after: { 'istio-injection': 'enabled' }, patch: { 'istio-injection': 'enabled' } })).toEqual([
      { key: 'istio-injection', after: 'enabled', change: 'added' },
    ]);
  });
});
