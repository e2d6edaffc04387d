import { useCallback, useId, useMemo, useState } from 'react';
import type { CanaryView } from '../../../main/contract/canary.js';
import { Badge, Skeleton } from '../../components/ui.js';
import { DiagnosisView } from '../metrics/DiagnosisView.js';
import { RangePicker } from '../metrics/RangePicker.js';
import { rangeWords, type RangeSeconds } from '../metrics/ranges.js';
import { ServiceCharts } from '../metrics/ServiceCharts.js';
import { useServiceMetrics } from '../metrics/useServiceMetrics.js';
import { VersionTable } from '../metrics/VersionTable.js';
import { DecisionLog } from './DecisionLog.js';
import { NotifySetting } from './NotifySetting.js';
import { RolloutControls } from './RolloutControls.js';
import { SampleSwitch } from './SampleSwitch.js';
import { StepTimeline } from './StepTimeline.js';
import { gateReferences, gateWords } from './timeline.js';
import { Weights } from './Weights.js';
import { PHASE_WORDS, versionLabel } from './words.js';

interface Props {
  context: string;
  view: CanaryView;
  /** Show the sandbox's "make the canary bad" switch (the sample app in the sandbox). */
  sample: boolean;
  onView(view: CanaryView): void;
  onOpenService(): void;
  /** Plans the next rollout from this one. */
  onPlanAgain(): void;
}

/** Who moves the rollout, in words: this window (while it is open), another Meshdeck, or nobody yet. */
function driverWords(view: CanaryView): string {
  if (Object.values(view.actions).every((a) => !a)) return 'Nothing is left to drive: the route stays as it is now.';
  if (view.drivingHere) return 'This Meshdeck drives it while this page is open: it judges each step and moves the route.';
  if (view.driver) return `Driven by ${view.driver}; this page follows it.`;
  return 'Nobody drives it at the moment; this page takes it over as soon as it can.';
}

/**
 * A rollout as it goes: where it stands (the core's summary), who drives it, the controls, the steps with the current
 * one, the split and the hold left, live charts per version with the gates, and every decision with its figures.
 */
export function RolloutView({ context, view, sample, onView, onOpenService, onPlanAgain }: Props) {
  const ids = useId();
  const [rangeSeconds, setRange] = useState<RangeSeconds>(300);
  const { spec, state } = view;
  const phase = PHASE_WORDS[state.phase];
  const metrics = useServiceMetrics({ context, namespace: spec.namespace, service: spec.service, rangeSeconds, count4xx: false });
  const data = metrics.data?.metrics;
  const diagnosis = data?.diagnosis ?? metrics.data?.source?.diagnosis;
  const labelOf = useCallback((v: string) => versionLabel(spec, v), [spec]);
  const references = useMemo(() => gateReferences(view.gateLines), [view.gateLines]);

  return (
    <div className="rollout" data-testid="rollout-view" data-phase={state.phase} data-step={state.step} data-weight={state.weight} data-generation={state.generation}>
      <div className={`rollout-summary rollout-${phase.tone}`}>
        <p className="rollout-phase">
          <Badge tone={phase.tone} testId="canary-phase">
            {phase.label}
          </Badge>
          <span role="status" data-testid="canary-summary">
            {view.summary}
          </span>
        </p>
        <p className="muted" data-testid="canary-driver" data-here={view.drivingHere}>
          {driverWords(view)}
        </p>
        {state.pausedReason && state.phase === 'paused' ? <p>Paused because: {state.pausedReason}</p> : null}
      </div>

      <RolloutControls context={context} view={view} onView={onView} onPlanAgain={onPlanAgain} />
      <NotifySetting />

      <div className="rollout-grid">
        <section className="panel" aria-labelledby={`${ids}-steps`}>
          <h2 id={`${ids}-steps`}>Steps</h2>
          <StepTimeline view={view} />
        </section>
        <section className="panel" aria-labelledby={`${ids}-split`}>
          <h2 id={`${ids}-split`}>Traffic now</h2>
          <Weights view={view} />
          {sample ? <SampleSwitch context={context} /> : null}
        </section>
      </div>

      <section className="section" aria-labelledby={`${ids}-live`}>
        <div className="section-head">
          <h2 id={`${ids}-live`}>Live, per version ({rangeWords(rangeSeconds)})</h2>
          <span className="metrics-toolbar rollout-chart-tools">
            <RangePicker value={rangeSeconds} onChange={setRange} testId="canary-range" />
            <button type="button" className="btn btn-small" onClick={onOpenService}>
              Service page
            </button>
          </span>
        </div>
        <ul className="gate-list" aria-label="Gates of this rollout">
          {gateWords(spec.gates).map((g) => (
            <li key={g}>{g}</li>
          ))}
          <li>
            {spec.failureLimit} failed check{spec.failureLimit === 1 ? '' : 's'} in a row roll back · each step held {spec.holdSeconds} s
          </li>
          {spec.routeApi ? <li>Routed with {spec.routeApi === 'istio' ? 'Istio (VirtualService)' : 'Gateway API (HTTPRoute)'}</li> : null}
        </ul>
        {diagnosis ? <DiagnosisView diagnosis={diagnosis} testId="canary-metrics-diagnosis" /> : null}
        {data && data.versions.length > 0 ? <VersionTable metrics={data} labelOf={labelOf} caption={`${spec.service} per version over the ${rangeWords(rangeSeconds)}`} /> : null}
        {data ? (
          <div className="rollout-charts">
            <ServiceCharts metrics={data} count4xx={false} labelOf={labelOf} references={references} testId="canary-chart" />
          </div>
        ) : metrics.status === 'connecting' ? (
          <Skeleton lines={3} />
        ) : null}
      </section>

      <section className="section" aria-labelledby={`${ids}-log`}>
        <h2 id={`${ids}-log`}>Decisions</h2>
        <DecisionLog view={view} />
      </section>
    </div>
  );
}
