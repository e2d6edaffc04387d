import type { CanaryPlan } from '../../../main/contract/canary.js';
import { Badge } from '../../components/ui.js';

/** The routing API in words (the plan says why it was chosen). */
export const ROUTE_WORDS: Record<CanaryPlan['routeApi'], string> = {
  istio: 'Istio: a VirtualService over DestinationRule subsets',
  'gateway-api': 'Gateway API: an HTTPRoute over a Service per version',
};

/** What starting would do, before anything changes: the workloads found, what stands in the way, the route as YAML. */
export function PlanPreview({ plan, outdated }: { plan: CanaryPlan; outdated: boolean }) {
  const ok = plan.problems.length === 0;
  return (
    <section className="plan-preview" aria-label="Preview of the rollout" data-testid="plan-preview" data-problems={plan.problems.length} data-outdated={outdated}>
      {outdated ? <p className="notice notice-warn">The form changed since this preview: preview again before starting.</p> : null}
      <dl className="facts">
        <dt>Stable</dt>
        <dd>
          <span className="mono">{plan.spec.stableVersion}</span>{' '}
          {plan.stableWorkload ? <span className="muted">served by Deployment {plan.stableWorkload}</span> : <Badge tone="error">no workload found</Badge>}
        </dd>
        <dt>Canary</dt>
        <dd>
          <span className="mono">{plan.spec.canaryVersion}</span>{' '}
          {plan.canaryWorkload ? (
            <span className="muted">served by Deployment {plan.canaryWorkload}</span>
          ) : plan.createsWorkload ? (
            <span data-testid="plan-creates">
              Start creates Deployment <span className="mono">{plan.createsWorkload}</span>
              {plan.spec.createCanary ? (
                <>
                  {' '}
                  with <span className="mono">{plan.spec.createCanary.image}</span>, and waits until it is ready
                </>
              ) : null}
            </span>
          ) : (
            <Badge tone="error">no workload found</Badge>
          )}
        </dd>
        <dt>Routing</dt>
        <dd data-testid="plan-route-api" data-api={plan.routeApi}>
          {ROUTE_WORDS[plan.routeApi]} <span className="muted">({plan.routeApiWhy})</span>
        </dd>
        <dt>Steps</dt>
        <dd>
          {plan.spec.steps.map((w) => `${w}%`).join(' → ')}, each held {plan.spec.holdSeconds} s
        </dd>
      </dl>
      {ok ? (
        <p className="plan-ok">
          <Badge tone="ok">Ready</Badge> Nothing stands in the way. Starting writes the route below and sends {plan.spec.steps[0]}% of the requests to{' '}
          {plan.spec.canaryVersion}
          {plan.spec.approvals.includes(0) ? ' once you approve the first step' : ''}.
        </p>
      ) : (
        <div className="plan-problems" role="alert" data-testid="plan-problems">
          <p className="plan-problems-title">
            <Badge tone="error">Would be refused</Badge> Fix {plan.problems.length === 1 ? 'this' : `these ${plan.problems.length} problems`} first:
          </p>
          <ul>
            {plan.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <details className="plan-yaml" open={ok}>
        <summary>The routing objects the first step writes</summary>
        <pre className="detail-box mono" tabIndex={0} data-testid="plan-yaml">
          {plan.yaml}
        </pre>
      </details>
    </section>
  );
}
