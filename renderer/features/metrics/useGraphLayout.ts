import { useEffect, useState } from 'react';
import type { ServiceGraph } from '../../../main/contract/metrics.js';
import { layoutEngine } from './elk.js';
import { elkGraphOf, placed, shapeKey, type GraphLayout } from './graph-layout.js';

export type LayoutState = { status: 'idle' | 'laying-out' } | { status: 'done'; layout: GraphLayout; key: string } | { status: 'error'; message: string };

/**
 * The graph laid out by the layout library, again only when its shape changes (a node or an edge comes or goes):
 * refreshed figures keep every box in place.
 */
export function useGraphLayout(graph: Pick<ServiceGraph, 'nodes' | 'edges'> | undefined): LayoutState {
  const key = graph && graph.nodes.length > 0 ? shapeKey(graph) : undefined;
  const [state, setState] = useState<LayoutState>({ status: 'idle' });
  const [asked, setAsked] = useState<string | undefined>();
  // The graph behind the key, read when the key changes (not a dependency: new figures alone must not lay out again).
  const [shape, setShape] = useState(graph);
  if (key !== asked) {
    setAsked(key);
    setShape(graph);
    setState(key ? { status: 'laying-out' } : { status: 'idle' });
  }

  useEffect(() => {
    if (!key || !shape) return;
    let active = true;
    layoutEngine()
      .layout(elkGraphOf(shape))
      .then(
        (laid) => {
          if (active) setState({ status: 'done', layout: placed(shape, laid), key });
        },
        (err: unknown) => {
          if (active) setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
        },
      );
    return () => {
      active = false;
    };
  }, [key, shape]);

  return state;
}
