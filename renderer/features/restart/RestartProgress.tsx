import type { RestartStatus, RestartWorkload } from '../../../main/contract/inventory.js';
import { Badge, Spinner } from '../../components/ui.js';
import './restart.css';

const STATE: Record<RestartWorkload['state'], { tone: 'neutral' | 'info' | 'ok' | 'error'; label: string }> = {
  queued: { tone: 'neutral', label: 'Waiting' },
  restarting: { tone: 'info', label: 'Restarting' },
  ready: { tone: 'ok', label: 'Ready' },
  failed: { tone: 'error', label: 'Failed' },
};

interface Props {
  /** The restart as the core sends it (absent: asked for, nothing heard yet). */
  status: RestartStatus | undefined;
  caption: string;
  /** Show "namespace/name" (several namespaces) or just the name (one namespace). */
  showNamespace: boolean;
  /** The data-testid of a row; each row also carries data-name, data-state and data-proxy-revision. */
  rowTestId(row: RestartWorkload): string;
}

/**
 * A restart, as the mesh dialog and the upgrade show it: one row per workload (where it is, how it is doing,
 * new pods ready of desired, the proxy its new pods carry), and what it waits for while it runs.
 */
export function RestartProgress({ status, caption, showNamespace, rowTestId }: Props) {
  const rows = status?.workloads ?? [];
  const running = !status || status.phase === 'running';
  return (
    <>
      {rows.length > 0 ? (
        <table className="table table-compact restart-rows">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Workload</th>
              <th scope="col">Kind</th>
              <th scope="col">State</th>
              <th scope="col" className="num">
                New pods ready
              </th>
              <th scope="col">Proxy revision of the new pods</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.namespace}/${r.kind}/${r.name}`} data-testid={rowTestId(r)} data-state={r.state} data-proxy-revision={r.proxyRevision ?? ''} data-name={r.name}>
                <th scope="row" className="row-head mono break">
                  {showNamespace ? `${r.namespace}/${r.name}` : r.name}
                </th>
                <td className="nowrap">{r.kind}</td>
                <td>
                  {r.state === 'restarting' ? (
                    <Spinner label={STATE.restarting.label} />
                  ) : (
                    <Badge tone={STATE[r.state].tone} icon={r.state !== 'queued'}>
                      {STATE[r.state].label}
                    </Badge>
                  )}
                  {r.detail ? <span className="restart-detail">{r.detail}</span> : null}
                </td>
                <td className="num">{`${r.updated}/${r.desired}`}</td>
                <td className="mono">
                  <ProxyCell row={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {running ? <Spinner label={rows.length > 0 ? 'Waiting for the new pods to be ready…' : 'Finding the workloads to restart…'} /> : null}
    </>
  );
}

function ProxyCell({ row }: { row: RestartWorkload }) {
  if (row.state === 'queued' || row.state === 'restarting') return <span className="muted">…</span>;
  if (row.proxyRevision) return <>{row.proxyRevision}</>;
  switch (row.proxy) {
    case 'present':
      return <>proxy, revision unknown</>;
    case 'opted-out':
      return <span className="muted">no proxy (opted out)</span>;
    case 'absent':
      return <span className="muted">no proxy</span>;
    default:
      // No new pod came up ready, so there was nothing to check.
      return <span className="muted">not checked</span>;
  }
}
