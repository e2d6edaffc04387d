import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import type { ServerMessage } from '../main/contract/wire.js';
import type { Connection, createRpcServer } from '../main/rpc/server.js';
import { RPC_CHANNEL, checkSender, type SenderRefusal } from './sender-policy.js';

type RpcServer = ReturnType<typeof createRpcServer>;

export interface IpcBinding {
  /** Lets this window's main frame talk to the core, and ties its connection to the page's life. */
  trust(contents: WebContents): void;
  /** Stops listening and closes every connection. */
  dispose(): void;
}

/**
 * Serves the contract on the one `meshdeck:rpc` channel. Each trusted webContents gets one
 * connection, created on its first message and closed when its page goes away (reload,
 * navigation, crash, destroy), so no stream outlives the page that asked for it.
 */
export function bindIpc(server: RpcServer, log: (line: string) => void = console.warn): IpcBinding {
  const trusted = new WeakSet<WebContents>();
  const connections = new Map<WebContents, Connection>();
  const logged = new Set<SenderRefusal>();

  const drop = (contents: WebContents) => {
    const connection = connections.get(contents);
    if (!connection) return;
    connections.delete(contents);
    connection.close();
  };

  const connectionFor = (contents: WebContents): Connection => {
    let connection = connections.get(contents);
    if (!connection) {
      connection = server.connect((message: ServerMessage) => {
        if (!contents.isDestroyed()) contents.send(RPC_CHANNEL, message);
      });
      connections.set(contents, connection);
    }
    return connection;
  };

  const listen = (channel: string) => (event: IpcMainEvent, ...args: unknown[]) => {
    const contents = event.sender;
    const known = trusted.has(contents) && !contents.isDestroyed();
    let frameUrl: string | null = null;
    let isMainFrame = false;
    try {
      const frame = known ? event.senderFrame : null;
      if (frame && !frame.detached) {
        const top = contents.mainFrame;
        frameUrl = frame.url;
        isMainFrame =
          frame.parent === null &&
          (frame === top || (frame.processId === top.processId && frame.frameToken === top.frameToken));
      }
    } catch {
      // A frame disposed meanwhile throws on access: it counts as no frame.
      frameUrl = null;
      isMainFrame = false;
    }
    const verdict = checkSender({ channel, frameUrl, isMainFrame, knownWindow: known });
    if (!verdict.ok) {
      if (!logged.has(verdict.reason)) {
        logged.add(verdict.reason);
        log(`[meshdeck] dropped an IPC message (${verdict.reason}); further ones for this reason are dropped silently`);
      }
      return;
    }
    connectionFor(contents).receive(args[0]);
  };
  const onRpc = listen(RPC_CHANNEL);
  ipcMain.on(RPC_CHANNEL, onRpc);

  return {
    trust(contents) {
      if (trusted.has(contents)) return;
      trusted.add(contents);
      contents.once('destroyed', () => drop(contents));
      contents.on('render-process-gone', () => drop(contents));
      // The page ends when a cross-document navigation commits (a reload, another app page); one that
      // only starts may never commit (a download, a 204), and then the page and its streams live on.
      contents.on('did-navigate', () => drop(contents));
    },
    dispose() {
      ipcMain.removeListener(RPC_CHANNEL, onRpc);
      for (const contents of [...connections.keys()]) drop(contents);
    },
  };
}
