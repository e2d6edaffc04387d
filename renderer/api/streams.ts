import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EventOf, InputOf, StreamMethod } from '../../main/contract/api.js';
import { keyOf, NO_STREAM, streamView, withEvent, withStop, type StreamInternal, type StreamRequest, type StreamStop, type StreamView } from './stream-state.js';
import { useClient, useConnectionGeneration } from './transport.js';

export type { StreamStatus, StreamStop, StreamView } from './stream-state.js';

/** Read when called, from the latest render: callbacks may use the component's current props and state. */
export interface StreamOptions<K extends StreamMethod, S> {
  /** Sees each event as it arrives, before it is folded in (side effects such as performance marks or callbacks). */
  onEvent?(event: EventOf<K>): void;
  /** Folds how the stream stopped into the state (a run that ends without its last event is not a success). */
  settle?(state: S | undefined, stop: StreamStop): S | undefined;
  /** Told once a run stopped (ended, failed, cancelled; not when replaced, reset or unmounted), with its state before and after `settle`. */
  onStop?(stop: StreamStop, before: S | undefined, after: S | undefined): void;
}

interface Run<S> {
  request: StreamRequest<S>;
  cancel(): void;
  done: boolean;
}

/**
 * THE one way the UI consumes a stream: subscribes to `method` for the current request (null: none), folds
 * its events with `reduce`, cancels when the request changes or the component goes away. The two hooks
 * below decide the request: from an input (a live view) or from the user (a run on demand).
 */
function useStreamEngine<K extends StreamMethod, S>(
  method: K,
  request: StreamRequest<S> | null,
  inputOf: (request: StreamRequest<S>) => InputOf<K> | undefined,
  reduce: (state: S | undefined, event: EventOf<K>) => S | undefined,
  options: StreamOptions<K, S>,
): StreamView<S> & { cancel(): void } {
  const client = useClient();
  const [state, setState] = useState<StreamInternal<S>>(NO_STREAM);
  // Callbacks fold into the state as last set (they run outside rendering, one after another).
  const latest = useRef<StreamInternal<S>>(NO_STREAM);
  const current = useRef<Run<S> | null>(null);
  const fresh = useRef({ request, inputOf, reduce, options });
  useLayoutEffect(() => {
    fresh.current = { request, inputOf, reduce, options };
  });

  const finish = useCallback((run: Run<S>, stop: StreamStop) => {
    if (run.done) return;
    run.done = true;
    if (current.current === run) current.current = null;
    const before = latest.current.run === run.request.id ? latest.current.data : run.request.initial;
    const { settle, onStop } = fresh.current.options;
    latest.current = withStop(latest.current, run.request, stop, settle);
    setState(latest.current);
    onStop?.(stop, before, latest.current.data);
  }, []);

  const id = request?.id ?? null;
  useEffect(() => {
    const { request: req, inputOf: input } = fresh.current;
    if (!req || req.id !== id) return;
    const value = input(req);
    if (value === undefined) return;
    const run: Run<S> = { request: req, cancel: () => {}, done: false };
    run.cancel = client.stream(method, value, {
      onEvent(event) {
        if (run.done) return;
        fresh.current.options.onEvent?.(event);
        latest.current = withEvent(latest.current, req, event, fresh.current.reduce, Date.now());
        setState(latest.current);
      },
      onError: (error) => finish(run, { type: 'error', error }),
      onEnd: () => finish(run, { type: 'ended' }),
    });
    if (!run.done) current.current = run;
    return () => {
      run.done = true;
      if (current.current === run) current.current = null;
      run.cancel();
    };
  }, [client, method, id, finish]);

  const cancel = useCallback(() => {
    const run = current.current;
    if (!run) return;
    run.cancel();
    finish(run, { type: 'cancelled' });
  }, [finish]);

  return { ...streamView(state, request), cancel };
}

export interface StreamState<S> extends StreamView<S> {
  /** Subscribes again (a fresh start: a live view sends its whole state first). */
  restart(): void;
}

/**
 * A live view: subscribes to `method` with `input` (null: don't), folding its events with `reduce`. Starts again
 * when the input changes, on restart(), and after the link to the core comes back.
 */
export function useStreamReducer<K extends StreamMethod, S>(
  method: K,
  input: InputOf<K> | null,
  reduce: (state: S | undefined, event: EventOf<K>) => S | undefined,
  options: StreamOptions<K, S> = {},
): StreamState<S> {
  const generation = useConnectionGeneration();
  const key = keyOf(input);
  const [nonce, setNonce] = useState(0);
  const request = key === null ? null : { id: `${method}\u0000${key}\u0000${generation}\u0000${nonce}`, key };
  const view = useStreamEngine(method, request, inputOfKey<K, S>, reduce, options);
  const restart = useCallback(() => setNonce((n) => n + 1), []);
  return { data: view.data, error: view.error, status: view.status, receivedAt: view.receivedAt, restart };
}

function inputOfKey<K extends StreamMethod, S>(request: StreamRequest<S>): InputOf<K> | undefined {
  return request.key === null ? undefined : (JSON.parse(request.key) as InputOf<K>);
}

const latestEvent = <E>(_: E | undefined, event: E): E => event;

/** A live view whose state is its latest event (a stream that sends its whole state every time). */
export function useStream<K extends StreamMethod>(method: K, input: InputOf<K> | null): StreamState<EventOf<K>> {
  return useStreamReducer<K, EventOf<K>>(method, input, latestEvent);
}

export interface StreamRun<K extends StreamMethod, S> extends StreamView<S> {
  /** Starts a run (the previous one, if any, is cancelled first), from `initial` when given. The input is not kept once sent. */
  start(input: InputOf<K>, initial?: S): void;
  /** Cancels the run: the core stops, and the state is settled as cancelled. */
  cancel(): void;
  /** Forgets the run (cancelling it if it still runs). */
  reset(): void;
}

/** A run on demand (an install, a push, a restart): started by the user, not again by itself after the link comes back. */
export function useStreamRun<K extends StreamMethod, S>(
  method: K,
  reduce: (state: S | undefined, event: EventOf<K>) => S | undefined,
  options: StreamOptions<K, S> = {},
): StreamRun<K, S> {
  const [request, setRequest] = useState<StreamRequest<S> | null>(null);
  const runs = useRef(0);
  // The input waits here between start() and the subscription, then is dropped (it may carry a password).
  const pending = useRef(new Map<string, InputOf<K>>());
  const take = useCallback((r: StreamRequest<S>) => {
    const input = pending.current.get(r.id);
    pending.current.delete(r.id);
    return input;
  }, []);
  const view = useStreamEngine(method, request, take, reduce, options);

  const start = useCallback((input: InputOf<K>, initial?: S) => {
    const id = `${method}#${++runs.current}`;
    pending.current.clear();
    pending.current.set(id, input);
    setRequest({ id, key: null, ...(initial !== undefined ? { initial } : {}) });
  }, [method]);
  const reset = useCallback(() => {
    pending.current.clear();
    setRequest(null);
  }, []);

  return { data: view.data, error: view.error, status: view.status, receivedAt: view.receivedAt, start, cancel: view.cancel, reset };
}
