import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConfigDocument, SimRequest, SimResult } from '../../../../main/contract/config.js';
import { toErrorShape, type RpcErrorShape } from '../../../../main/contract/errors.js';
import type { z } from 'zod';
import { useClient } from '../../../api/transport.js';

type Request = z.input<typeof SimRequest>;

export interface Simulation {
  result: SimResult | undefined;
  error: RpcErrorShape | undefined;
  running: boolean;
  /** The request last run (undefined: none yet). */
  request: Request | undefined;
  run(request: Request): void;
}

/** How long the documents must stay unchanged before a shown simulation runs again over them. */
const FOLLOW_MS = 400;

/**
 * `route.simulate` for the request the user runs, over the live objects with `documents` laid over them. Once a
 * request ran, it runs again when the documents change (after a pause in typing), so the answer follows the edits.
 */
export function useSimulation(context: string, documents: readonly ConfigDocument[]): Simulation {
  const client = useClient();
  const [state, setState] = useState<{ result?: SimResult; error?: RpcErrorShape; running: boolean; request?: Request }>({ running: false });
  const seq = useRef(0);
  const latestDocs = useRef(documents);

  const send = useCallback(
    (request: Request, docs: readonly ConfigDocument[]) => {
      const mine = ++seq.current;
      setState((s) => ({ ...s, running: true, request }));
      client.call('route.simulate', { context, documents: [...docs], request }).then(
        (result) => {
          if (mine === seq.current) setState({ result, running: false, request });
        },
        (err: unknown) => {
          if (mine === seq.current) setState({ error: toErrorShape(err), running: false, request });
        },
      );
    },
    [client, context],
  );

  const run = useCallback((request: Request) => send(request, latestDocs.current), [send]);

  const request = state.request;
  useEffect(() => {
    if (latestDocs.current === documents) return;
    latestDocs.current = documents;
    if (!request) return;
    const timer = setTimeout(() => send(request, documents), FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [documents, request, send]);

  return { result: state.result, error: state.error, running: state.running, request, run };
}
