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

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'meshdeck-web-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Meshdeck</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the static root');
  core = await createCore({ env: { KUBECONFIG: join(root, 'none'), HOME: root }, includeSandboxContexts: false });
  server = await startWebServer({ handlers: core.handlers, staticDir: dist, token: TOKEN });
});
afterAll(async () => { await server.close(); await core.dispose(); });

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookie = () => `meshdeck_session_${server.port}=${TOKEN}`;
const origin = () => `http://127.0.0.1:${server.port}`;

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('web-mode server', () => {
  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses pages without a token, and with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { cookie: 'meshdeck_session=wrong' })).status).toBe(401);
  });

  it('trades the token for a Strict HttpOnly cookie and a clean URL', async () => {
    const r = await get(`/?token=${TOKEN}`);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/');
    expect(String(r.headers['set-cookie'])).toMatch(new RegExp(`meshdeck_session_${server.port}=.+; HttpOnly; SameSite=Strict; Path=/`));
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

  it('refuses WebSockets without the cookie, from a foreign Origin, or via a foreign Host', async () => {
    await expect(openSocket({ origin: origin() })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: 'http://evil.example', cookie: cookie() })).rejects.toThrow(/403/);
    await expect(openSocket({ cookie: cookie() })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: origin(), cookie: cookie(), host: 'evil.example' })).rejects.toThrow(/403/);
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
