import type { MeshdeckBridge } from '../../main/contract/bridge.js';

declare global {
  interface Window {
    /** Present only inside the desktop shell (exposed by its preload). */
    readonly meshdeck?: MeshdeckBridge;
  }
}

export {};
