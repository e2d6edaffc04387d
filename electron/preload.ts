import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_NAME, type MeshdeckBridge } from '../main/contract/bridge.js';
import type { ClientMessage } from '../main/contract/wire.js';
import { RPC_CHANNEL } from './sender-policy.js';

// Sandboxed preload: it may require only 'electron' (build/build-electron.mjs checks the bundle),
// so it imports nothing from the contract at run time but the bridge name and the channel.

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const bridge: MeshdeckBridge = {
  send(message: ClientMessage): void {
    if (!isPlainObject(message)) throw new TypeError('meshdeck.send takes a plain object');
    ipcRenderer.send(RPC_CHANNEL, message);
  },
  onMessage(listener: (message: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('meshdeck.onMessage takes a function');
    // The IpcRendererEvent (it carries `sender`) never reaches the page.
    const wrapped = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(RPC_CHANNEL, wrapped);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(RPC_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge);
