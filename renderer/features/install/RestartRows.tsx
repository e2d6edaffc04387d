import type { ProxyState } from '../../../main/contract/inventory.js';
import { Badge } from '../../components/ui.js';

/** One workload being restarted, as the upgrade (revisions.restart) and the mesh inventory (mesh.restart) report it. */
export interface RestartRowData {
  namespace: string;
  kind: string;
  name: string;
  state: 'queued' | 'restarting' | 'ready' | 'failed';
  /** New pods ready, out of desired (when the stream says). */
  updated?: number;
  desired?: number;
  /** What the new pods carry; 'unknown' when they could not be checked (they never came up). */
  proxy?: ProxyState | 'unknown';
  proxyRevision?: string;
  detail?: string;
}

const STATE: Record<RestartRowData['state'], { tone: 'neutral' | 'info' | 'ok' | 'error'; label: string }> = {
  queued: { tone: 'neutral', label: 'Waiting' },
  restarting: { tone: 'info', label: 'Restarting' },
  ready: { tone: 'ok', label: 'Ready' },
  failed: { tone: 'error', label: 'Failed' },
};

interface Props {
  rows: readonly RestartRowData[];
  /** The revision the new pods should carry; a different one is called out for screen readers. */
  expected?: string;
  caption?: string;
  /** Show "namespace/name" (several namespaces) or just the name (one namespace). */
  showNamespace?: boolean;
  /** Add a column with the new pods ready out of desired. */
  showProgress?: boolean;
  /** The data-testid of a row (default restart-row-<namespace>-<name>); each row also carries data-name and data-state. */
  rowTestId?(row: RestartRowData): string;
}

const defaultTestId = (r: RestartRowData) => `restart-row-${r.namespace}-${r.name}`;

/** One row per workload being restarted: where it is, how it is doing, and whose proxy its new pods carry. */
export function RestartRows({ rows, expected, caption, showNamespace = true, showProgress = false, rowTestId = defaultTestId }: Props) {
  return (
    <table className="table table-compact restart-rows">
      <caption className="sr-only">{caption ?? `Workloads restarted onto revision ${expected ?? ''}`}</caption>
      <thead>
        <tr>
          <th scope="col">Workload</th>
          <th scope="col">Kind</th>
          <th scope="col">State</th>
          {showProgress ? (
            <th scope="col" className="num">
              New pods ready
            </th>
          ) : null}
          <th scope="col">Proxy revision of the new pods</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const pending = r.state === 'restarting' || r.state === 'queued';
          const wrong = expected !== undefined && !pending && r.proxyRevision !== expected;
          return (
            <tr key={`${r.namespace}/${r.kind}/${r.name}`} data-testid={rowTestId(r)} data-state={r.state} data-proxy-revision={r.proxyRevision ?? ''} data-name={r.name}>
              <th scope="row" className="row-head mono break">
                {showNamespace ? `${r.namespace}/${r.name}` : r.name}
              </th>
              <td className="nowrap">{r.kind}</td>
              <td>
                {r.state === 'restarting' ? (
                  <span className="spinner-wrap">
                    <span className="spinner" aria-hidden="true" />
                    {STATE.restarting.label}
                  </span>
                ) : (
                  <Badge tone={STATE[r.state].tone} icon={r.state !== 'queued'}>
                    {STATE[r.state].label}
                  </Badge>
                )}
                {r.detail ? <span className="restart-detail">{r.detail}</span> : null}
              </td>
              {showProgress ? <td className="num">{r.desired !== undefined ? `${r.updated ?? 0}/${r.desired}` : '…'}</td> : null}
              <td className="mono">
                <ProxyCell row={r} pending={pending} />
                {wrong ? <span className="sr-only"> (expected {expected})</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ProxyCell({ row, pending }: { row: RestartRowData; pending: boolean }) {
  if (pending) return <span className="muted">…</span>;
  if (row.proxyRevision) return <>{row.proxyRevision}</>;
  switch (row.proxy) {
    case 'present':
      return <>proxy, revision unknown</>;
    case 'opted-out':
      return <span className="muted">no proxy (opted out)</span>;
    case 'unknown':
      return <span className="muted">not checked</span>;
    default:
      return <span className="muted">no proxy</span>;
  }
}
