import type { CanarySpec, CanaryView } from '../../../main/contract/canary.js';


/** A rollout of the sample app, as the core sends it, for the renderer's tests. */
export const spec: CanarySpec = {
  namespace: 'meshdeck-sample',
  service: 'helloworld',
  stableVersion: 'v1',
  canaryVersion: 'v2',
  versionLabel: 'version',
  steps: [25, 50, 100],
  holdSeconds: 15,
  gates: { minSuccessRate: 0.95, maxP99Ms: 300, minRequests: 30 },
  failureLimit: 2,
  noDataTimeoutSeconds: 600,
  approvals: [],
  scaleDownStable: false,
};

export function view(over: Partial<CanaryView> = {}, state: Partial<CanaryView['state']> = {}): CanaryView {
  const v: Omit<CanaryView, 'steps' | 'gateLines'> = {
    spec,
    state: {
      phase: 'progressing',
      step: 0,
      weight: 25,
      stepStartedAt: '2026-01-01T00:00:00Z',
      failures: 0,
      routing: { route: '1', subsets: '1', fingerprint: 'f' },
      decisions: [{ at: '2026-01-01T00:00:00Z', step: 0, weight: 25, verdict: 'manual', action: 'start', reason: 'Started: 25% to v2.', by: 'meshdeck@host' }],
      generation: 1,
      startedAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      ...state,
    },
    driver: 'meshdeck@host (pid 1)',
    drivingHere: true,
    actions: { pause: true, resume: false, promote: true, promoteFull: true, abort: true, finalize: false, approve: false },
    summary: 'Step 1 of 3: 25% to v2, 75% to v1. Judging the step.',
    holdRemaining: 12,
    ...over,
  };
  // As the core places them for the default state (step 1 of 3 under way); a test of another state gives its own.
  return {
    steps: [{ weight: 25, state: 'current', approval: false }, { weight: 50, state: 'ahead', approval: false }, { weight: 100, state: 'ahead', approval: false }],
    gateLines: { successRate: [{ value: 0.95, relative: false }], p99: [{ value: 300, relative: false }] },
    ...v,
  };
}
