import { useId, useMemo, useState } from 'react';
import type { CanaryPlan, CanaryView } from '../../../main/contract/canary.js';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import { useCall } from '../../api/hooks.js';
import { useStream } from '../../api/streams.js';
import { useClient } from '../../api/transport.js';
import { TextField } from '../../components/TextField.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { askPermissionOnce } from './notifications.js';
import { STANDARD_STEPS, specOf, stepsOf, type PlanDraft, type PlanField } from './plan-form.js';
import { PlanPreview } from './PlanPreview.js';
import { canaryErrorWords } from './words.js';

interface Props {
  context: string;
  initial: PlanDraft;
  /** Versions known already (from the inventory or the service page). */
  versions: readonly string[];
  onStarted(view: CanaryView): void;
}

type Preview = { key: string; plan: CanaryPlan } | { key: string; error: RpcErrorShape };

const ROUTE_APIS: readonly { id: PlanDraft['routeApi']; label: string; description: string }[] = [
  { id: 'auto', label: 'Let the plan choose', description: 'Gateway API where the namespace routes with HTTPRoutes, Istio otherwise.' },
  { id: 'istio', label: 'Istio', description: 'A VirtualService over DestinationRule subsets.' },
  { id: 'gateway-api', label: 'Gateway API', description: 'An HTTPRoute over a Service per version.' },
];

/** An hour of figures is enough to know which services and versions have traffic. */
const SUGGESTION_RANGE = 3600;

/**
 * The plan of a rollout: which service and versions, the steps and their hold, the gates, approvals, header routing
 * and mirroring. "Preview" asks the core what starting would do (the route as YAML, what stands in the way) and
 * changes nothing; "Start" is offered once the preview of this very plan found nothing in the way.
 */
