import type { SimResult } from '../../../../main/contract/config.js';
import { Badge } from '../../../components/ui.js';

/** Where a rule sits in its object, in the object's own terms (spec.http[0] of a VirtualService, spec.rules[0] of a route). */
const ruleWords = (kind: string | undefined, rule: number) => `Rule ${rule} (spec.${kind === 'VirtualService' ? 'http' : 'rules'}[${rule}])`;

/** The simulator's answer: the summary, the object and rule that decide, each rule tried, where requests go, what happens on the way. */
export function SimResultView({ result }: { result: SimResult }) {
  const via = result.via;
  return (
    <div className="sim-result" data-testid="sim-result">
      <p className="sim-summary" data-testid="sim-summary">
        {result.summary}
      </p>
      <dl className="facts sim-facts">
        <dt>Host</dt>
        <dd className="mono">{result.host}</dd>
        <dt>Decided by</dt>
        <dd data-testid="sim-via">
          {via ? (
            <>
              {via.kind} <span className="mono">{via.namespace}/{via.name}</span>
              {via.rule !== undefined ? `, ${ruleWords(via.kind, via.rule).toLowerCase()}` : ''}
              {via.match !== undefined ? `, match ${via.match}` : ''}
            </>
          ) : (
            'No routing object: Kubernetes balances the requests'
          )}
        </dd>
      </dl>

      {result.steps.length > 0 ? (
        <section className="sim-section" aria-label="Rules tried, in order">
          <h3>Rules tried, in order</h3>
          <ol className="sim-steps" data-testid="sim-steps">
            {result.steps.map((step, i) => (
              <li key={i} className={step.matched ? 'sim-step sim-step-matched' : 'sim-step'} data-testid="sim-step" data-rule={step.rule} data-matched={step.matched}>
                <span className="sim-step-mark" aria-hidden="true">
                  {step.matched ? '✓' : '✕'}
                </span>
                <span>
                  <strong>{ruleWords(via?.kind, step.rule)}</strong>
                  <span className="sr-only">{step.matched ? ': takes the request' : ': does not match'}</span>
                  {step.matched ? ' takes the request: ' : ' does not match: '}
                  {step.reason}
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {result.destinations.length > 0 ? (
        <section className="sim-section" aria-label="Destinations">
          <h3>Destinations</h3>
          <ul className="sim-destinations" data-testid="sim-destinations">
            {result.destinations.map((d, i) => (
              <li key={i} className="sim-destination" data-testid="sim-destination" data-subset={d.subset ?? ''} data-percent={d.percent}>
                <span className="sim-destination-head">
                  <span className="mono truncate" title={d.host}>
                    {d.host}
                    {d.port ? `:${d.port}` : ''}
                  </span>
                  <strong className="sim-percent">{d.percent}%</strong>
                </span>
                <span className="sim-bar" aria-hidden="true">
                  <span className="sim-bar-fill" style={{ width: `${Math.min(100, Math.max(0, d.percent))}%` }} />
                </span>
                <span className="sim-destination-facts">
                  {d.subset ? (
                    <span>
                      subset <span className="mono">{d.subset}</span>
                      {d.subsetLabels ? (
                        <>
                          {' '}
                          → pods with{' '}
                          <span className="mono">
                            {Object.entries(d.subsetLabels)
                              .map(([k, v]) => `${k}=${v}`)
                              .join(', ') || 'any labels'}
                          </span>
                        </>
                      ) : (
                        <> (defined in no DestinationRule)</>
                      )}
                    </span>
                  ) : null}
                  {d.unknown ? <Badge tone="error">No such Service or ServiceEntry</Badge> : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {result.effects.length > 0 ? (
        <section className="sim-section" aria-label="On the way">
          <h3>On the way</h3>
          <ul className="sim-effects" data-testid="sim-effects">
            {result.effects.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {result.ignored.length > 0 ? (
        <section className="sim-section" aria-label="Ignored for this request">
          <h3>Ignored for this request</h3>
          <p className="muted">These also claim the host, but Istio uses the one above for this caller:</p>
          <ul className="sim-ignored" data-testid="sim-ignored">
            {result.ignored.map((o) => (
              <li key={`${o.kind}/${o.namespace}/${o.name}`}>
                {o.kind} <span className="mono">{o.namespace}/{o.name}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
