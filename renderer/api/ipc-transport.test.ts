import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MeshdeckBridge } from '../../main/contract/bridge.js';
import type { ServerMessage } from '../../main/contract/wire.js';
import { createIpcTransport } from './ipc-transport.js';

function fakeBridge() {
  const listeners = new Set<(message: unknown) => void>();
  const sent: unknown[] = [];
  const bridge: MeshdeckBridge = {
    send: (message) => void sent.push(message),
    onMessage(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return { bridge, sent, listeners, deliver: (m: unknown) => listeners.forEach((l) => l(m)) };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('createIpcTransport', () => {
  it('is null outside the desktop shell', () => {
    expect(createIpcTransport()).toBeNull();
    vi.stubGlobal('window', {});
    expect(createIpcTransport()).toBeNull();
  });

  it('carries the envelope over window.meshdeck and drops malformed messages', () => {
    const fake = fakeBridge();
    vi.stubGlobal('window', { meshdeck: fake.bridge });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const transport = createIpcTransport()!;
    transport.send({ type: 'cancel', id: 3 });
    expect(fake.sent).toEqual([{ type: 'cancel', id: 3 }]);

    const received: ServerMessage[] = [];
    const off = transport.onMessage((m) => received.push(m));
    fake.deliver({ type: 'end', id: 3 });
    fake.deliver({ type: 'nonsense' });
    fake.deliver('text');
    expect(received).toEqual([{ type: 'end', id: 3 }]);
    off();
    expect(fake.listeners.size).toBe(0);
  });
});
