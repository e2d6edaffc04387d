import { z } from 'zod';

/**
 * Whether the desktop app may look for an update, as a pure decision (tested without Electron). The user's settings
 * live in Meshdeck's home (settings.json, `updates`); with updates turned off nothing is fetched at all: the updater
 * is not even loaded. A settings file that cannot be read counts as off, so a damaged file never re-enables what the
 * user turned off. Web mode has no updater: this module is only ever reached from the desktop shell.
 */
export const SETTINGS_FILE_NAME = 'settings.json';

export interface UpdateSettings {
  /** Look for updates at all (default true). */
  enabled: boolean;
  /** Look once at start-up, besides "Check for Updates…" (default true). */
  checkOnStartup: boolean;
  /** A feed of one's own (electron-updater's generic provider); default: the feed built into the app. */
  feedUrl?: string;
}

export type SettingsRead = { ok: true; updates: UpdateSettings } | { ok: false; problem: string };

const Settings = z.looseObject({
  updates: z
    .object({
      enabled: z.boolean().optional(),
      checkOnStartup: z.boolean().optional(),
      feedUrl: z.url({ protocol: /^https$/ }).optional(),
    })
    .strict()
    .optional(),
});

/** Reads settings.json's text; `undefined` means there is no file (the defaults). */
export function parseUpdateSettings(text: string | undefined): SettingsRead {
  if (text === undefined) return { ok: true, updates: { enabled: true, checkOnStartup: true } };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `not JSON (${(err as Error).message})` };
  }
  const parsed = Settings.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const u = parsed.data.updates ?? {};
  return { ok: true, updates: { enabled: u.enabled ?? true, checkOnStartup: u.checkOnStartup ?? true, ...(u.feedUrl ? { feedUrl: u.feedUrl } : {}) } };
}

export type UpdateTrigger = 'startup' | 'menu';

export interface UpdateFacts {
  /** An installed app (a development run has nothing to update). */
  isPackaged: boolean;
  /** The app carries a feed (app-update.yml, written by the packaging step). */
  bundledFeed: boolean;
}

export type UpdateRefusal = 'settings-unreadable' | 'turned-off' | 'development' | 'no-feed' | 'not-on-startup';
export type UpdateDecision = { check: true; feedUrl?: string } | { check: false; reason: UpdateRefusal };

export function decideUpdateCheck(settings: SettingsRead, facts: UpdateFacts, trigger: UpdateTrigger): UpdateDecision {
  if (!settings.ok) return { check: false, reason: 'settings-unreadable' };
  const { updates } = settings;
  if (!updates.enabled) return { check: false, reason: 'turned-off' };
  if (!facts.isPackaged) return { check: false, reason: 'development' };
  if (!updates.feedUrl && !facts.bundledFeed) return { check: false, reason: 'no-feed' };
  if (trigger === 'startup' && !updates.checkOnStartup) return { check: false, reason: 'not-on-startup' };
  return updates.feedUrl ? { check: true, feedUrl: updates.feedUrl } : { check: true };
}

/** What "Check for Updates…" says when it does not check. */
export function refusalText(reason: UpdateRefusal, settingsFile: string, problem?: string): string {
  switch (reason) {
    case 'settings-unreadable':
      return `Updates stay off: ${settingsFile} could not be read${problem ? ` (${problem})` : ''}.`;
    case 'turned-off':
      return `Updates are turned off in ${settingsFile} ("updates": {"enabled": false}); Meshdeck does not look for them.`;
    case 'development':
      return 'This is a development run of Meshdeck; only an installed app updates itself.';
    case 'no-feed':
      return `This build has no update feed; set "updates": {"feedUrl": "https://…"} in ${settingsFile}.`;
    case 'not-on-startup':
      return 'Start-up checks are turned off.';
  }
}
