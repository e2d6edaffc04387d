import type { MeshdeckBridge } from '../../main/contract/bridge.js';
import { ServerMessage, type ClientMessage, type ClientTransport } from '../../main/contract/wire.js';

/**
 * The transport inside the desktop shell: the contract's envelope over `window.meshdeck`.
 * Returns null outside it (web mode), where the caller uses the WebSocket transport instead.
 */
export function createIpcTransport(): ClientTransport | null {
  const bridge: MeshdeckBridge | undefined = typeof window === 'undefined' ? undefined : window.meshdeck;
  if (!bridge) return null;
  return {
    send(message: ClientMessage) {
      bridge.send(message);
    },
    onMessage(listener: (message: ServerMessage) => void) {
      return bridge.onMessage((raw) => {
        const parsed = ServerMessage.safeParse(raw);
        if (parsed.success) listener(parsed.data);
        else console.warn('[meshdeck] ignored a malformed message from the core', parsed.error.message);
      });
    },
  };
}
