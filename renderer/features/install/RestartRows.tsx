import { Badge } from '../../components/ui.js';
import type { RestartRow } from './upgrade.js';

const STATE: Record<RestartRow['state'], { tone: 'info' | 'ok' | 'error'; label: string }> = {
  restarting: { tone: 'info', label: 'Restarting' },
  ready: { tone: 'ok', label: 'Ready' },
  failed: { tone: 'error', label: 'Failed' },
};

/** One row per workload being restarted: where it is, how it is doing, and whose proxy its new pods carry. */
export function RestartRows({ rows, expected }: { rows: readonly RestartRow[]; expected: string }) {
  return (
    <table className="table table-compact restart-rows">
      <caption className="sr-only">Workloads restarted onto revision {expected}</caption>
      <thead>
        <tr>
          <th scope="col">Workload</th>
          <th scope="col">Kind</th>
          <th scope="col">State</th>
          <th scope="col">Proxy revision of the new pods</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const wrong = r.state !== 'restarting' && r.proxyRevision !== expected;
          return (
            <tr
              key={`${r.namespace}/${r.kind}/${r.name}`}
              data-testid={`restart-row-${r.namespace}-${r.name}`}
              data-state={r.state}
              data-proxy-revision={r.proxyRevision ?? ''}
            >
              <th scope="row" className="row-head mono break">
                {r.namespace}/{r.name}
              </th>
              <td>{r.kind}</td>
              <td>
                {r.state === 'restarting' ? (
                  <span className="spinner-wrap">
                    <span className="spinner" aria-hidden="true" />
                    {STATE.restarting.label}
                  </span>
                ) : (
                  <Badge tone={STATE[r.state].tone}>{STATE[r.state].label}</Badge>
                )}
                {r.detail ? <span className="restart-detail">{r.detail}</span> : null}
              </td>
              <td className="mono">
                {r.state === 'restarting' ? <span className="muted">…</span> : r.proxyRevision ? r.proxyRevision : <span className="muted">no proxy</span>}
                {wrong ? <span className="sr-only"> (expected {expected})</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
