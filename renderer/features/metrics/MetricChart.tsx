import { useId } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { formatTime } from '../../components/ui.js';
import { isolatedPoints, lastSampleTime, latestValues, ratioDomain, timeTicks, type ChartData } from './chart-data.js';
import { formatBytesRate, formatClock, formatMs, formatPercent, formatRps } from './format.js';

export type ChartUnit = 'rps' | 'ratio' | 'ms' | 'bytes';

const FORMAT: Record<ChartUnit, (value: number) => string | undefined> = {
  rps: formatRps,
  ratio: formatPercent,
  ms: formatMs,
  bytes: formatBytesRate,
};

/** A threshold drawn across the chart (a canary gate), with its words. */
export interface ChartReference {
  value: number;
  label: string;
}

interface Props {
  title: string;
  unit: ChartUnit;
  data: ChartData;
  /** The time axis, unix seconds. */
  domain: [number, number];
  references?: readonly ChartReference[];
  testId: string;
}

/** Lines are told apart by colour AND dash, so that they stay distinct without colour (and in print). */
const DASHES = ['', '7 4', '2 3', '10 3 2 3', '4 2', '1 2'] as const;
export const seriesStyle = (index: number) => ({ stroke: `var(--series-${index % 6})`, strokeDasharray: DASHES[index % DASHES.length] || undefined });

/**
 * One live chart: a line per version over the time range, gaps where there was no sample, a tooltip with units, the
 * thresholds as dashed reference lines. Not animated: a live tail redraws every refresh, and motion there helps no one.
 * Screen readers get the title and each line's latest value; the version table above it has every figure.
 */
export function MetricChart({ title, unit, data, domain, references = [], testId }: Props) {
  const titleId = useId();
  const format = FORMAT[unit];
  const last = lastSampleTime(data);
  const latest = latestValues(data);
  const hasValues = last !== undefined;
  return (
    <figure className="chart" aria-labelledby={titleId} data-testid={testId} data-lines={data.lines.length} data-last-sample={last ?? ''}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      {hasValues ? (
        <>
          <p className="sr-only">
            Latest: {latest.map(({ line, value }) => `${line.label} ${value === undefined ? 'no sample' : format(value)}`).join('; ')}.
            {references.map((r) => ` ${r.label}.`).join('')}
          </p>
          <div className="chart-plot">
            <LineChart responsive data={data.rows} margin={{ top: 8, right: 16, bottom: 0, left: 4 }} style={{ width: '100%', height: 200 }} title={title}>
              <CartesianGrid vertical={false} />
              <XAxis dataKey="t" type="number" domain={domain} ticks={timeTicks(domain)} tickFormatter={formatClock} className="chart-axis" allowDataOverflow />
              <YAxis
                className="chart-axis"
                width={72}
                tickFormatter={(v: number) => format(v) ?? ''}
                domain={unit === 'ratio' ? ratioDomain(data, references.map((r) => r.value)) : [0, 'auto']}
                allowDecimals
              />
              <Tooltip content={(props) => <ChartTooltip active={props.active} payload={props.payload} label={props.label} format={format} />} isAnimationActive={false} />
              {references.map((r) => (
                <ReferenceLine key={r.label} y={r.value} className="chart-reference" ifOverflow="extendDomain" strokeDasharray="4 4" />
              ))}
              {data.lines.map((line) => {
                const style = seriesStyle(line.index);
                const lone = isolatedPoints(data, line.key);
                return (
                  <Line
                    key={line.key}
                    dataKey={line.key}
                    name={line.label}
                    type="linear"
                    {...style}
                    strokeWidth={2}
                    // Only a sample alone between gaps gets a dot: a line would draw nothing there.
                    dot={(p) => (lone.has(p.index) ? <circle key={`lone-${p.index}`} cx={p.cx} cy={p.cy} r={2.5} fill={style.stroke} /> : <g key={`none-${p.index}`} />)}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                );
              })}
            </LineChart>
          </div>
          <ul className="chart-legend" aria-hidden="true">
            {data.lines.map((line) => (
              <li key={line.key}>
                <LegendSwatch index={line.index} />
                {line.label}
              </li>
            ))}
            {references.map((r) => (
              <li key={r.label} className="chart-legend-reference">
                <svg width="22" height="8" className="legend-swatch">
                  <line x1="0" y1="4" x2="22" y2="4" className="chart-reference" strokeDasharray="4 4" />
                </svg>
                {r.label}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="chart-empty muted" data-testid={`${testId}-empty`}>
          No samples in this range.
        </p>
      )}
    </figure>
  );
}

export function LegendSwatch({ index }: { index: number }) {
  const style = seriesStyle(index);
  return (
    <svg width="22" height="8" className="legend-swatch" aria-hidden="true">
      <line x1="0" y1="4" x2="22" y2="4" stroke={style.stroke} strokeDasharray={style.strokeDasharray} strokeWidth="2" />
    </svg>
  );
}

/** The tooltip: the instant, then each line's value in its unit ("no sample" for a gap). */
function ChartTooltip({ active, payload, label, format }: Pick<TooltipContentProps, 'active' | 'payload' | 'label'> & { format: (v: number) => string | undefined }) {
  if (!active || !payload || payload.length === 0) return null;
  const t = typeof label === 'number' ? label : Number(label);
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-time">{Number.isFinite(t) ? formatTime(t * 1000) : null}</p>
      <ul>
        {payload.map((entry) => (
          <li key={String(entry.dataKey)}>
            <span className="chart-tooltip-name">{entry.name}</span>
            <span className="chart-tooltip-value">{typeof entry.value === 'number' ? format(entry.value) : 'no sample'}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
