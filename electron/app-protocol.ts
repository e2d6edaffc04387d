import { protocol } from 'electron';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../main/contract/csp.js';
import { contentType, isInside, resolveAppFile } from './app-path.js';
import { APP_SCHEME } from './sender-policy.js';

/** Must run before `app` is ready: app:// becomes a standard, secure origin (storage, fetch, ES modules). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

function respond(status: number, body: Uint8Array | string | null, type = 'text/plain; charset=utf-8'): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

/** Serves the built renderer from `root` (dist/renderer) at app://meshdeck/. Call once `app` is ready. */
export function serveRenderer(root: string): void {
  const rootReal = realpath(path.resolve(root)).catch(() => path.resolve(root));
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');
    const base = await rootReal;
    const file = resolveAppFile(base, request.url);
    if (!file) return respond(404, 'Not found');
    // A path without an extension is a client-side route: answer with the app's page.
    const candidates = path.extname(file) ? [file] : [file, path.join(base, 'index.html')];
    for (const candidate of candidates) {
      try {
        const real = await realpath(candidate);
        if (!isInside(base, real)) return respond(404, 'Not found');
        const body = await readFile(real);
        return respond(200, request.method === 'HEAD' ? null : new Uint8Array(body), contentType(real));
      } catch {
        // not there: try the next candidate
      }
    }
    return respond(404, 'Not found');
  });
}
