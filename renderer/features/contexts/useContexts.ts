import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { ContextsSnapshot, ProbeResult } from '../../../main/contract/models.js';
import { useStream, type StreamStatus } from '../../api/streams.js';
import { useClient } from '../../api/transport.js';

export type ProbeState =
  | { status: 'checking' }
  | { status: 'reachable'; result: ProbeResult }
  | { status: 'unreachable'; result?: ProbeResult; error: RpcErrorShape };

export interface ContextsModel {
  snapshot: ContextsSnapshot | undefined;
  status: StreamStatus;
  error: RpcErrorShape | undefined;
  restart(): void;
  probe(name: string): ProbeState;
  /** Probe one context again, or all of them. */
  recheck(name?: string): void;
  /** Every context has a probe answer. */
  allChecked: boolean;
  anyReachable: boolean;
}

const NO_INPUT = {};

function toProbeState(result: ProbeResult): ProbeState {
  if (result.reachable) return { status: 'reachable', result };
  return { status: 'unreachable', result, error: result.error ?? { code: 'UNREACHABLE', message: 'The cluster did not answer.' } };
}

/**
 * The kubeconfig contexts, live (`contexts.watch`), each probed for reachability whenever a new list arrives
 * (a kubeconfig file changed, or the link to the core came back) and when asked.
 */
export function useContexts(): ContextsModel {
  const client = useClient();
  const watch = useStream('contexts.watch', NO_INPUT);
  const snapshot = watch.data;
  const [rechecks, setRechecks] = useState<Record<string, number>>({});
  const [answers, setAnswers] = useState<Record<string, { key: string; state: ProbeState }>>({});
  const inFlight = useRef(new Set<string>());

  // One key per context and list arrival: a new key means "probe again".
  const keys = useMemo(() => {
    const out = new Map<string, string>();
    for (const c of snapshot?.contexts ?? []) out.set(c.name, `${c.name}\u0000${watch.receivedAt ?? 0}\u0000${rechecks[c.name] ?? 0}`);
    return out;
  }, [snapshot, watch.receivedAt, rechecks]);

  useEffect(() => {
    for (const [name, key] of keys) {
      if (answers[name]?.key === key || inFlight.current.has(key)) continue;
      inFlight.current.add(key);
      client
        .call('contexts.probe', { context: name })
        .then(toProbeState, (err: unknown): ProbeState => ({ status: 'unreachable', error: toErrorShape(err) }))
        .then((state) => {
          inFlight.current.delete(key);
          setAnswers((a) => ({ ...a, [name]: { key, state } }));
        });
    }
  }, [client, keys, answers]);

  const probe = useCallback(
    (name: string): ProbeState => {
      const answer = answers[name];
      return answer && answer.key === keys.get(name) ? answer.state : { status: 'checking' };
    },
    [answers, keys],
  );

  const recheck = useCallback(
    (name?: string) => {
      setRechecks((r) => {
        const names = name ? [name] : (snapshot?.contexts ?? []).map((c) => c.name);
        const next = { ...r };
        for (const n of names) next[n] = (next[n] ?? 0) + 1;
        return next;
      });
    },
    [snapshot],
  );

  const states = (snapshot?.contexts ?? []).map((c) => probe(c.name));
  return {
    snapshot,
    status: watch.status,
    error: watch.error,
    restart: watch.restart,
    probe,
    recheck,
    allChecked: states.every((s) => s.status !== 'checking'),
    anyReachable: states.some((s) => s.status === 'reachable'),
  };
}
