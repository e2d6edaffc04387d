import { useEffect, useRef, useState, type RefObject } from 'react';
import type { CanarySpec, CanaryView } from '../../../main/contract/canary.js';
import { useCall } from '../../api/hooks.js';
import { LiveStatus } from '../../components/LiveStatus.js';
import { PageHead } from '../../components/PageHead.js';
import { Spinner, formatTime } from '../../components/ui.js';
import { LiveAlerts } from '../errors/LiveAlerts.js';
import { PlanForm } from './PlanForm.js';
import { draftOfSpec, initialDraft } from './plan-form.js';
import { RolloutList } from './RolloutList.js';
import { RolloutView } from './RolloutView.js';
import { sampleTarget, type CanaryTarget } from './target.js';
import { TrySample } from './TrySample.js';
import { useRollout } from './useRollout.js';
import '../metrics/metrics.css';
import './canary.css';

interface Props {
  context: string;
  target: CanaryTarget | undefined;
  onTarget(target: CanaryTarget | undefined): void;
  onOpenService(namespace: string, service: string): void;
  onBack(): void;
}

/**
 * Canary rollouts: the list and a new plan, or one service's rollout as it goes (watched, hence driven by this
 * Meshdeck when nobody else drives it), with its plan form when there is none.
 */
export function CanaryPage({ context, target, onTarget, onOpenService, onBack }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, [context, target?.namespace, target?.service]);

  if (!target) {
    return (
      <div className="page canary-page" data-testid="canary-page" data-target="">
        <PageHead title="Canary rollouts" headingRef={headingRef} subtitle={context} back={{ label: 'Overview', onClick: onBack }} />
        <RolloutsAndPlan context={context} onTarget={onTarget} />
      </div>
    );
  }
  return <TargetPage key={`${target.namespace}/${target.service}`} context={context} target={target} headingRef={headingRef} onTarget={onTarget} onOpenService={onOpenService} />;
}

function RolloutsAndPlan({ context, onTarget }: { context: string; onTarget(target: CanaryTarget): void }) {
  const list = useCall('canary.list', { context });
  return (
    <>
      <section className="section" aria-labelledby="canary-list-title">
        <div className="section-head">
          <h2 id="canary-list-title">Rollouts</h2>
          <TrySample context={context} quiet onDeployed={(s) => onTarget(sampleTarget(s))} />
        </div>
        <RolloutList context={context} list={list} onOpen={(namespace, service) => onTarget({ namespace, service })} />
      </section>
      <section className="section panel" aria-labelledby="canary-new-title">
        <h2 id="canary-new-title">New rollout</h2>
        <PlanForm context={context} initial={initialDraft()} versions={[]} onStarted={(view) => onTarget({ namespace: view.spec.namespace, service: view.spec.service })} />
      </section>
    </>
  );
}

interface TargetProps {
  context: string;
  target: CanaryTarget;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onTarget(target: CanaryTarget | undefined): void;
  onOpenService(namespace: string, service: string): void;
}

function TargetPage({ context, target, headingRef, onTarget, onOpenService }: TargetProps) {
  // The finished rollout the next one is planned from (undefined: not planning another).
  const [replan, setReplan] = useState<CanarySpec | undefined>();
  const planning = replan !== undefined;
  // While the next rollout is planned, the finished one is not watched: this page's watch holds its lock.
  const rollout = useRollout(context, target.namespace, target.service, !planning);
  const view = rollout.view;
  const showPlan = rollout.gone || planning;
  const started = (next: CanaryView) => {
    rollout.adopt(next);
    setReplan(undefined);
    // The watch ended when it found no rollout: follow (and drive) the new one.
    rollout.restart();
  };

  return (
    <div className="page canary-page" data-testid="canary-page" data-target={`${target.namespace}/${target.service}`} data-state={showPlan ? 'planning' : view ? 'rollout' : 'loading'}>
      <PageHead
        title={`Canary rollout of ${target.service}`}
        headingRef={headingRef}
        subtitle={
          <>
            <span className="mono">{target.namespace}</span> · {context}
          </>
        }
        back={{ label: 'All rollouts', onClick: () => onTarget(undefined), testId: 'canary-all' }}
      >
        {showPlan ? null : <LiveStatus status={rollout.status} updatedAt={rollout.receivedAt} hasData={rollout.watched} testId="canary-live" />}
      </PageHead>

      <LiveAlerts
        status={rollout.status === 'ended' && rollout.gone ? 'live' : rollout.status}
        error={rollout.error}
        context={context}
        errorTestId="canary-watch-error"
        staleNote={view ? <>Below is the rollout as it was at {formatTime(view.state.updatedAt)}; it is no longer followed.</> : null}
        endedText="This page stopped following the rollout (and driving it)."
        onRetry={rollout.restart}
      />

      {showPlan ? (
        <section className="panel" aria-labelledby="canary-plan-title">
          <div className="section-head">
            <h2 id="canary-plan-title">{planning ? 'Plan another rollout' : `Plan a rollout of ${target.service}`}</h2>
            {planning ? (
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setReplan(undefined)}>
                Back to the last rollout
              </button>
            ) : null}
          </div>
          <PlanForm
            context={context}
            initial={replan ? draftOfSpec(replan) : initialDraft({ namespace: target.namespace, service: target.service, stableVersion: target.stable, canaryVersion: target.canary })}
            versions={target.versions ?? []}
            onStarted={started}
          />
        </section>
      ) : view ? (
        <>
          <RolloutView
            context={context}
            view={view}
            sample={!!target.sandboxSample}
            onView={rollout.adopt}
            onOpenService={() => onOpenService(target.namespace, target.service)}
            onPlanAgain={() => setReplan(view.spec)}
          />
        </>
      ) : rollout.status === 'connecting' || rollout.status === 'live' ? (
        <Spinner label="Reading the rollout…" />
      ) : null}
    </div>
  );
}
