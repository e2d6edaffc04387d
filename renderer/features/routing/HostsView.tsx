import { useId, useMemo, useState } from 'react';
import type { ConfigRef, ConfigRow, GovernedHost } from '../../../main/contract/config.js';
import { Badge, EmptyState } from '../../components/ui.js';
import { filterRows } from '../inventory/table-model.js';
import { Breakable } from './Breakable.js';
import { refOfRow } from './objects-model.js';
import { GOVERNED_BY, plural } from './words.js';

interface Props {
  hosts: readonly GovernedHost[];
  rows: readonly ConfigRow[];
  onOpen(ref: ConfigRef): void;
  /** Fills the simulator with a request to this host. */
  onSimulate(host: string): void;
}

/** The kinds a host's lists name: its VirtualServices, and its Gateway API routes. */
const VIRTUAL_SERVICES = ['VirtualService'];
const GATEWAY_ROUTES = ['HTTPRoute', 'GRPCRoute'];

/** The row a host's "namespace/name" stands for (to open it from the list). */
function routeNamed(rows: readonly ConfigRow[], qualified: string, kinds: readonly string[]): ConfigRow | undefined {
  return rows.find((r) => kinds.includes(r.kind) && `${r.namespace}/${r.name}` === qualified);
}

const hostText = (h: GovernedHost) => [h.host, ...h.virtualServices, ...h.httpRoutes, h.summary].join('\n').toLowerCase();

/** Each host of the mesh with routing, the API that governs it, and what Istio does with it, in the core's words. */
export function HostsView({ hosts, rows, onOpen, onSimulate }: Props) {
  const filterId = useId();
  const countId = useId();
  const [query, setQuery] = useState('');
  const shown = useMemo(() => filterRows(hosts, query, hostText), [hosts, query]);
  return (
    <>
      <div className="rt-toolbar">
        <div className="filter">
          <label htmlFor={filterId}>Search</label>
          <input id={filterId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Host, object…" autoComplete="off" spellCheck={false} aria-describedby={countId} data-testid="hosts-filter" />
        </div>
        <p id={countId} className="rt-count" role="status">
          {shown.length} of {plural(hosts.length, 'host')}
        </p>
      </div>
      {shown.length === 0 ? (
        <EmptyState testId="hosts-empty" title={hosts.length === 0 ? 'No VirtualService or HTTPRoute routes a host of the mesh yet' : 'No host matches'} />
      ) : (
        <table className="table rt-table rt-hosts-table" data-testid="hosts-table">
          <caption className="sr-only">Hosts of the mesh and the API that governs each</caption>
          <colgroup>
            <col className="rt-col-host" />
            <col className="rt-col-governed" />
            <col />
            <col className="rt-col-action" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Governed by</th>
              <th scope="col">What Istio does</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((h) => {
              const governed = GOVERNED_BY[h.governedBy];
              return (
                <tr key={h.host} data-testid="host-row" data-host={h.host} data-governed-by={h.governedBy}>
                  <td className="mono rt-host">
                    <Breakable text={h.host} />
                  </td>
                  <td>
                    <Badge tone={governed.tone} icon={governed.tone === 'warn'}>
                      {governed.text}
                    </Badge>
                    <ul className="rt-host-objects">
                      {[...h.virtualServices.map((n) => ({ n, kinds: VIRTUAL_SERVICES })), ...h.httpRoutes.map((n) => ({ n, kinds: GATEWAY_ROUTES }))].map(({ n, kinds }) => {
                        const target = routeNamed(rows, n, kinds);
                        return (
                          <li key={`${kinds[0]}:${n}`}>
                            {target ? (
                              <button type="button" className="link-button mono" onClick={() => onOpen(refOfRow(target))} aria-label={`Open ${target.kind} ${n}`}>
                                <Breakable text={n} />
                              </button>
                            ) : (
                              <span className="mono">
                                <Breakable text={n} />
                              </span>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  </td>
                  <td data-testid="host-summary">{h.summary}</td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => onSimulate(h.host)} aria-label={`Simulate a request to ${h.host}`}>
                      Simulate
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
