import type { ServiceMetrics, VersionFigures } from '../../../main/contract/metrics.js';
import { None } from '../../components/ui.js';
import { formatBytesRate, formatCount, formatMs, formatPercent, formatPerSecond, formatRps } from './format.js';
import { LegendSwatch } from './MetricChart.js';

interface Props {
  metrics: ServiceMetrics;
  /** A version's name ("v2 (canary)"). */
  labelOf?: (version: string) => string;
  caption: string;
}

const cell = (text: string | undefined) => text ?? <None />;

/** "99.8% of 1,234 requests": a ratio never stands without the count it rests on. */
function SuccessCell({ v }: { v: VersionFigures }) {
  const rate = formatPercent(v.successRate);
  if (!rate) return <None />;
  return (
    <>
      {rate} <span className="muted">of {formatCount(v.requests)}</span>
      {v.failures ? <span className="muted"> ({formatCount(v.failures)} failed)</span> : null}
    </>
  );
}

/** The figures of each version over the range: what the charts draw, as numbers. */
export function VersionTable({ metrics, labelOf = (v) => v, caption }: Props) {
  const tcp = metrics.protocol === 'tcp';
  return (
    <table className="table version-table" data-testid="version-table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          {tcp ? (
            <>
              <th scope="col" className="num">Sent</th>
              <th scope="col" className="num">Received</th>
              <th scope="col" className="num">Connections</th>
            </>
          ) : (
            <>
              <th scope="col" className="num">Requests</th>
              <th scope="col" className="num">Rate</th>
              <th scope="col" className="num">Success rate</th>
              <th scope="col" className="num">p50</th>
              <th scope="col" className="num">p90</th>
              <th scope="col" className="num">p99</th>
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {metrics.versions.map((v) => (
          <tr key={v.version} data-testid="version-row" data-version={v.version} data-requests={v.requests ?? ''}>
            <th scope="row" className="row-head">
              <span className="swatch-cell">
                {/* The swatch of the version's line in the charts (they draw the series in their order). */}
                <LegendSwatch index={Math.max(0, metrics.series.findIndex((s) => s.version === v.version))} />
                <span className="mono">{labelOf(v.version)}</span>
              </span>
            </th>
            {tcp ? (
              <>
                <td className="num">{cell(formatBytesRate(v.tcp?.sentBps))}</td>
                <td className="num">{cell(formatBytesRate(v.tcp?.receivedBps))}</td>
                <td className="num">{cell(formatPerSecond(v.tcp?.connectionsPerSecond))}</td>
              </>
            ) : (
              <>
                <td className="num">{cell(formatCount(v.requests))}</td>
                <td className="num">{cell(formatRps(v.rps))}</td>
                <td className="num">
                  <SuccessCell v={v} />
                </td>
                <td className="num">{cell(formatMs(v.p50))}</td>
                <td className="num">{cell(formatMs(v.p90))}</td>
                <td className="num">{cell(formatMs(v.p99))}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
