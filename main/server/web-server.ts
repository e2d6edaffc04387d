import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../contract/csp.js';
import type { ServerMessage } from '../contract/wire.js';
import { createRpcServer, type Handlers } from '../rpc/server.js';
import { cookieValue, hostAllowed, originAllowed, SECURITY_HEADERS, SESSION_COOKIE, tokensEqual } from './web-security.js';

export interface WebServerOptions {
  handlers: Handlers;
  /** Built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; a random one per start otherwise. */
  token?: string;
  log?: (line: string) => void;
}

export interface WebServer {
  url: string;
  /** The URL to open once: it carries the token, which becomes an HttpOnly cookie. */
  loginUrl: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
};

/**
 * Web mode: the same renderer and contract as the desktop app, served on loopback only.
 * Every request needs the per-start token (once in the URL, then a Strict HttpOnly cookie), a loopback
 * Host (DNS rebinding), and for the WebSocket our own Origin.
 */
export async function startWebServer(o: WebServerOptions): Promise<WebServer> {
  const token = o.token ?? randomBytes(32).toString('base64url');
  const rpc = createRpcServer(o.handlers);
  let port = 0;
  // Cookies ignore ports: one name per instance, so two Meshdecks on one machine do not log each other out.
  let cookieName = SESSION_COOKIE;

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

  const server = createServer((req, res) => {
    if (!hostAllowed(req.headers.host, port)) return refuse(res, 421, 'Meshdeck answers only on 127.0.0.1 or localhost.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!tokensEqual(given, token)) return refuse(res, 401, 'That token is not valid for this Meshdeck. Open the URL Meshdeck printed when it started.');
      // Trade the token in the URL for a cookie, so it leaves the address bar and history.
      res.writeHead(302, {
        'set-cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname, 'cache-control': 'no-store', ...SECURITY_HEADERS,
      });
      return res.end();
    }
    if (!tokensEqual(cookieValue(req.headers.cookie, cookieName), token)) {
      return refuse(res, 401, 'Open the URL Meshdeck printed when it started (it carries a one-time token).');
    }
    void serveFile(req, res, url.pathname);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ok = url.pathname === '/rpc' && hostAllowed(req.headers.host, port) && originAllowed(req.headers.origin, port)
      && tokensEqual(cookieValue(req.headers.cookie, cookieName), token);
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = rpc.connect((m: ServerMessage) => {
        if (ws.readyState !== ws.OPEN) return;
        // A client that stopped reading must not make us buffer its streams forever.
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
        ws.send(JSON.stringify(m));
      });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return ws.close(1003, 'text only');
        let parsed: unknown;
        try { parsed = JSON.parse(data.toString()); } catch { return ws.close(1007, 'not JSON'); }
        conn.receive(parsed);
      });
      ws.on('close', () => conn.close());
      ws.on('error', () => conn.close());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  cookieName = `${SESSION_COOKIE}_${port}`;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/`,
    loginUrl: `${base}/?token=${token}`,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
