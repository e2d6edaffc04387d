import { randomBytes } from 'node:crypto';

/** Pure request checks of the web-mode server, kept apart so they are tested without sockets. */

export const SESSION_COOKIE = 'meshdeck_session';

/**
 * Why a random `*.localhost` name: browsers do not isolate cookies by port, so a cookie set by 127.0.0.1:A is
 * also sent to every other server on 127.0.0.1 (or localhost) the browser visits. A host-only cookie (no Domain
 * attribute) set by `meshdeck-<128 random bits>.localhost` goes only to that exact name, which no other local
 * server is addressed by: a page cannot link there without knowing the name, and Meshdeck's pages send no
 * Referer. `.localhost` is reserved for loopback (RFC 6761); Chromium and Firefox resolve it to loopback
 * themselves, without asking DNS.
 */
export function randomLoopbackHostName(): string {
  return `meshdeck-${randomBytes(16).toString('hex')}.localhost`;
}

/** The one Host a server answers to; anything else is DNS rebinding, another name for loopback, or a mistake. */
export function hostAllowed(host: string | undefined, hostName: string, port: number): boolean {
  return !!host && host.toLowerCase() === `${hostName}:${port}`;
}

/** A WebSocket must come from our own page: Origin http://<our host name>:<port>. */
export function originAllowed(origin: string | undefined, hostName: string, port: number): boolean {
  if (!origin) return false;
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && u.host.toLowerCase() === `${hostName}:${port}` && u.pathname === '/' && origin === u.origin;
  } catch {
    return false;
  }
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
