import type { ServiceGraph } from '../../../main/contract/metrics.js';
import { Badge } from '../../components/ui.js';
import { formatCount, formatPercent, formatRps } from './format.js';
import { edgeId, type GraphNode } from './graph-layout.js';
import { MTLS_WORDS } from './words.js';

interface Props {
  graph: ServiceGraph;
  onOpenService(namespace: string, service: string): void;
}

const nodeName = (node: GraphNode | undefined, id: string) => (node ? (node.kind === 'outside' ? node.name : `${node.namespace}/${node.name}`) : id);

/** Every connection of the graph as a table: what the diagram draws, for reading and for screen readers. */
export function EdgesTable({ graph, onOpenService }: Props) {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  return (
    <table className="table table-compact" data-testid="graph-edges">
      <caption className="sr-only">Connections between workloads and services</caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">Protocol</th>
          <th scope="col" className="num">Rate</th>
          <th scope="col" className="num">Requests</th>
          <th scope="col" className="num">Errors</th>
          <th scope="col">Security</th>
        </tr>
      </thead>
      <tbody>
        {graph.edges.map((e) => {
          const target = nodes.get(e.target);
          const mtls = MTLS_WORDS[e.mtls];
          return (
            <tr key={edgeId(e)} data-testid="graph-edge-row" data-mtls={e.mtls}>
              <td className="mono">{nodeName(nodes.get(e.source), e.source)}</td>
              <td className="mono">
                {target?.kind === 'service' ? (
                  <button type="button" className="link-button mono" onClick={() => onOpenService(target.namespace, target.name)}>
                    {nodeName(target, e.target)}
                  </button>
                ) : (
                  nodeName(target, e.target)
                )}
              </td>
              <td>{e.protocol.toUpperCase()}</td>
              <td className="num">{formatRps(e.rps)}</td>
              <td className="num">{formatCount(e.requests)}</td>
              <td className="num">{e.protocol === 'http' ? <span className={e.errorShare > 0 ? 'value-error' : undefined}>{formatPercent(e.errorShare)}</span> : '—'}</td>
              <td>
                <Badge tone={mtls.tone}>{mtls.long}</Badge>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
