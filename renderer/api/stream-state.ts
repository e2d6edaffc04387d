import type { RpcErrorShape } from '../../main/contract/errors.js';

/**
 * The state of one stream subscription as the UI shows it, as pure functions (the hook in streams.ts only
 * wires them to the client): which run the data belongs to, how the run stopped, and what to show while a
 * new run has not sent anything yet.
 */

/** idle: not started; connecting: started, no event yet; live: events arrive; ended: the core ended it; error: it failed; cancelled: the user stopped it. */
export type StreamStatus = 'idle' | 'connecting' | 'live' | 'ended' | 'error' | 'cancelled';

/** How a stream stopped. */
export type StreamStop = { type: 'ended' } | { type: 'error'; error: RpcErrorShape } | { type: 'cancelled' };

/** One run of a stream: its id, the input's key (null: a run on demand, whose input is not kept), and the state it starts from. */
export interface StreamRequest<S> {
  id: string;
  key: string | null;
  initial?: S;
}

/** What the hook keeps: the last run that sent something, and what it sent. */
export interface StreamInternal<S> {
  run: string;
  key: string | null;
  data?: S;
  error?: RpcErrorShape;
  status: StreamStatus;
  receivedAt?: number;
}

export interface StreamView<S> {
  /** The folded events of the current run; a subscription keeps the previous run's data until the first new event. */
  data: S | undefined;
  error: RpcErrorShape | undefined;
  status: StreamStatus;
  /** When the last event arrived (epoch ms). */
  receivedAt: number | undefined;
}

export const NO_STREAM: StreamInternal<never> = { run: '', key: null, status: 'idle' };

/** The state a run folds its first event into: its own data, else what it starts from. */
function own<S>(s: StreamInternal<S>, request: StreamRequest<S>): S | undefined {
  return s.run === request.id ? s.data : request.initial;
}

/** Same input as the previous run (a subscription started again): its data still stands for the input. */
const sameInput = <S>(s: StreamInternal<S>, request: StreamRequest<S>) => request.key !== null && s.key === request.key;

export function withEvent<S, E>(s: StreamInternal<S>, request: StreamRequest<S>, event: E, reduce: (state: S | undefined, event: E) => S | undefined, now: number): StreamInternal<S> {
  return { run: request.id, key: request.key, data: reduce(own(s, request), event), status: 'live', receivedAt: now };
}

/** The run stopped: `settle` folds how (a run that ends without its last event failed), else the data stays as it was. */
export function withStop<S>(s: StreamInternal<S>, request: StreamRequest<S>, stop: StreamStop, settle?: (state: S | undefined, stop: StreamStop) => S | undefined): StreamInternal<S> {
  const mine = own(s, request);
  const kept = mine ?? (sameInput(s, request) ? s.data : undefined);
  const data = settle ? settle(mine, stop) : kept;
  const receivedAt = s.run === request.id || sameInput(s, request) ? s.receivedAt : undefined;
  return {
    run: request.id,
    key: request.key,
    ...(data !== undefined ? { data } : {}),
    ...(stop.type === 'error' ? { error: stop.error } : {}),
    status: stop.type,
    ...(receivedAt !== undefined ? { receivedAt } : {}),
  };
}

/** What to show for the current request (null: none). */
export function streamView<S>(s: StreamInternal<S>, request: StreamRequest<S> | null): StreamView<S> {
  if (!request) return { data: undefined, error: undefined, status: 'idle', receivedAt: undefined };
  if (s.run === request.id) return { data: s.data, error: s.error, status: s.status, receivedAt: s.receivedAt };
  const stale = sameInput(s, request);
  return {
    data: request.initial !== undefined ? request.initial : stale ? s.data : undefined,
    error: undefined,
    status: 'connecting',
    receivedAt: stale ? s.receivedAt : undefined,
  };
}

/** A stable key for an input (null: do not run). Inputs are plain JSON, so equal inputs give equal keys. */
export function keyOf(input: unknown): string | null {
  return input === null || input === undefined ? null : JSON.stringify(input);
}
