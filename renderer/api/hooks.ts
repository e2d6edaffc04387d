import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CallMethod, EventOf, InputOf, OutputOf, StreamMethod } from '../../main/contract/api.js';
import { toErrorShape, type RpcErrorShape } from '../../main/contract/errors.js';
import { useClient, useConnectionGeneration } from './transport.js';

/** A stable key for an input (null: do not run). Inputs are plain JSON, so equal inputs give equal keys. */
function keyOf(input: unknown): string | null {
  return input === null || input === undefined ? null : JSON.stringify(input);
}

export interface CallState<T> {
  data: T | undefined;
  error: RpcErrorShape | undefined;
  /** True until the answer to the current input arrives (the previous answer stays in `data` meanwhile if the input is the same). */
  loading: boolean;
  reload(): void;
}

/**
 * Calls `method` with `input` (null: don't), again whenever the input or `options.refresh` changes, on reload(),
 * and after the link to the core comes back. An answer that arrives after unmount or after the input changed is dropped.
 */
export function useCall<K extends CallMethod>(
  method: K,
  input: InputOf<K> | null,
  options: { /** Call again whenever this value changes (a string or number). */ refresh?: string | number } = {},
): CallState<OutputOf<K>> {
  const client = useClient();
  const generation = useConnectionGeneration();
  const key = keyOf(input);
  const [nonce, setNonce] = useState(0);
  const run = `${method}\u0000${key}\u0000${generation}\u0000${nonce}\u0000${options.refresh ?? ''}`;
  const [state, setState] = useState<{ run: string; key: string | null; data?: OutputOf<K>; error?: RpcErrorShape }>({ run: '', key: null });

  useEffect(() => {
    if (key === null) return;
    let active = true;
    client.call(method, JSON.parse(key) as InputOf<K>).then(
      (data) => {
        if (active) setState({ run, key, data });
      },
      (err: unknown) => {
        if (active) setState((s) => ({ run, key, error: toErrorShape(err), ...(s.key === key && s.data !== undefined ? { data: s.data } : {}) }));
      },
    );
    return () => {
      active = false;
    };
  }, [client, method, key, run]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = state.run === run;
  return {
    data: state.key === key && key !== null ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: key !== null && !current,
    reload,
  };
}

export type StreamStatus = 'idle' | 'connecting' | 'live' | 'ended' | 'error';

export interface StreamState<S> {
  /** The reduced events of the current input (kept across a restart until the first new event). */
  data: S | undefined;
  error: RpcErrorShape | undefined;
  /** connecting: started, no event yet; live: events arrive; ended: the core ended it; error: it failed. */
  status: StreamStatus;
  /** When the last event arrived (epoch ms). */
  receivedAt: number | undefined;
  restart(): void;
}

interface Internal<S> {
  run: string;
  key: string | null;
  data?: S;
  error?: RpcErrorShape;
  status: StreamStatus;
  receivedAt?: number;
}

/**
 * Subscribes to `method` with `input` (null: don't), folding its events with `reduce`. Restarts when the input
 * changes, on restart(), and after the link to the core comes back; cancels on unmount or before restarting.
 * `options.onEvent` sees each event as it arrives, before it is folded in (for side effects such as
 * performance marks, which do not belong in `reduce`).
 */
export function useStreamReducer<K extends StreamMethod, S>(
  method: K,
  input: InputOf<K> | null,
  reduce: (state: S | undefined, event: EventOf<K>) => S,
  options: { onEvent?(event: EventOf<K>): void } = {},
): StreamState<S> {
  const client = useClient();
  const generation = useConnectionGeneration();
  const key = keyOf(input);
  const [nonce, setNonce] = useState(0);
  const run = `${method}\u0000${key}\u0000${generation}\u0000${nonce}`;
  const [state, setState] = useState<Internal<S>>({ run: '', key: null, status: 'idle' });
  const reduceRef = useRef(reduce);
  const onEventRef = useRef(options.onEvent);
  useLayoutEffect(() => {
    reduceRef.current = reduce;
    onEventRef.current = options.onEvent;
  });

  useEffect(() => {
    if (key === null) return;
    const cancel = client.stream(method, JSON.parse(key) as InputOf<K>, {
      onEvent: (event) => {
        onEventRef.current?.(event);
        setState((s) => ({
          run,
          key,
          data: reduceRef.current(s.run === run ? s.data : undefined, event),
          status: 'live',
          receivedAt: Date.now(),
        }));
      },
      onError: (error) =>
        setState((s) => ({ ...keep(s, key), run, key, error, status: 'error' })),
      onEnd: () => setState((s) => ({ ...keep(s, key), run, key, status: 'ended' })),
    });
    return cancel;
  }, [client, method, key, run]);

  const restart = useCallback(() => setNonce((n) => n + 1), []);
  const current = state.run === run;
  const sameInput = key !== null && state.key === key;
  return {
    data: sameInput ? state.data : undefined,
    error: current ? state.error : undefined,
    status: key === null ? 'idle' : current ? state.status : 'connecting',
    receivedAt: sameInput ? state.receivedAt : undefined,
    restart,
  };
}

function keep<S>(s: Internal<S>, key: string): Partial<Internal<S>> {
  return s.key === key ? { data: s.data, receivedAt: s.receivedAt } : {};
}

const latest = <E>(_: E | undefined, event: E): E => event;

/** Subscribes to `method` with `input` (null: don't); `data` is the latest event. */
export function useStream<K extends StreamMethod>(method: K, input: InputOf<K> | null): StreamState<EventOf<K>> {
  return useStreamReducer<K, EventOf<K>>(method, input, latest);
}
