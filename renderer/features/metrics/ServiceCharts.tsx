import { useId, useMemo, useState } from 'react';
import type { ServiceMetrics } from '../../../main/contract/metrics.js';
import { chartData, pickSeries, timeDomain } from './chart-data.js';
import { MetricChart, type ChartReference } from './MetricChart.js';

type Quantile = 'p50' | 'p90' | 'p99';
const QUANTILES: readonly Quantile[] = ['p50', 'p90', 'p99'];

interface Props {
  metrics: ServiceMetrics;
  /** 4xx count as failures in the success rate (the title says so). */
  count4xx: boolean;
  /** A version's name on its line ("v2 (canary)"). */
  labelOf?: (version: string) => string;
  /** Thresholds to draw: on the success-rate chart, and on the p99 latency chart. */
  references?: { successRate?: readonly ChartReference[]; p99?: readonly ChartReference[] };
  /** Prefix of the charts' test ids. */
  testId?: string;
}

/**
 * The charts of a service, one line per version: request rate, success rate and latency (a quantile at a time) for
 * HTTP; bytes each way for TCP. Shared by the service page and the canary page.
 */
export function ServiceCharts({ metrics, count4xx, labelOf, references = {}, testId = 'chart' }: Props) {
  const [quantile, setQuantile] = useState<Quantile>('p99');
  const quantileName = useId();
  const { series, rangeSeconds, at } = metrics;
  const charts = useMemo(() => {
    const data = {
      rps: chartData(series, pickSeries.rps, labelOf),
      successRate: chartData(series, pickSeries.successRate, labelOf),
      latency: chartData(series, pickSeries[quantile], labelOf),
      tcpSent: chartData(series, pickSeries.tcpSent, labelOf),
      tcpReceived: chartData(series, pickSeries.tcpReceived, labelOf),
    };
    return { data, domain: timeDomain(at, rangeSeconds, data.rps.rows.length > 0 ? data.rps : data.tcpSent) };
  }, [series, rangeSeconds, at, labelOf, quantile]);
  const { data, domain } = charts;

  if (metrics.protocol === 'tcp') {
    return (
      <div className="charts" data-testid={`${testId}s`}>
        <MetricChart title="Bytes sent" unit="bytes" data={data.tcpSent} domain={domain} testId={`${testId}-tcp-sent`} />
        <MetricChart title="Bytes received" unit="bytes" data={data.tcpReceived} domain={domain} testId={`${testId}-tcp-received`} />
      </div>
    );
  }
  return (
    <div className="charts" data-testid={`${testId}s`}>
      <MetricChart title="Request rate" unit="rps" data={data.rps} domain={domain} testId={`${testId}-rps`} />
      <MetricChart
        title={count4xx ? 'Success rate (4xx and 5xx count as failures)' : 'Success rate (5xx count as failures)'}
        unit="ratio"
        data={data.successRate}
        domain={domain}
        references={references.successRate ?? []}
        testId={`${testId}-success`}
      />
      <div className="chart-with-choice">
        <fieldset className="segmented chart-choice">
          <legend className="sr-only">Latency quantile</legend>
          {QUANTILES.map((q) => (
            <label key={q} className="segment">
              <input type="radio" name={quantileName} value={q} checked={quantile === q} onChange={() => setQuantile(q)} />
              <span>{q}</span>
            </label>
          ))}
        </fieldset>
        <MetricChart
          title={`Latency, ${quantile}`}
          unit="ms"
          data={data.latency}
          domain={domain}
          references={quantile === 'p99' ? (references.p99 ?? []) : []}
          testId={`${testId}-latency`}
        />
      </div>
    </div>
  );
}
