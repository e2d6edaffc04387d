import type { CircuitBreakerForm as CbForm, FaultForm as FForm, MirrorForm as MForm, TimeoutsForm as TForm } from './wizard-forms.js';
import { CB_FIELDS } from './wizard-forms.js';
import { Field, RuleField, Switch } from './FormParts.js';

interface Props<F> {
  id: string;
  form: F;
  onChange(form: F): void;
  errors: Record<string, string>;
  /** Reads the wizard again for another rule. */
  onRule(rule: number): void;
}

/** Delay and abort for a share of one rule's requests. */
export function FaultForm({ id, form, onChange, errors, onRule }: Props<FForm>) {
  const set = (change: Partial<FForm>) => onChange({ ...form, ...change });
  return (
    <div className="wz-form" data-testid="wizard-form-fault">
      <RuleField id={id} rule={form.rule} onRule={onRule} />
      <Switch id={`${id}-delay`} label="Delay requests" checked={form.delay} onChange={(delay) => set({ delay })} testId="wizard-fault-delay">
        <Field id={id} path="delay.fixedDelay" label="Delay" hint="For example 2s or 500ms." value={form.fixedDelay} onChange={(fixedDelay) => set({ fixedDelay })} errors={errors} />
        <Field id={id} path="delay.percent" label="Share of requests (%)" hint="0 to 100." value={form.delayPercent} onChange={(delayPercent) => set({ delayPercent })} errors={errors} />
      </Switch>
      <Switch id={`${id}-abort`} label="Abort requests" checked={form.abort} onChange={(abort) => set({ abort })} testId="wizard-fault-abort">
        <Field id={id} path="abort.httpStatus" label="HTTP status" hint="200 to 599, for example 503." value={form.httpStatus} onChange={(httpStatus) => set({ httpStatus })} errors={errors} />
        <Field id={id} path="abort.percent" label="Share of requests (%)" hint="0 to 100." value={form.abortPercent} onChange={(abortPercent) => set({ abortPercent })} errors={errors} />
      </Switch>
    </div>
  );
}

/** How long one rule waits, and its retries. */
export function TimeoutsForm({ id, form, onChange, errors, onRule }: Props<TForm>) {
  const set = (change: Partial<TForm>) => onChange({ ...form, ...change });
  return (
    <div className="wz-form" data-testid="wizard-form-timeouts">
      <RuleField id={id} rule={form.rule} onRule={onRule} />
      <Field id={id} path="timeout" label="Timeout" hint="Empty: Istio’s default (none). For example 3s." value={form.timeout} onChange={(timeout) => set({ timeout })} errors={errors} testId="wizard-timeout" />
      <Switch id={`${id}-retries`} label="Retry failed requests" checked={form.retries} onChange={(retries) => set({ retries })}>
        <Field id={id} path="retries.attempts" label="Attempts" hint="0 to 20." value={form.attempts} onChange={(attempts) => set({ attempts })} errors={errors} />
        <Field id={id} path="retries.perTryTimeout" label="Per try" hint="Optional, for example 1s." value={form.perTryTimeout} onChange={(perTryTimeout) => set({ perTryTimeout })} errors={errors} />
        <Field id={id} path="retries.retryOn" label="Retry on" hint="Optional, for example 5xx,connect-failure." value={form.retryOn} onChange={(retryOn) => set({ retryOn })} errors={errors} />
      </Switch>
    </div>
  );
}

/** A copy of a share of one rule's requests to another host. */
export function MirrorForm({ id, form, onChange, errors, onRule }: Props<MForm>) {
  const set = (change: Partial<MForm>) => onChange({ ...form, ...change });
  return (
    <div className="wz-form" data-testid="wizard-form-mirror">
      <RuleField id={id} rule={form.rule} onRule={onRule} />
      <Switch id={`${id}-mirror`} label="Mirror requests" checked={form.mirror} onChange={(mirror) => set({ mirror })}>
        <Field id={id} path="mirror.host" label="Host" hint="Where the copies go; their answers are dropped." value={form.host} onChange={(host) => set({ host })} errors={errors} />
        <Field id={id} path="mirror.subset" label="Subset" hint="Optional." value={form.subset} onChange={(subset) => set({ subset })} errors={errors} />
        <Field id={id} path="mirror.percent" label="Share of requests (%)" hint="0 to 100." value={form.percent} onChange={(percent) => set({ percent })} errors={errors} />
      </Switch>
    </div>
  );
}

const CB_WORDS: Record<keyof CbForm, { label: string; hint: string }> = {
  maxConnections: { label: 'Max connections', hint: 'TCP connections to each endpoint.' },
  http1MaxPendingRequests: { label: 'Max pending requests', hint: 'Requests waiting for a connection.' },
  maxRequestsPerConnection: { label: 'Max requests per connection', hint: '1 turns keep-alive off.' },
  consecutive5xxErrors: { label: 'Eject after 5xx errors', hint: 'In a row, before an endpoint is ejected.' },
  interval: { label: 'Check interval', hint: 'For example 10s.' },
  baseEjectionTime: { label: 'Ejection time', hint: 'For example 30s (longer each time).' },
  maxEjectionPercent: { label: 'Max ejected (%)', hint: '0 to 100.' },
};

/** Connection limits and outlier detection of a DestinationRule's traffic policy (empty: not set). */
export function CircuitBreakerForm({ id, form, onChange, errors }: Omit<Props<CbForm>, 'onRule'>) {
  return (
    <div className="wz-form wz-grid" data-testid="wizard-form-circuit-breaker">
      {CB_FIELDS.map((k) => (
        <Field key={k} id={id} path={k} label={CB_WORDS[k].label} hint={CB_WORDS[k].hint} value={form[k]} onChange={(v) => onChange({ ...form, [k]: v })} errors={errors} testId={`wizard-cb-${k}`} />
      ))}
    </div>
  );
}
