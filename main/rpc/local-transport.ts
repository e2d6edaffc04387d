import type { ClientTransport, ServerMessage } from '../contract/wire.js';
import { createRpcServer, type Handlers } from './server.js';

/**
 * The contract carried in-process (CLI, tests): messages are JSON round-tripped exactly as a real
 * transport would, so nothing works here that would break over IPC or the WebSocket.
 */
export function localTransport(handlers: Handlers): ClientTransport & { close(): void } {
  const listeners = new Set<(m: ServerMessage) => void>();
  const conn = createRpcServer(handlers).connect((m) => {
    const copy = JSON.parse(JSON.stringify(m)) as ServerMessage;
    queueMicrotask(() => listeners.forEach((l) => l(copy)));
  });
  return {
    send: (m) => conn.receive(JSON.parse(JSON.stringify(m))),
    onMessage(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: () => conn.close(),
  };
}
