import { useMemo, useState, type ReactNode } from 'react';
import type { ServiceRow } from '../../../main/contract/inventory.js';
import { useCall } from '../../api/hooks.js';
import { Spinner } from '../../components/ui.js';
import type { Column } from '../inventory/columns.js';
import { REASON_TITLE } from './DiagnosisView.js';
import { shortExplanation } from '../errors/explain.js';
import { RangePicker } from './RangePicker.js';
import { DEFAULT_RANGE, rangeWords, type RangeSeconds } from './ranges.js';
import { metricColumns, summaryLookup } from './summary-columns.js';
import { useTicker } from './useTicker.js';
import './metrics.css';

/** How often the figures are read again while the Services tab is open. */
const REFRESH_MS = 30_000;

export interface InventoryMetrics {
  /** Rate, success rate and p99 columns for the Services tab. */
  columns: Column<ServiceRow>[];
  /** The range picker and where the figures stand, above the table. */
  bar: ReactNode;
}

/**
 * The Services tab's figures: one `metrics.summary` call for the whole cluster over the chosen range, again every
 * 30 s while the tab is open (`open`), none while it is not.
 */
export function useInventoryMetrics(context: string, open: boolean): InventoryMetrics {
  const [rangeSeconds, setRange] = useState<RangeSeconds>(DEFAULT_RANGE);
  const tick = useTicker(REFRESH_MS, open);
  const summary = useCall('metrics.summary', open ? { context, rangeSeconds, count4xx: false } : null, { refresh: tick });
  const columns = useMemo(() => metricColumns(summaryLookup(summary.data)), [summary.data]);
  const diagnosis = summary.data?.diagnosis;
  const bar = (
    <div className="inv-metrics-bar" data-testid="inventory-metrics" data-loading={summary.loading}>
      <RangePicker value={rangeSeconds} onChange={setRange} testId="inventory-range" />
      <p className="muted" role="status">
        {summary.loading && !summary.data ? (
          <Spinner label="Reading rates from Prometheus…" />
        ) : summary.error ? (
          <>Rates unavailable: {shortExplanation(summary.error)}</>
        ) : diagnosis ? (
          <>
            Rates unavailable: {REASON_TITLE[diagnosis.reason]}. {diagnosis.fix}
          </>
        ) : (
          <>
            Rate, success rate (5xx as failures, with the requests behind it) and p99 over the {rangeWords(rangeSeconds)}, read again every {REFRESH_MS / 1000} s.
          </>
        )}
      </p>
    </div>
  );
  return { columns, bar };
}
