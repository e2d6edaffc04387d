import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore, type Core } from '../core.js';
import { startWebServer, type WebServer } from './web-server.js';

/** Web mode's guards, over real sockets on loopback. */
let core: Core;
let server: WebServer;
const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';
const HOST_NAME = 'meshdeck-test.localhost';
let session = '';

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'meshdeck-web-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Meshdeck</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the static root');
  core = await createCore({ env: { KUBECONFIG: join(root, 'none'), HOME: root, MESHDECK_HOME: join(root, 'home') }, includeSandboxContexts: false });
  server = await startWebServer({ handlers: core.handlers, staticDir: dist, token: TOKEN, hostName: HOST_NAME });
  session = sessionFrom(await get(`/?token=${TOKEN}`));
});
afterAll(async () => { await server.close(); await core.dispose(); });

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function get(path: string, headers: Record<string, string> = {}, to: WebServer = server): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: to.port, path, headers: { host: `${to.hostName}:${to.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The session id a token exchange set in its cookie. */
function sessionFrom(reply: Reply): string {
  const match = /meshdeck_session=([^;]+);/.exec(String(reply.headers['set-cookie']));
  if (!match) throw new Error(`no session cookie in ${String(reply.headers['set-cookie'])}`);
  return match[1]!;
}

const cookie = (id = session) => `meshdeck_session=${id}`;
const origin = (to: WebServer = server) => `http://${to.hostName}:${to.port}`;

function openSocket(headers: Record<string, string>, to: WebServer = server): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${to.port}/rpc`, { headers: { host: `${to.hostName}:${to.port}`, ...headers } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('web-mode server', () => {
  it('listens on loopback only, under its own host name', () => {
    expect(server.url).toBe(`http://${HOST_NAME}:${server.port}/`);
  });

  it('picks a random *.localhost name by default', async () => {
    const other = await startWebServer({ handlers: core.handlers, staticDir: join(tmpdir(), 'none') });
    await other.close();
    expect(other.hostName).toMatch(/^meshdeck-[0-9a-f]{32}\.localhost$/);
    expect(other.loginUrl).toMatch(new RegExp(`^http://${other.hostName}:${other.port}/\\?token=`));
  });

  it('refuses pages without a token, and with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { cookie: 'meshdeck_session=wrong' })).status).toBe(401);
  });

  it('trades a start token once for a session of its own, in a host-only Strict HttpOnly cookie', async () => {
    const login = server.newLoginUrl();
    const path = login.slice(origin().length);
    const r = await get(path);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/');
    expect(String(r.headers['set-cookie'])).toMatch(/^meshdeck_session=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    const id = sessionFrom(r);
    expect(id).not.toBe(new URL(login).searchParams.get('token'));
    expect((await get('/', { cookie: cookie(id) })).status).toBe(200);
    // A second exchange of the same token is refused, and says why.
    const again = await get(path);
    expect(again.status).toBe(401);
    expect(again.body).toContain('already used');
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await get(`/?token=${TOKEN}`)).status).toBe(401);
  });

  it('redirects a token exchange only to its own root (no open redirect)', async () => {
    for (const path of ['/.//evil.example/x', '//evil.example/x', '/\\evil.example', '/assets/app.js']) {
      const url = new URL(server.newLoginUrl());
      const r = await get(`${path}${url.search}`);
      expect(r.status, path).toBe(302);
      expect(r.headers.location, path).toBe('/');
    }
  });

  it('answers only its own host name: 127.0.0.1 and localhost are other names, refused even with the cookie', async () => {
    expect((await get('/', { cookie: cookie(), host: `127.0.0.1:${server.port}` })).status).toBe(421);
    expect((await get('/', { cookie: cookie(), host: `localhost:${server.port}` })).status).toBe(421);
  });

  it('serves the page with the cookie, under a strict CSP', async () => {
    const r = await get('/', { cookie: cookie() });
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses a foreign Host (DNS rebinding), even with the cookie', async () => {
    expect((await get('/', { cookie: cookie(), host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get('/', { cookie: cookie(), host: 'localhost:1' })).status).toBe(421);
  });

  it('survives a malformed percent-encoding', async () => {
    expect((await get('/%', { cookie: cookie() })).status).toBe(404);
    expect((await get('/', { cookie: cookie() })).status).toBe(200);
  });

  it('does not serve files outside the static root', async () => {
    expect((await get('/..%2Fsecret.txt', { cookie: cookie() })).status).toBe(404);
    expect((await get('/../secret.txt', { cookie: cookie() })).status).toBe(404);
  });

  it('refuses WebSockets without the session, from a foreign Origin, or via a foreign Host', async () => {
    await expect(openSocket({ origin: origin() })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: origin(), cookie: `meshdeck_session=${TOKEN}` })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: 'http://evil.example', cookie: cookie() })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: `http://127.0.0.1:${server.port}`, cookie: cookie() })).rejects.toThrow(/403/);
    await expect(openSocket({ cookie: cookie() })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: origin(), cookie: cookie(), host: 'evil.example' })).rejects.toThrow(/403/);
  });

  it('ends sessions: after an idle hour, and after 12 hours even when in use (pages and sockets)', async () => {
    let now = 1_000_000;
    const timed = await startWebServer({ handlers: core.handlers, staticDir: join(tmpdir(), 'none'), token: TOKEN, now: () => now });
    try {
      const idle = sessionFrom(await get(`/?token=${TOKEN}`, {}, timed));
      now += 59 * 60_000;
      expect((await get('/', { cookie: cookie(idle) }, timed)).status).toBe(404); // live (no index.html there)
      now += 60 * 60_000;
      expect((await get('/', { cookie: cookie(idle) }, timed)).status).toBe(401);
      await expect(openSocket({ origin: origin(timed), cookie: cookie(idle) }, timed)).rejects.toThrow(/403/);

      const busy = sessionFrom(await get(`/${new URL(timed.newLoginUrl()).search}`, {}, timed));
      const ws = await openSocket({ origin: origin(timed), cookie: cookie(busy) }, timed);
      now += 3 * 60 * 60_000; // an open socket is activity: three quiet hours do not end the session
      expect((await get('/', { cookie: cookie(busy) }, timed)).status).toBe(404);
      ws.close();
      now += 9 * 60 * 60_000;
      expect((await get('/', { cookie: cookie(busy) }, timed)).status).toBe(401);
    } finally {
      await timed.close();
    }
  });

  it('carries the contract over an accepted WebSocket and validates every message', async () => {
    const ws = await openSocket({ origin: origin(), cookie: cookie() });
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'app.info', input: {} }));
    ws.send(JSON.stringify({ type: 'call', id: 2, method: 'contexts.probe', input: { context: 42 } }));
    ws.send(JSON.stringify({ type: 'call', id: 3, method: 'no.such', input: {} }));
    await new Promise((r) => setTimeout(r, 300));
    ws.close();
    expect(replies).toContainEqual(expect.objectContaining({ id: 1, type: 'result', output: expect.objectContaining({ name: 'Meshdeck' }) }));
    expect(replies).toContainEqual(expect.objectContaining({ id: 2, type: 'error', error: expect.objectContaining({ code: 'BAD_REQUEST' }) }));
    expect(replies).toContainEqual(expect.objectContaining({ id: 3, type: 'error', error: expect.objectContaining({ code: 'NOT_FOUND' }) }));
  });
});
