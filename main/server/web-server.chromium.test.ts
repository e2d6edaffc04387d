import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core.js';
import { startWebServer, type WebServer } from './web-server.js';

/**
 * Finding 1 of the security review, in a real browser: after logging in, a link from the app to another server on
 * loopback must hand that server nothing it could use to drive the app (no session, no start token).
 */
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

interface Seen { url: string; headers: IncomingHttpHeaders }

let core: Core;
let app: WebServer;
let other: Server;
let otherPort: number;
let browser: Browser;
const seen: Seen[] = [];

beforeAll(async () => {
  // Not a silent skip: without the browser this test cannot say anything, so it fails and says why.
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed for this test and was not found at ${CHROMIUM} (set CHROMIUM to its path).`);
  other = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>another local server</title><p>hello</p>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherPort = (other.address() as AddressInfo).port;

  const root = mkdtempSync(join(tmpdir(), 'meshdeck-web-chromium-'));
  const dist = join(root, 'dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'index.html'), [
    '<!doctype html><title>Meshdeck</title>',
    `<a id="to-ip" href="http://127.0.0.1:${otherPort}/linked-ip">a local tool</a>`,
    `<a id="to-localhost" href="http://localhost:${otherPort}/linked-localhost">another local tool</a>`,
  ].join('\n'));
  core = await createCore({ env: { KUBECONFIG: join(root, 'none'), HOME: root, MESHDECK_HOME: join(root, 'home') }, includeSandboxContexts: false });
  app = await startWebServer({ handlers: core.handlers, staticDir: dist });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await core?.dispose();
  await new Promise<void>((resolve) => (other ? other.close(() => resolve()) : resolve()));
});

/** GET on the app with a cookie header, from outside any browser (as a local attacker would). */
function getApp(cookie: string): Promise<number> {
  const url = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path: '/', headers: { host: url.host, cookie } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web-mode session in Chromium', () => {
  it('gives another loopback server nothing usable when the user follows a link there', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(app.loginUrl);
    expect(page.url()).toBe(app.url);
    await expect(page.title()).resolves.toBe('Meshdeck');

    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    const session = cookies[0]!;
    const token = new URL(app.loginUrl).searchParams.get('token')!;
    expect(await getApp(`${session.name}=${session.value}`)).toBe(200); // it is the real session

    await Promise.all([page.waitForURL(`http://127.0.0.1:${otherPort}/linked-ip`), page.click('#to-ip')]);
    await page.goBack();
    await Promise.all([page.waitForURL(`http://localhost:${otherPort}/linked-localhost`), page.click('#to-localhost')]);
    await page.goto(`http://127.0.0.1:${otherPort}/typed`);
    await context.close();

    expect(seen.map((s) => s.url)).toEqual(expect.arrayContaining(['/linked-ip', '/linked-localhost', '/typed']));
    for (const request of seen) {
      const everything = JSON.stringify(request);
      expect(request.headers.cookie, request.url).toBeUndefined();
      expect(everything).not.toContain(session.value);
      expect(everything).not.toContain(token);
    }
    // The session is a secret of its own, out of reach of the page's scripts.
    expect(session.value).not.toBe(token);
    expect(session.httpOnly).toBe(true);
  }, 60_000);

  it('refuses the start token a second time, in another browser profile', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(app.loginUrl);
    expect(response?.status()).toBe(401);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  }, 60_000);
});
