import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../contract/csp.js';
import { MAX_MESSAGE_BYTES, type ServerMessage } from '../contract/wire.js';
import { createRpcServer, type Handlers } from '../rpc/server.js';
import { cookieValue, hostAllowed, originAllowed, randomLoopbackHostName, SECURITY_HEADERS, SESSION_COOKIE } from './web-security.js';
import { DEFAULT_SESSION_POLICY, WebSessions, type SessionPolicy } from './web-session.js';

export interface WebServerOptions {
  handlers: Handlers;
  /** Built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** Fixed first start token for tests; a random one otherwise. */
  token?: string;
  /** Fixed host name for tests; a random `meshdeck-….localhost` otherwise (see randomLoopbackHostName). */
  hostName?: string;
  sessionPolicy?: SessionPolicy;
  /** Clock for session expiry (tests). */
  now?: () => number;
  log?: (line: string) => void;
}

export interface WebServer {
  /** The app's address, on its own loopback host name. */
  url: string;
  /** The URL to open once: it carries a single-use start token, traded for a session cookie. */
  loginUrl: string;
  /** Another single-use login URL (a second browser, or after the session expired). */
  newLoginUrl(): string;
  hostName: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
};

/**
 * Web mode: the same renderer and contract as the desktop app, served on loopback only, under a random
 * `*.localhost` name. A single-use start token (in the login URL) is traded for a session of its own, kept in a
 * host-only Strict HttpOnly cookie; every request needs that session and our exact Host (DNS rebinding), and
 * the WebSocket our own Origin too.
 */
export async function startWebServer(o: WebServerOptions): Promise<WebServer> {
  const hostName = (o.hostName ?? randomLoopbackHostName()).toLowerCase();
  const sessions = new WebSessions(o.sessionPolicy ?? DEFAULT_SESSION_POLICY, o.now);
  const firstToken = sessions.issueStartToken(o.token);
  const rpc = createRpcServer(o.handlers);
  let port = 0;

  const refuse = (res: ServerResponse, code: number, text: string) => {
    res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS });
    res.end(text + '\n');
  };

  async function serveFile(req: IncomingMessage, res: ServerResponse, pathname: string) {
    try {
      const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
      const file = normalize(join(o.staticDir, rel));
      if (!file.startsWith(normalize(o.staticDir) + sep)) return refuse(res, 404, 'Not found.');
      if (!(await stat(file)).isFile()) return refuse(res, 404, 'Not found.');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'cache-control': extname(file) === '.html' ? 'no-store' : 'private, max-age=3600',
        ...SECURITY_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      // A bad percent-encoding or a missing file: either way, nothing to serve.
      refuse(res, 404, 'Not found.');
    }
  }

  const sessionOf = (req: IncomingMessage) => cookieValue(req.headers.cookie, SESSION_COOKIE);

  const server = createServer((req, res) => {
    if (!hostAllowed(req.headers.host, hostName, port)) {
      return refuse(res, 421, `Meshdeck answers only at http://${hostName}:${port}/ (open the URL it printed).`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', `http://${hostName}:${port}`);
    const given = url.searchParams.get('token');
    if (given !== null) {
      const exchange = sessions.exchange(given);
      if (!exchange.ok) {
        return refuse(res, 401, exchange.reason === 'used'
          ? 'That login URL was already used: each works once. Press Enter where Meshdeck runs for a new one, or restart it.'
          : 'That login URL is not valid for this Meshdeck. Open the URL Meshdeck printed when it started.');
      }
      // The session, not the token, goes into a host-only cookie; always back to our own root, never to the
      // request's path (`/.//evil.example` would otherwise be a protocol-relative redirect off the machine).
      res.writeHead(302, {
        'set-cookie': `${SESSION_COOKIE}=${exchange.sessionId}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${exchange.maxAgeSeconds}`,
        location: '/', 'cache-control': 'no-store', ...SECURITY_HEADERS,
      });
      return res.end();
    }
    if (!sessions.touch(sessionOf(req))) {
      return refuse(res, 401, 'You are not logged in, or your session ended. Open a login URL printed by Meshdeck (each works once; press Enter where it runs for a new one).');
    }
    void serveFile(req, res, url.pathname);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ok = url.pathname === '/rpc' && hostAllowed(req.headers.host, hostName, port) && originAllowed(req.headers.origin, hostName, port);
    const lease = ok ? sessions.socketOpened(sessionOf(req)) : undefined;
    if (!lease) {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      return;
    }
    // However the connection ends (even a handshake ws refuses), the session stops counting it as activity.
    socket.once('close', () => lease.closed());
    wss.handleUpgrade(req, socket, head, (ws) => {
      // The session's absolute end closes its sockets too; the page then shows the link as lost.
      const ending = setTimeout(() => ws.close(1008, 'session ended'), Math.min(2 ** 31 - 1, Math.max(0, lease.endsAt - (o.now ?? Date.now)())));
      ending.unref();
      const conn = rpc.connect((m: ServerMessage) => {
        if (ws.readyState !== ws.OPEN) return;
        // A client that stopped reading must not make us buffer its streams forever.
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
        ws.send(JSON.stringify(m));
      });
      const closed = () => {
        clearTimeout(ending);
        lease.closed();
        conn.close();
      };
      ws.on('message', (data, isBinary) => {
        if (isBinary) return ws.close(1003, 'text only');
        let parsed: unknown;
        try { parsed = JSON.parse(data.toString()); } catch { return ws.close(1007, 'not JSON'); }
        conn.receive(parsed);
      });
      ws.on('close', closed);
      ws.on('error', closed);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://${hostName}:${port}`;
  return {
    url: `${base}/`,
    loginUrl: `${base}/?token=${firstToken}`,
    newLoginUrl: () => `${base}/?token=${sessions.issueStartToken()}`,
    hostName,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