export function PlanForm({ context, initial, versions, onStarted }: Props) {
  const client = useClient();
  const ids = useId();
  const id = (f: string) => `${ids}-${f}`;
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const [preview, setPreview] = useState<Preview | undefined>();
  const [busy, setBusy] = useState<'preview' | 'start' | undefined>();
  const [startError, setStartError] = useState<RpcErrorShape | undefined>();
  // The service whose versions are suggested: read when a field is left, not on every keystroke.
  const [looked, setLooked] = useState({ namespace: initial.namespace, service: initial.service });

  const { spec, errors } = specOf(draft);
  const key = spec ? JSON.stringify(spec) : undefined;
  const shown = (f: PlanField) => (tried ? errors[f] : undefined);
  const set = <K extends keyof PlanDraft>(k: K, v: PlanDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const summary = useCall('metrics.summary', { context, rangeSeconds: SUGGESTION_RANGE, count4xx: false });
  const seen = useStream(
    'metrics.service',
    looked.namespace && looked.service ? { context, namespace: looked.namespace, service: looked.service, rangeSeconds: SUGGESTION_RANGE, count4xx: false, live: false } : null,
  );
  const namespaces = useMemo(() => [...new Set((summary.data?.services ?? []).map((s) => s.namespace))].sort(), [summary.data]);
  const services = useMemo(
    () => [...new Set((summary.data?.services ?? []).filter((s) => !draft.namespace || s.namespace === draft.namespace).map((s) => s.service))].sort(),
    [summary.data, draft.namespace],
  );
  const metricVersions = seen.data?.type === 'metrics' ? seen.data.metrics.versions.map((v) => v.version) : [];
  const knownVersions = [...new Set([...versions, ...metricVersions])].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const steps = stepsOf(draft) ?? [];

  function look() {
    setLooked({ namespace: draft.namespace.trim(), service: draft.service.trim() });
  }

  function runPreview() {
    setTried(true);
    if (!spec || !key || busy) return;
    setBusy('preview');
    setStartError(undefined);
    client.call('canary.plan', { context, spec }).then(
      (plan) => {
        setBusy(undefined);
        setPreview({ key, plan });
      },
      (err: unknown) => {
        setBusy(undefined);
        setPreview({ key, error: toErrorShape(err) });
      },
    );
  }

  const current = preview && preview.key === key ? preview : undefined;
  const startable = !!current && 'plan' in current && current.plan.problems.length === 0;
  const startNote = !spec
    ? tried
      ? 'Fix the fields marked above first.'
      : 'Fill in what to roll out, then preview the plan.'
    : !current
      ? 'Preview this plan first: Start is offered once nothing stands in the way.'
      : 'error' in current || current.plan.problems.length > 0
        ? 'The preview found problems: fix them and preview again.'
        : undefined;

  function start() {
    if (!spec || !startable || busy) return;
    // The click that starts a rollout is the gesture the browser wants before asking for notifications (asked once ever).
    void askPermissionOnce();
    setBusy('start');
    setStartError(undefined);
    client.call('canary.start', { context, spec }).then(
      (view) => {
        setBusy(undefined);
        onStarted(view);
      },
      (err: unknown) => {
        setBusy(undefined);
        setStartError(toErrorShape(err));
      },
    );
  }

  const toggleApproval = (step: number) =>
    setDraft((d) => ({ ...d, approvals: d.approvals.includes(step) ? d.approvals.filter((s) => s !== step) : [...d.approvals, step] }));

  return (
    <form
      className="plan-form"
      data-testid="plan-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        runPreview();
      }}
    >
      <fieldset className="plan-group">
        <legend>What to roll out</legend>
        <div className="form-grid">
          <TextField id={id('namespace')} label="Namespace" hint="Where the service runs." value={draft.namespace} error={shown('namespace')} list={id('namespaces')} onChange={(v) => set('namespace', v)} onBlur={look} testId="plan-namespace" />
          <TextField id={id('service')} label="Service" hint="Its traffic shifts between the versions." value={draft.service} error={shown('service')} list={id('services')} onChange={(v) => set('service', v)} onBlur={look} testId="plan-service" />
          <TextField id={id('stable')} label="Stable version" hint="Gets the traffic now." value={draft.stableVersion} error={shown('stableVersion')} list={id('versions')} onChange={(v) => set('stableVersion', v)} testId="plan-stable" />
          <TextField id={id('canary')} label="Canary version" hint="Gets more traffic step by step." value={draft.canaryVersion} error={shown('canaryVersion')} list={id('versions')} onChange={(v) => set('canaryVersion', v)} testId="plan-canary" />
          <TextField id={id('label')} label="Version label" hint="The pod label that carries the version." value={draft.versionLabel} error={shown('versionLabel')} onChange={(v) => set('versionLabel', v)} />
        </div>
        <datalist id={id('namespaces')}>
          {namespaces.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <datalist id={id('services')}>
          {services.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <datalist id={id('versions')}>
          {knownVersions.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
        {knownVersions.length > 0 ? (
          <p className="muted" data-testid="plan-versions">
            Versions seen: {knownVersions.join(', ')}
          </p>
        ) : null}
        <label className="check-inline">
          <input type="checkbox" checked={draft.createCanary} onChange={(e) => set('createCanary', e.target.checked)} data-testid="plan-create-canary" />
          No canary Deployment yet: create it from the stable one, with another image
        </label>
        {draft.createCanary ? (
          <div className="form-grid">
            <TextField id={id('image')} label="Canary image" hint="registry/repository:tag (or @sha256:…)." value={draft.canaryImage} error={shown('canaryImage')} onChange={(v) => set('canaryImage', v)} testId="plan-canary-image" />
            <TextField id={id('container')} label="Container (optional)" hint="Blank: the first container." value={draft.canaryContainer} error={shown('canaryContainer')} onChange={(v) => set('canaryContainer', v)} />
          </div>
        ) : null}
        <fieldset className="field-group">
          <legend>Routing API</legend>
          <div className="choice-row">
            {ROUTE_APIS.map((r) => (
              <label key={r.id} className="choice choice-inline" title={r.description}>
                <input type="radio" name={id('routeApi')} checked={draft.routeApi === r.id} onChange={() => set('routeApi', r.id)} data-testid={`plan-route-${r.id}`} />
                <span className="choice-text">
                  <span className="choice-label">{r.label}</span>
                  <span className="choice-description">{r.description}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      </fieldset>

      <fieldset className="plan-group">
        <legend>Steps</legend>
        <div className="choice-row">
          <label className="choice choice-inline">
            <input type="radio" name={id('steps')} checked={draft.steps === 'standard'} onChange={() => set('steps', 'standard')} data-testid="plan-steps-standard" />
            <span className="choice-label">{STANDARD_STEPS.join(', ')} %</span>
          </label>
          <label className="choice choice-inline">
            <input type="radio" name={id('steps')} checked={draft.steps === 'custom'} onChange={() => set('steps', 'custom')} data-testid="plan-steps-custom" />
            <span className="choice-label">Custom</span>
          </label>
        </div>
        <div className="form-grid">
          {draft.steps === 'custom' ? (
            <TextField id={id('customSteps')} label="Canary weights (%)" hint="Rising, for example 25, 50, 100." value={draft.customSteps} error={shown('customSteps')} onChange={(v) => set('customSteps', v)} testId="plan-custom-steps" />
          ) : null}
          <TextField id={id('hold')} label="Hold each step (seconds)" hint="Judged on live metrics before the next." value={draft.holdSeconds} error={shown('holdSeconds')} onChange={(v) => set('holdSeconds', v)} testId="plan-hold" />
        </div>
        {steps.length > 0 ? (
          <fieldset className="field-group plan-approvals">
            <legend>Wait for my approval before</legend>
            <div className="choice-row">
              {steps.map((w, i) => (
                <label key={`${i}-${w}`} className="choice choice-inline">
                  <input type="checkbox" checked={draft.approvals.includes(i + 1)} onChange={() => toggleApproval(i + 1)} />
                  <span className="choice-label">
                    step {i + 1} ({w}%)
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
      </fieldset>

      <fieldset className="plan-group">
        <legend>Gates</legend>
        <p className="muted">Blank means no such gate. A step passes only when every gate holds on enough requests.</p>
        <div className="form-grid">
          <TextField id={id('minSuccess')} label="Min success rate (%)" hint="Of the canary’s requests." value={draft.minSuccessRate} error={shown('minSuccessRate')} onChange={(v) => set('minSuccessRate', v)} testId="plan-min-success" />
          <TextField id={id('maxDrop')} label="Max drop vs stable (points)" hint="2 = two points below stable." value={draft.maxSuccessDrop} error={shown('maxSuccessDrop')} onChange={(v) => set('maxSuccessDrop', v)} />
          <TextField id={id('maxP99')} label="Max p99 (ms)" hint="The canary’s p99 latency." value={draft.maxP99Ms} error={shown('maxP99Ms')} onChange={(v) => set('maxP99Ms', v)} testId="plan-max-p99" />
          <TextField id={id('maxRatio')} label="Max p99 ratio" hint="× stable’s p99 (1.5 = 50% slower)." value={draft.maxP99Ratio} error={shown('maxP99Ratio')} onChange={(v) => set('maxP99Ratio', v)} />
          <TextField id={id('minRequests')} label="Min requests" hint="Fewer in a step: wait, never judge." value={draft.minRequests} error={shown('minRequests')} onChange={(v) => set('minRequests', v)} testId="plan-min-requests" />
          <TextField id={id('failureLimit')} label="Failure limit" hint="Failed checks in a row that roll back." value={draft.failureLimit} error={shown('failureLimit')} onChange={(v) => set('failureLimit', v)} testId="plan-failure-limit" />
        </div>
      </fieldset>

      <fieldset className="plan-group">
        <legend>Testers, mirroring and the end</legend>
        <label className="check-inline">
          <input type="checkbox" checked={draft.headerRoute} onChange={(e) => set('headerRoute', e.target.checked)} />
          Send requests with a header to the canary, whatever the weights
        </label>
        {draft.headerRoute ? (
          <div className="form-grid">
            <TextField id={id('headerName')} label="Header" hint="For example x-canary." value={draft.headerName} error={shown('headerName')} onChange={(v) => set('headerName', v)} />
            <TextField id={id('headerValue')} label="Value" hint="Exact match." value={draft.headerValue} error={shown('headerValue')} onChange={(v) => set('headerValue', v)} />
          </div>
        ) : null}
        <label className="check-inline">
          <input type="checkbox" checked={draft.mirror} onChange={(e) => set('mirror', e.target.checked)} />
          Mirror a share of stable’s traffic to the canary (its answers are discarded)
        </label>
        {draft.mirror ? (
          <div className="form-grid">
            <TextField id={id('mirror')} label="Mirror (%)" hint="Of stable’s requests." value={draft.mirrorPercent} error={shown('mirrorPercent')} onChange={(v) => set('mirrorPercent', v)} />
          </div>
        ) : null}
        <label className="check-inline">
          <input type="checkbox" checked={draft.scaleDownStable} onChange={(e) => set('scaleDownStable', e.target.checked)} />
          When finalized, scale the stable version down to zero
        </label>
      </fieldset>

      {preview && 'plan' in preview ? <PlanPreview plan={preview.plan} outdated={preview.key !== key} /> : null}
      {preview && 'error' in preview ? <ErrorExplanation error={preview.error} context={context} testId="plan-error" words={canaryErrorWords(preview.error)} /> : null}
      {startError ? (
        <div role="alert">
          <ErrorExplanation error={startError} context={context} testId="plan-start-error" words={canaryErrorWords(startError)} />
        </div>
      ) : null}
      <div className="button-row plan-actions">
        <button type="submit" className="btn" aria-disabled={busy === 'preview'} data-testid="plan-preview-button">
          {busy === 'preview' ? 'Previewing…' : 'Preview'}
        </button>
        <button type="button" className="btn btn-primary" aria-disabled={!startable || !!busy} aria-describedby={startNote ? id('start-note') : undefined} onClick={start} data-testid="plan-start">
          {busy === 'start' ? 'Starting…' : 'Start the rollout'}
        </button>
        {startNote ? (
          <span id={id('start-note')} className="muted">
            {startNote}
          </span>
        ) : null}
      </div>
    </form>
  );
}
