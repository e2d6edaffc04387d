import type { RpcErrorShape } from '../../main/contract/errors.js';
import { ServerMessage, type ClientMessage, type ClientTransport } from '../../main/contract/wire.js';
import { connectionLostError, type ConnectionControl, type ConnectionState } from './connection.js';

/** The part of the browser's WebSocket this transport uses (a fake one stands in for it in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export interface WsTransportOptions {
  /** Defaults to /rpc on the page's own origin (wss: under https:). */
  url?: string;
  createSocket?: SocketFactory;
  /** Delay before the 2nd attempt of a series; doubles each time up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts in one series (the first connection, or one press of Reconnect) before giving up. */
  maxAttempts?: number;
  now?: () => number;
}

export type WsTransport = ClientTransport & ConnectionControl & { dispose(): void };

const OPEN = 1;

/** ws://host/rpc or wss://host/rpc for the page's own origin. The server knows us by the HttpOnly cookie it set. */
export function defaultRpcUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/rpc`;
}

/**
 * The contract over a WebSocket (web mode). Messages sent before the link opens wait in a queue; when the link
 * closes, every lost-listener hears it (the app fails every request in flight) and the queue is dropped. It does
 * not reconnect by itself once it was open: reconnect() starts a series of attempts with exponential backoff.
 */
export function createWsTransport(options: WsTransportOptions = {}): WsTransport {
  const url = options.url ?? defaultRpcUrl();
  const createSocket: SocketFactory = options.createSocket ?? ((u) => new WebSocket(u) as unknown as SocketLike);
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 8000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const now = options.now ?? Date.now;

  let state: ConnectionState = { status: 'connecting', attempt: 1, generation: 0 };
  let socket: SocketLike | null = null;
  let queue: ClientMessage[] = [];
  let closedSinceOpen = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const messageListeners = new Set<(message: ServerMessage) => void>();
  const stateListeners = new Set<() => void>();
  const lostListeners = new Set<(error: RpcErrorShape) => void>();

  function setState(next: ConnectionState) {
    state = next;
    for (const listener of [...stateListeners]) listener();
  }

  function notifyLost(error: RpcErrorShape) {
    for (const listener of [...lostListeners]) {
      try {
        listener(error);
      } catch (err) {
        console.error('meshdeck: a connection-lost listener failed', err);
      }
    }
  }

  function receive(data: unknown) {
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      console.warn('meshdeck: ignored a message from the core that is not JSON');
      return;
    }
    const parsed = ServerMessage.safeParse(raw);
    if (!parsed.success) {
      console.warn('meshdeck: ignored a message from the core that does not match the contract', parsed.error.message);
      return;
    }
    for (const listener of [...messageListeners]) {
      try {
        listener(parsed.data);
      } catch (err) {
        console.error('meshdeck: a message listener failed', err);
      }
    }
  }

  function connect() {
    timer = undefined;
    if (disposed) return;
    let ws: SocketLike;
    try {
      ws = createSocket(url);
    } catch (err) {
      handleClose(`Could not open ${url}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      const generation = closedSinceOpen ? state.generation + 1 : state.generation;
      closedSinceOpen = false;
      setState({ status: 'open', attempt: 0, generation });
      const pending = queue;
      queue = [];
      for (const message of pending) ws.send(JSON.stringify(message));
    };
    ws.onmessage = (event) => {
      if (socket === ws) receive(event.data);
    };
    ws.onerror = () => {
      /* a close event follows and says what happened */
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      handleClose(`WebSocket to ${url} closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''}).`);
    };
  }

  function handleClose(detail: string) {
    const error = connectionLostError(detail);
    const wasOpen = state.status === 'open';
    closedSinceOpen = true;
    queue = []; // everything that waited is failed by the lost-listeners below
    if (disposed) return;
    if (wasOpen || state.attempt >= maxAttempts) {
      setState({ status: 'lost', attempt: 0, generation: state.generation, lastError: error });
    } else {
      const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (state.attempt - 1));
      setState({ status: 'reconnecting', attempt: state.attempt + 1, retryAt: now() + delay, generation: state.generation, lastError: error });
      timer = setTimeout(() => {
        setState({ ...state, status: 'connecting', retryAt: undefined });
        connect();
      }, delay);
    }
    notifyLost(error);
  }

  connect();

  return {
    send(message) {
      if (disposed) return;
      if (state.status === 'open' && socket && socket.readyState === OPEN) {
        socket.send(JSON.stringify(message));
        return;
      }
      if (message.type === 'cancel') {
        // A request still waiting in the queue is simply never sent; one sent on a link now gone ended with it.
        queue = queue.filter((m) => m.type === 'cancel' || m.id !== message.id);
        return;
      }
      if (state.status === 'lost') {
        // Nothing is trying to connect: fail it now instead of leaving it hanging.
        const error = state.lastError ?? connectionLostError();
        queueMicrotask(() => notifyLost(error));
        return;
      }
      queue.push(message);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    getState: () => state,
    subscribe(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onLost(listener) {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
    reconnect() {
      if (disposed || state.status === 'open' || state.status === 'connecting') return;
      if (timer !== undefined) clearTimeout(timer);
      const attempt = state.status === 'reconnecting' ? state.attempt : 1;
      setState({ status: 'connecting', attempt, generation: state.generation, ...(state.lastError ? { lastError: state.lastError } : {}) });
      connect();
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      const ws = socket;
      socket = null;
      if (ws) {
        ws.onclose = null;
        ws.close(1000, 'closed by the app');
      }
    },
  };
}
