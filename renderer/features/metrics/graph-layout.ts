import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api.js';
import type { ServiceGraph } from '../../../main/contract/metrics.js';

/**
 * The service graph as the layout library takes it and gives it back. Sizes depend on the graph's shape only (names,
 * who calls whom), never on the figures, so a refresh with new rates keeps every box where it was and the page does
 * not lay it out again.
 */

export type GraphNode = ServiceGraph['nodes'][number];
export type GraphEdge = ServiceGraph['edges'][number];

export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  id: string;
  source: string;
  target: string;
  /** The route of the line, start to end. */
  points: ElkPoint[];
  /** Where its label goes (the layout keeps room for it). */
  label?: { x: number; y: number; width: number; height: number };
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export const NODE_HEIGHT = 46;
export const EDGE_LABEL = { width: 196, height: 36 };
const CHAR_WIDTH = 7.4;
const NODE_PADDING = 34;
const MAX_NODE_WIDTH = 260;

/** An edge's id: who calls whom over which protocol (the core sends one edge per such triple). */
export const edgeId = (e: Pick<GraphEdge, 'source' | 'target' | 'protocol'>) => `${e.source}>${e.target}>${e.protocol}`;

/** A box wide enough for the longer of its two lines (name, namespace), within bounds; longer names are cut with "…". */
export function nodeWidth(node: GraphNode): number {
  const longest = Math.max(node.name.length, node.namespace.length + 3);
  return Math.round(Math.min(MAX_NODE_WIDTH, Math.max(120, longest * CHAR_WIDTH + NODE_PADDING)));
}

/** The layout options: layered, left to right (callers on the left), room for a label on every edge. */
export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'SPLINES',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeLabel': '6',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

/** The graph as the layout library takes it. */
export function elkGraphOf(graph: Pick<ServiceGraph, 'nodes' | 'edges'>): ElkNode {
  const children: ElkNode[] = graph.nodes.map((n) => ({ id: n.id, width: nodeWidth(n), height: NODE_HEIGHT }));
  const known = new Set(graph.nodes.map((n) => n.id));
  const edges: ElkExtendedEdge[] = graph.edges
    .filter((e) => known.has(e.source) && known.has(e.target))
    .map((e) => {
      const id = edgeId(e);
      return { id, sources: [e.source], targets: [e.target], labels: [{ id: `${id}#label`, text: ' ', ...EDGE_LABEL }] };
    });
  return { id: 'root', layoutOptions: LAYOUT_OPTIONS, children, edges };
}

/** A key that changes only when the layout would (nodes or edges come or go). */
export function shapeKey(graph: Pick<ServiceGraph, 'nodes' | 'edges'>): string {
  return JSON.stringify([graph.nodes.map((n) => n.id), graph.edges.map(edgeId)]);
}

/** The positions the layout library gave back, with the contract's nodes beside them. */
export function placed(graph: Pick<ServiceGraph, 'nodes'>, laid: ElkNode): GraphLayout {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: PlacedNode[] = [];
  for (const child of laid.children ?? []) {
    const node = byId.get(child.id);
    if (node) nodes.push({ node, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
  }
  const edges: PlacedEdge[] = (laid.edges ?? []).map((e) => {
    const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
    const label = e.labels?.[0];
    return {
      id: e.id,
      source: e.sources[0] ?? '',
      target: e.targets[0] ?? '',
      points,
      ...(label && label.x !== undefined && label.y !== undefined ? { label: { x: label.x, y: label.y, width: label.width ?? EDGE_LABEL.width, height: label.height ?? EDGE_LABEL.height } } : {}),
    };
  });
  return { width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), nodes, edges };
}

/**
 * An SVG path through the points: straight segments, or (for spline routing, whose sections come as start, control
 * points in threes, end) cubic curves.
 */
export function pathOf(points: readonly ElkPoint[], curved: boolean): string {
  const [first, ...rest] = points;
  if (!first) return '';
  const at = (p: ElkPoint) => `${round(p.x)} ${round(p.y)}`;
  if (curved && rest.length >= 3 && rest.length % 3 === 0) {
    const parts = [`M ${at(first)}`];
    for (let i = 0; i < rest.length; i += 3) parts.push(`C ${at(rest[i]!)} ${at(rest[i + 1]!)} ${at(rest[i + 2]!)}`);
    return parts.join(' ');
  }
  return [`M ${at(first)}`, ...rest.map((p) => `L ${at(p)}`)].join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;
