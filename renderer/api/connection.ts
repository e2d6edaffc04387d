import type { RpcErrorShape } from '../../main/contract/errors.js';

/**
 * How the link to the Meshdeck core is doing. Transports that can lose their link (the web-mode WebSocket)
 * implement ConnectionControl next to ClientTransport; others (Electron IPC) are treated as always open.
 */
export interface ConnectionState {
  /**
   * connecting: first connection (or a reconnection) under way; open: requests flow;
   * reconnecting: the user asked to reconnect and an attempt failed, the next one is scheduled;
   * lost: the link is down and nothing is being tried (the user can ask to reconnect).
   */
  status: 'connecting' | 'open' | 'reconnecting' | 'lost';
  /** Reconnection attempt number in the current series (0 when none). */
  attempt: number;
  /** When the next attempt starts (epoch ms), while reconnecting. */
  retryAt?: number;
  /** Bumped every time the link opens again after being lost: everything started before must start again. */
  generation: number;
  /** Why the last link closed, for the technical detail. */
  lastError?: RpcErrorShape;
}

export interface ConnectionControl {
  getState(): ConnectionState;
  /** Called on every state change (fits useSyncExternalStore). */
  subscribe(listener: () => void): () => void;
  /** Called each time the link closes: every request in flight on it is lost. */
  onLost(listener: (error: RpcErrorShape) => void): () => void;
  /** Try to open the link again (with backoff between attempts). */
  reconnect(): void;
}

export function isConnectionControl(value: unknown): value is ConnectionControl {
  const v = value as Partial<ConnectionControl> | null;
  return !!v && typeof v.getState === 'function' && typeof v.subscribe === 'function' && typeof v.onLost === 'function' && typeof v.reconnect === 'function';
}

/** The error every request in flight gets when the link to the core closes. */
export function connectionLostError(detail?: string): RpcErrorShape {
  return { code: 'CANCELLED', message: 'The connection to the Meshdeck core was lost.', ...(detail ? { detail } : {}) };
}

/** For transports that cannot lose their link. */
export function alwaysOpen(): ConnectionControl {
  const state: ConnectionState = { status: 'open', attempt: 0, generation: 0 };
  return {
    getState: () => state,
    subscribe: () => () => {},
    onLost: () => () => {},
    reconnect: () => {},
  };
}
