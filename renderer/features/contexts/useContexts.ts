import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { ContextsSnapshot, ExecPluginRef } from '../../../main/contract/models.js';
import { useStream, type StreamStatus } from '../../api/streams.js';
import { useClient } from '../../api/transport.js';
import { chooseContext, nextProbe, noneReachable, probeKey, toProbeState, type ProbeState } from './probing.js';

export type { ProbeState } from './probing.js';

export interface ContextsModel {
  snapshot: ContextsSnapshot | undefined;
  status: StreamStatus;
  error: RpcErrorShape | undefined;
  restart(): void;
  probe(name: string): ProbeState;
  /** Probe this context again. */
  recheck(name: string): void;
  /** Confirms the credential plugin a context runs (as its probe showed it), then checks the context again. */
  confirmPlugin(name: string, plugin: ExecPluginRef): void;
  /** Some context was checked and none answered: the sandbox is worth offering. */
  noneReachable: boolean;
}

const NO_INPUT = {};
/** Arrowing through the list should not probe (and run the plugin of) every context passed on the way. */
const PROBE_DELAY_MS = 250;

/**
 * The kubeconfig contexts, live (`contexts.watch`), and the reachability of the one shown (`selected`, else the
 * current context): it is probed when it is shown, when its definition changes, and when the user asks again;
 * never all contexts at once, since a probe may run a credential plugin.
 */
export function useContexts(selected: string | undefined): ContextsModel {
  const client = useClient();
  const watch = useStream('contexts.watch', NO_INPUT);
  const snapshot = watch.data;
  const [rechecks, setRechecks] = useState<Record<string, number>>({});
  const [answers, setAnswers] = useState<Record<string, { key: string; state: ProbeState }>>({});
  const inFlight = useRef(new Set<string>());

  const contexts = useMemo(() => snapshot?.contexts ?? [], [snapshot]);
  const keyOf = useCallback((name: string): string | undefined => {
    const context = contexts.find((c) => c.name === name);
    return context ? probeKey(context, rechecks[name] ?? 0) : undefined;
  }, [contexts, rechecks]);

  const shown = chooseContext(contexts, selected);
  const answeredKeys = useMemo(() => Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, a.key])), [answers]);
  const next = nextProbe(contexts, selected, answeredKeys, rechecks);
  const nextName = next?.name;
  const nextKey = next?.key;

  useEffect(() => {
    if (!nextName || !nextKey) return;
    const timer = setTimeout(() => {
      if (inFlight.current.has(nextKey)) return; // already asked (the user came back to it meanwhile)
      inFlight.current.add(nextKey);
      client
        .call('contexts.probe', { context: nextName })
        .then(toProbeState, (err: unknown): ProbeState => ({ status: 'unreachable', error: toErrorShape(err) }))
        .then((state) => {
          inFlight.current.delete(nextKey);
          setAnswers((a) => ({ ...a, [nextName]: { key: nextKey, state } }));
        });
    }, PROBE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [client, nextName, nextKey]);

  const probe = useCallback(
    (name: string): ProbeState => {
      const answer = answers[name];
      if (answer && answer.key === keyOf(name)) return answer.state;
      return name === shown?.name ? { status: 'checking' } : { status: 'unchecked' };
    },
    [answers, keyOf, shown],
  );

  const recheck = useCallback((name: string) => setRechecks((r) => ({ ...r, [name]: (r[name] ?? 0) + 1 })), []);

  const confirmPlugin = useCallback(
    (name: string, plugin: ExecPluginRef) => {
      client.call('contexts.trustPlugin', { context: name, ...plugin }).then(
        () => recheck(name),
        // Refused (the file changed meanwhile, say): show why in place of the stale confirmation.
        (err: unknown) => setAnswers((a) => ({ ...a, [name]: { key: keyOf(name) ?? '', state: { status: 'unreachable', error: toErrorShape(err) } } })),
      );
    },
    [client, recheck, keyOf],
  );

  return {
    snapshot,
    status: watch.status,
    error: watch.error,
    restart: watch.restart,
    probe,
    recheck,
    confirmPlugin,
    noneReachable: noneReachable(contexts.map((c) => probe(c.name)), shown ? probe(shown.name) : undefined),
  };
}
