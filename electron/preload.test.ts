import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { MeshdeckBridge } from '../main/contract/bridge.js';
import type { ClientMessage } from '../main/contract/wire.js';

const exposed = new Map<string, unknown>();
const ipcRenderer = Object.assign(new EventEmitter(), { send: vi.fn() });

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
  ipcRenderer,
}));

let bridge: MeshdeckBridge;
beforeAll(async () => {
  await import('./preload.js');
  bridge = exposed.get('meshdeck') as MeshdeckBridge;
});

describe('preload', () => {
  it('exposes exactly send and onMessage under one name', () => {
    expect([...exposed.keys()]).toEqual(['meshdeck']);
    expect(Object.keys(bridge).sort()).toEqual(['onMessage', 'send']);
  });

  it('sends plain objects on the rpc channel and refuses anything else', () => {
    const message: ClientMessage = { type: 'call', id: 1, method: 'app.info', input: {} };
    bridge.send(message);
    expect(ipcRenderer.send).toHaveBeenCalledWith('meshdeck:rpc', message);
    for (const bad of [null, 'text', 42, [1], new Date(), new Map(), () => 1]) {
      expect(() => bridge.send(bad as unknown as ClientMessage)).toThrow(TypeError);
    }
    expect(ipcRenderer.send).toHaveBeenCalledTimes(1);
  });

  it('passes the message without the IPC event, and unsubscribing removes the wrapped listener', () => {
    const seen: unknown[][] = [];
    const off = bridge.onMessage((...args: unknown[]) => seen.push(args));
    expect(ipcRenderer.listenerCount('meshdeck:rpc')).toBe(1);
    ipcRenderer.emit('meshdeck:rpc', { sender: 'secret' }, { type: 'end', id: 1 });
    expect(seen).toEqual([[{ type: 'end', id: 1 }]]);
    off();
    off();
    expect(ipcRenderer.listenerCount('meshdeck:rpc')).toBe(0);
    ipcRenderer.emit('meshdeck:rpc', {}, { type: 'end', id: 2 });
    expect(seen).toHaveLength(1);
  });
});
