import type { ServiceRow } from '../../../main/contract/inventory.js';
import type { SummaryResult } from '../../../main/contract/metrics.js';
import { None } from '../../components/ui.js';
import type { Column } from '../inventory/columns.js';
import { formatCount, formatMs, formatPercent, formatRps } from './format.js';

type Summary = SummaryResult['services'][number];

/** The summary's figures by "namespace/service", for the inventory's rows to find theirs. */
export type SummaryLookup = ReadonlyMap<string, Summary>;

export const summaryKey = (namespace: string, service: string) => `${namespace}/${service}`;

export function summaryLookup(result: SummaryResult | undefined): SummaryLookup {
  return new Map((result?.services ?? []).map((s) => [summaryKey(s.namespace, s.service), s]));
}

/** A missing figure sorts below every real one (first ascending, last descending). */
const NONE = -1;

/**
 * Rate, success rate and p99 as columns of the inventory's Services tab. Built again when the figures change (every
 * refresh), so sorting follows them; the rows themselves stay the inventory's (no request per row).
 */
export function metricColumns(lookup: SummaryLookup): Column<ServiceRow>[] {
  const of = (s: ServiceRow) => lookup.get(summaryKey(s.namespace, s.name));
  return [
    {
      id: 'rps',
      header: 'Rate',
      width: '8%',
      numeric: true,
      cellTestId: 'metric-rps',
      sortKey: (s) => of(s)?.rps ?? NONE,
      cell: (s) => formatRps(of(s)?.rps) ?? <None />,
    },
    {
      id: 'success',
      header: 'Success',
      width: '10%',
      numeric: true,
      cellTestId: 'metric-success',
      sortKey: (s) => of(s)?.successRate ?? NONE,
      title: (s) => {
        const m = of(s);
        return m?.successRate !== null && m?.successRate !== undefined ? `${formatPercent(m.successRate)} of ${formatCount(m.requests)} requests` : undefined;
      },
      cell: (s) => {
        const m = of(s);
        const rate = formatPercent(m?.successRate);
        if (!rate) return <None />;
        return (
          <>
            {rate} <span className="muted">({formatCount(m?.requests)})</span>
          </>
        );
      },
    },
    {
      id: 'p99',
      header: 'p99',
      width: '7%',
      numeric: true,
      cellTestId: 'metric-p99',
      sortKey: (s) => of(s)?.p99 ?? NONE,
      cell: (s) => formatMs(of(s)?.p99) ?? <None />,
    },
  ];
}
