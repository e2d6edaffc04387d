import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET a URL and return the status (0 when nothing answers). TLS with the sandbox CA and a client cert. */
export function probe(url: string, tls?: { ca: string; cert?: string; key?: string }, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const opts = { method: 'GET', timeout: timeoutMs, host: u.hostname, port: u.port, path: u.pathname + u.search };
    const req = u.protocol === 'https:'
      ? request({
        ...opts,
        ca: tls ? readFileSync(tls.ca) : undefined,
        cert: tls?.cert ? readFileSync(tls.cert) : undefined,
        key: tls?.key ? readFileSync(tls.key) : undefined,
        rejectUnauthorized: !!tls,
      }, (res) => { res.resume(); resolve(res.statusCode ?? 0); })
      : httpRequest(opts, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.end();
  });
}

/** Polls until `check` is true; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}
