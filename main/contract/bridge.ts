import type { ClientMessage } from './wire.js';

/**
 * What the desktop shell's preload exposes as `window.meshdeck`: one pipe carrying the contract's
 * envelope, nothing else. Messages from the core arrive unvalidated (`unknown`); the renderer's
 * transport checks them against `ServerMessage`.
 */
export interface MeshdeckBridge {
  send(message: ClientMessage): void;
  /** Returns a function that removes this listener. */
  onMessage(listener: (message: unknown) => void): () => void;
}

/** The global name the bridge is exposed under. */
export const BRIDGE_NAME = 'meshdeck';
