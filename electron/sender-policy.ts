/**
 * Who may talk to the core over IPC, as a pure decision (no electron import, so it is unit-tested).
 * Modelled on VS Code's validatedIpcMain, without its exemptions: an empty or about:blank URL is refused.
 */

/** The one IPC channel, both directions. */
export const RPC_CHANNEL = 'meshdeck:rpc';
export const APP_SCHEME = 'app';
export const APP_HOST = 'meshdeck';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` belongs to the app's origin, `app://meshdeck`. Node's URL gives custom schemes an
 * opaque origin ("null"), so the parts are compared one by one; a port or user info never matches.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** https: links without user info: the one kind of URL handed to the system browser. */
export function isExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

export interface SenderFacts {
  /** The channel the message arrived on. */
  channel: string;
  /** `event.senderFrame?.url`; null when the frame is gone. */
  frameUrl: string | null | undefined;
  /** The sender frame is the webContents' main (top) frame. */
  isMainFrame: boolean;
  /** The webContents belongs to a window this app created (and is not destroyed). */
  knownWindow: boolean;
}

export type SenderRefusal = 'wrong-channel' | 'unknown-window' | 'no-frame' | 'not-main-frame' | 'foreign-origin';
export type SenderVerdict = { ok: true } | { ok: false; reason: SenderRefusal };

export function checkSender(facts: SenderFacts): SenderVerdict {
  if (facts.channel !== RPC_CHANNEL) return { ok: false, reason: 'wrong-channel' };
  if (!facts.knownWindow) return { ok: false, reason: 'unknown-window' };
  if (facts.frameUrl === null || facts.frameUrl === undefined) return { ok: false, reason: 'no-frame' };
  if (!facts.isMainFrame) return { ok: false, reason: 'not-main-frame' };
  if (!isAppUrl(facts.frameUrl)) return { ok: false, reason: 'foreign-origin' };
  return { ok: true };
}
