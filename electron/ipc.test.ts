import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import type { createRpcServer } from '../main/rpc/server.js';

const ipcMain = new EventEmitter();
vi.mock('electron', () => ({ ipcMain }));
const { bindIpc } = await import('./ipc.js');

class FakeContents extends EventEmitter {
  destroyed = false;
  sent: unknown[] = [];
  mainFrame = { url: 'app://meshdeck/index.html', parent: null, detached: false, processId: 7, frameToken: 'top' };
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, message: unknown) {
    this.sent.push([channel, message]);
  }
}

function fakeServer() {
  const connections: { received: unknown[]; closed: boolean; send(m: unknown): void }[] = [];
  const server = {
    connect(send: (m: unknown) => void) {
      const c = { received: [] as unknown[], closed: false, send };
      connections.push(c);
      return { receive: (raw: unknown) => c.received.push(raw), close: () => (c.closed = true) };
    },
  };
  return { server: server as unknown as ReturnType<typeof createRpcServer>, connections };
}

const message = { type: 'call', id: 1, method: 'app.info', input: {} };
const fromFrame = (contents: FakeContents, frame: unknown, channel = 'meshdeck:rpc') =>
  ipcMain.emit(channel, { sender: contents, senderFrame: frame }, message);

describe('bindIpc', () => {
  let log: ReturnType<typeof vi.fn<(line: string) => void>>;
  let contents: FakeContents;
  let fake: ReturnType<typeof fakeServer>;
  let binding: ReturnType<typeof bindIpc>;

  beforeEach(() => {
    ipcMain.removeAllListeners();
    log = vi.fn<(line: string) => void>();
    contents = new FakeContents();
    fake = fakeServer();
    binding = bindIpc(fake.server, log);
  });

  it("serves a trusted window's main frame over one lazily created connection", () => {
    expect(fake.connections).toHaveLength(0);
    binding.trust(contents as unknown as WebContents);
    fromFrame(contents, contents.mainFrame);
    fromFrame(contents, { ...contents.mainFrame }); // another wrapper of the same frame
    expect(fake.connections).toHaveLength(1);
    expect(fake.connections[0]!.received).toEqual([message, message]);
    fake.connections[0]!.send({ type: 'end', id: 1 });
    expect(contents.sent).toEqual([['meshdeck:rpc', { type: 'end', id: 1 }]]);
  });

  it('drops messages from untrusted contents, iframes, other origins and gone frames, logging each reason once', () => {
    fromFrame(contents, contents.mainFrame); // not trusted yet
    binding.trust(contents as unknown as WebContents);
    const iframe = { url: 'app://meshdeck/index.html', parent: contents.mainFrame, detached: false, processId: 7, frameToken: 'sub' };
    fromFrame(contents, iframe);
    fromFrame(contents, { ...iframe, parent: null }); // a top frame, but not this window's
    fromFrame(contents, { ...contents.mainFrame, detached: true }); // its document is gone
    contents.mainFrame.url = 'https://evil.example/';
    fromFrame(contents, contents.mainFrame);
    fromFrame(contents, null);
    expect(fake.connections).toHaveLength(0);
    expect(log.mock.calls.map(([line]) => /\((.+)\)/.exec(line)?.[1])).toEqual([
      'unknown-window',
      'not-main-frame',
      'no-frame',
      'foreign-origin',
    ]);
  });

  it('closes the connection only when the page really goes away, and opens a new one for the next page', () => {
    binding.trust(contents as unknown as WebContents);
    fromFrame(contents, contents.mainFrame);
    // A navigation that starts may never commit (a download, a 204): the page and its streams stay.
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true, url: 'app://meshdeck/index.html#x' });
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: 'https://blocked.example/' });
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: 'app://meshdeck/index.html' });
    expect(fake.connections[0]!.closed).toBe(false);
    contents.emit('did-navigate', {});
    expect(fake.connections[0]!.closed).toBe(true);

    for (const event of ['did-navigate', 'render-process-gone', 'destroyed']) {
      fromFrame(contents, contents.mainFrame);
      const latest = fake.connections.at(-1)!;
      expect(latest.closed).toBe(false);
      contents.emit(event, {});
      expect(latest.closed, event).toBe(true);
    }
    expect(fake.connections).toHaveLength(4);
  });

  it('refuses a destroyed webContents and stops everything on dispose', () => {
    binding.trust(contents as unknown as WebContents);
    fromFrame(contents, contents.mainFrame);
    binding.dispose();
    expect(fake.connections[0]!.closed).toBe(true);
    expect(ipcMain.listenerCount('meshdeck:rpc')).toBe(0);

    const other = new FakeContents();
    const again = bindIpc(fake.server, log);
    again.trust(other as unknown as WebContents);
    other.destroyed = true;
    fromFrame(other, other.mainFrame);
    expect(fake.connections).toHaveLength(1);
  });
});
