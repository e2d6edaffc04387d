import { useId, useMemo, type CSSProperties } from 'react';
import { VisuallyHidden } from '../../components/ui.js';
import { formatPercent, formatRps } from './format.js';
import { edgeId, pathOf, type GraphEdge, type GraphLayout, type GraphNode } from './graph-layout.js';
import { MTLS_WORDS } from './words.js';

interface Props {
  layout: GraphLayout;
  /** The latest figures, by edge id (the layout may be from an earlier answer with the same shape). */
  edges: readonly GraphEdge[];
  nodes: readonly GraphNode[];
  onOpenService(namespace: string, service: string): void;
}

const box = (x: number, y: number, width: number, height: number): CSSProperties => ({ left: x, top: y, width, height });

/**
 * The laid-out graph: lines in an SVG underneath, boxes and labels as HTML above it, so that a service is a real
 * button (focus, Enter, a screen reader's name) that opens its page. A line's style says its mTLS as its label does.
 */
export function GraphView({ layout, edges, nodes, onOpenService }: Props) {
  const markerBase = useId().replace(/:/g, '');
  const figures = useMemo(() => new Map(edges.map((e) => [edgeId(e), e])), [edges]);
  const current = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  return (
    <div className="graph-scroll" data-scroll-box tabIndex={0} role="region" aria-label="Service graph diagram (the table below lists every connection)">
      <div className="graph-canvas" style={{ width: layout.width, height: layout.height }} data-testid="graph-canvas">
        <svg className="graph-lines" width={layout.width} height={layout.height} aria-hidden="true">
          <defs>
            {(['mutual', 'plaintext', 'mixed', 'unknown'] as const).map((m) => (
              <marker key={m} id={`${markerBase}-${m}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" className={`graph-arrow graph-mtls-${m}`} />
              </marker>
            ))}
          </defs>
          {layout.edges.map((e) => {
            const edge = figures.get(e.id);
            const mtls = edge?.mtls ?? 'unknown';
            return (
              <path
                key={e.id}
                d={pathOf(e.points, true)}
                className={`graph-edge graph-mtls-${mtls}${edge && edge.errorShare > 0 ? ' graph-edge-errors' : ''}`}
                markerEnd={`url(#${markerBase}-${mtls})`}
                data-testid="graph-edge"
              />
            );
          })}
        </svg>
        {layout.edges.map((e) => {
          const edge = figures.get(e.id);
          if (!e.label || !edge) return null;
          const mtls = MTLS_WORDS[edge.mtls];
          return (
            <div key={e.id} className="graph-edge-label" style={box(e.label.x, e.label.y, e.label.width, e.label.height)} aria-hidden="true">
              <span className="graph-edge-line">
                {formatRps(edge.rps)}
                {edge.protocol === 'tcp' ? ' (TCP)' : ''}
              </span>
              <span className="graph-edge-line">
                {edge.protocol === 'http' ? (
                  <span className={edge.errorShare > 0 ? 'value-error' : undefined}>{formatPercent(edge.errorShare)} errors</span>
                ) : null}
                {edge.protocol === 'http' ? ' · ' : ''}
                <span className={`graph-mtls-word graph-mtls-${edge.mtls}`}>{mtls.label}</span>
              </span>
            </div>
          );
        })}
        {layout.nodes.map(({ node: laid, x, y, width, height }) => {
          const node = current.get(laid.id) ?? laid;
          const style = box(x, y, width, height);
          if (node.kind === 'service') {
            return (
              <button
                key={node.id}
                type="button"
                className="graph-node graph-node-service"
                style={style}
                onClick={() => onOpenService(node.namespace, node.name)}
                title={`${node.namespace}/${node.name}`}
                data-testid="graph-node"
                data-kind="service"
                data-id={node.id}
              >
                <span className="graph-node-name truncate">{node.name}</span>
                <span className="graph-node-ns truncate">service in {node.namespace}</span>
                <VisuallyHidden> (open its metrics)</VisuallyHidden>
              </button>
            );
          }
          return (
            <div
              key={node.id}
              className={`graph-node graph-node-${node.kind}`}
              style={style}
              title={node.kind === 'outside' ? node.name : `${node.namespace}/${node.name}`}
              data-testid="graph-node"
              data-kind={node.kind}
              data-id={node.id}
            >
              <span className="graph-node-name truncate">{node.name}</span>
              <span className="graph-node-ns truncate">{node.kind === 'outside' ? 'callers without a sidecar' : `workload in ${node.namespace}`}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
