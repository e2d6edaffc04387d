import { describe, expect, it } from 'vitest';
import { problemWords } from './ProblemsBanner.js';

describe('problemWords', () => {
  it('says which part cannot be read and why', () => {
    const w = problemWords({
      resource: 'injectors',
      error: { code: 'FORBIDDEN', message: 'forbidden', forbidden: { verb: 'list', resource: 'mutatingwebhookconfigurations', group: 'admissionregistration.k8s.io' } },
    });
    expect(w.title).toBe('Revision tags cannot be read: your account may not list mutatingwebhookconfigurations');
    expect(w.hint).toMatch(/tag/);
    expect(problemWords({ resource: 'pods', error: { code: 'TIMEOUT', message: 't' } }).title).toBe("Pods cannot be read: the cluster's API server took too long to answer");
  });
});
