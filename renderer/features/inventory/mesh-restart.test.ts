import { describe, expect, it } from 'vitest';
import { restartRefs } from './mesh-restart.js';

describe('restartRefs', () => {
  it('names the workloads shown, or leaves the choice to the core', () => {
    expect(restartRefs([{ kind: 'Deployment', name: 'web', pods: 3 } as { kind: 'Deployment'; name: string }])).toEqual([{ kind: 'Deployment', name: 'web' }]);
    expect(restartRefs([])).toBeUndefined();
    expect(restartRefs(Array.from({ length: 5001 }, (_, i) => ({ kind: 'Deployment' as const, name: `w${i}` })))).toBeUndefined();
  });
});
