import { useEffect, useId, useRef, useState } from 'react';
import { useCall } from '../../api/hooks.js';
import { LiveStatus } from '../../components/LiveStatus.js';
import { PageHead } from '../../components/PageHead.js';
import { Skeleton, formatElapsed, formatTime } from '../../components/ui.js';
import { LiveAlerts } from '../errors/LiveAlerts.js';
import { DiagnosisView } from './DiagnosisView.js';
import { RangePicker } from './RangePicker.js';
import { DEFAULT_RANGE, rangeWords, type RangeSeconds } from './ranges.js';
import { ServiceCharts } from './ServiceCharts.js';
import { SourceDialog } from './SourceDialog.js';
import { SourceLine } from './SourceLine.js';
import { useServiceMetrics } from './useServiceMetrics.js';
import { VersionTable } from './VersionTable.js';
import './metrics.css';

interface Props {
  context: string;
  namespace: string;
  service: string;
  /** The way back ("Mesh inventory", "Service graph"). */
  back: { label: string; onClick(): void };
  onOpenGraph(namespace: string): void;
  /** Opens the canary page for this service, with the versions seen. */
  onOpenCanary(target: { namespace: string; service: string; versions: string[] }): void;
  /** The control-plane wizard (its Options step has the Prometheus add-on). */
  onOpenInstall(): void;
}

/**
 * A service's live golden signals per version: rate, success rate with the requests behind it, latency quantiles
 * (TCP bytes and connections for a TCP service), over a chosen range, refreshed while the page is open; or why there
 * are no numbers.
 */
export function ServicePage({ context, namespace, service, back, onOpenGraph, onOpenCanary, onOpenInstall }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const count4xxId = useId();
  const [rangeSeconds, setRange] = useState<RangeSeconds>(DEFAULT_RANGE);
  const [count4xx, setCount4xx] = useState(false);
  const [choosingSource, setChoosingSource] = useState(false);
  const stream = useServiceMetrics({ context, namespace, service, rangeSeconds, count4xx });
  const source = useCall('metrics.source', { context });
  const metrics = stream.data?.metrics;
  const diagnosis = metrics?.diagnosis ?? stream.data?.source?.diagnosis;
  // Without a Prometheus the stream ends after saying so: that is the diagnosis, not a broken stream.
  const endedForLackOfSource = stream.status === 'ended' && !!stream.data?.source?.diagnosis && !metrics;

  useEffect(() => {
    headingRef.current?.focus();
  }, [context, namespace, service]);

  const restart = stream.restart;
  const reloadSource = source.reload;
  const sourceSaved = () => {
    reloadSource();
    restart();
  };

  return (
    <div className="page metrics-page" data-testid="service-page" data-service={`${namespace}/${service}`} data-status={stream.status}>
      <PageHead
        title={service}
        headingRef={headingRef}
        subtitle={
          <>
            Service in <span className="mono">{namespace}</span> · {context}
          </>
        }
        back={back}
      >
        <LiveStatus status={endedForLackOfSource ? 'ended' : stream.status} updatedAt={stream.receivedAt} hasData={!!metrics} testId="service-live" />
      </PageHead>

      <div className="metrics-toolbar">
        <RangePicker value={rangeSeconds} onChange={setRange} />
        <label className="check-inline" htmlFor={count4xxId}>
          <input id={count4xxId} type="checkbox" checked={count4xx} onChange={(e) => setCount4xx(e.target.checked)} data-testid="count-4xx" />
          Count 4xx as failures
        </label>
        <span className="toolbar-spacer" />
        <button type="button" className="btn" onClick={() => onOpenGraph(namespace)} data-testid="open-graph">
          Service graph of {namespace}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => onOpenCanary({ namespace, service, versions: metrics?.versions.map((v) => v.version) ?? [] })}
          data-testid="open-canary"
        >
          Canary rollout…
        </button>
      </div>
      <SourceLine source={source} onChange={() => setChoosingSource(true)} />

      <LiveAlerts
        status={endedForLackOfSource ? 'live' : stream.status}
        error={stream.error}
        context={context}
        errorTestId="service-error"
        staleNote={metrics ? <>Below are the figures as they were at {formatTime(metrics.at)}; they are no longer updated.</> : null}
        endedText="Live updates of these metrics stopped."
        onRetry={restart}
      />

      {diagnosis ? (
        <DiagnosisView diagnosis={diagnosis} onOpenInstall={onOpenInstall} onChooseSource={() => setChoosingSource(true)} testId="service-diagnosis" />
      ) : null}
      {endedForLackOfSource ? (
        <p className="button-row">
          <button type="button" className="btn" onClick={sourceSaved}>
            Check again
          </button>
        </p>
      ) : null}

      {metrics && metrics.versions.length > 0 ? (
        <section className="section" aria-labelledby={`${count4xxId}-versions`}>
          <h2 id={`${count4xxId}-versions`}>By version, {rangeWords(metrics.rangeSeconds)}</h2>
          <VersionTable metrics={metrics} caption={`${service}: figures per version over the ${rangeWords(metrics.rangeSeconds)}`} />
          {metrics.reporter === 'source' ? (
            <p className="muted table-foot">
              These figures come from the callers’ sidecars: the service’s own pods report nothing (they may have no sidecar).
            </p>
          ) : null}
        </section>
      ) : null}

      {metrics ? (
        <section className="section" aria-labelledby={`${count4xxId}-charts`}>
          <h2 id={`${count4xxId}-charts`}>Over the {rangeWords(metrics.rangeSeconds)}</h2>
          <ServiceCharts metrics={metrics} count4xx={count4xx} />
          <p className="muted table-foot" data-testid="metrics-cost">
            One point every {metrics.stepSeconds} s · {metrics.queries} queries in {formatElapsed(metrics.elapsedMs)} · read at {formatTime(metrics.at)}
          </p>
        </section>
      ) : stream.status === 'connecting' || (stream.status === 'live' && !endedForLackOfSource && !diagnosis) ? (
        <div className="charts charts-loading" aria-hidden="true">
          <Skeleton lines={3} />
        </div>
      ) : null}

      {choosingSource ? <SourceDialog context={context} current={source.data?.source} onSaved={sourceSaved} onClose={() => setChoosingSource(false)} /> : null}
    </div>
  );
}
