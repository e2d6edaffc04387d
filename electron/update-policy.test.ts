import { describe, expect, it } from 'vitest';
import { decideUpdateCheck, parseUpdateSettings, refusalText, type UpdateFacts } from './update-policy.js';

const installed: UpdateFacts = { isPackaged: true, bundledFeed: true };

describe('parseUpdateSettings', () => {
  it('defaults to on, with start-up checks, when there is no settings file or no updates section', () => {
    expect(parseUpdateSettings(undefined)).toEqual({ ok: true, updates: { enabled: true, checkOnStartup: true } });
    expect(parseUpdateSettings('{"theme":"dark"}')).toEqual({ ok: true, updates: { enabled: true, checkOnStartup: true } });
  });

  it('reads the switches and an https feed', () => {
    expect(parseUpdateSettings('{"updates":{"enabled":false}}')).toEqual({ ok: true, updates: { enabled: false, checkOnStartup: true } });
    expect(parseUpdateSettings('{"updates":{"checkOnStartup":false,"feedUrl":"https://updates.example/meshdeck"}}')).toEqual({
      ok: true, updates: { enabled: true, checkOnStartup: false, feedUrl: 'https://updates.example/meshdeck' },
    });
  });

  it('refuses a damaged file, an http feed and unknown update keys', () => {
    for (const text of ['{not json', '{"updates":{"enabled":"no"}}', '{"updates":{"feedUrl":"http://updates.example/"}}', '{"updates":{"enable":false}}', '[]']) {
      expect(parseUpdateSettings(text).ok, text).toBe(false);
    }
  });
});

describe('decideUpdateCheck', () => {
  it('fetches nothing when updates are turned off, whatever asks', () => {
    const off = parseUpdateSettings('{"updates":{"enabled":false,"feedUrl":"https://updates.example/"}}');
    for (const trigger of ['startup', 'menu'] as const) {
      expect(decideUpdateCheck(off, installed, trigger)).toEqual({ check: false, reason: 'turned-off' });
    }
  });

  it('treats settings it cannot read as off, so a damaged file never turns updates back on', () => {
    expect(decideUpdateCheck(parseUpdateSettings('{"updates":'), installed, 'menu')).toEqual({ check: false, reason: 'settings-unreadable' });
  });

  it('never checks from a development run, nor without a feed', () => {
    const on = parseUpdateSettings(undefined);
    expect(decideUpdateCheck(on, { isPackaged: false, bundledFeed: true }, 'menu')).toEqual({ check: false, reason: 'development' });
    expect(decideUpdateCheck(on, { isPackaged: true, bundledFeed: false }, 'menu')).toEqual({ check: false, reason: 'no-feed' });
  });

  it("checks at start-up unless start-up checks are off, always from the menu, with the user's feed if given", () => {
    expect(decideUpdateCheck(parseUpdateSettings(undefined), installed, 'startup')).toEqual({ check: true });
    const manual = parseUpdateSettings('{"updates":{"checkOnStartup":false}}');
    expect(decideUpdateCheck(manual, installed, 'startup')).toEqual({ check: false, reason: 'not-on-startup' });
    expect(decideUpdateCheck(manual, installed, 'menu')).toEqual({ check: true });
    const own = parseUpdateSettings('{"updates":{"feedUrl":"https://updates.example/m"}}');
    expect(decideUpdateCheck(own, { isPackaged: true, bundledFeed: false }, 'menu')).toEqual({ check: true, feedUrl: 'https://updates.example/m' });
  });

  it('explains each refusal', () => {
    expect(refusalText('turned-off', '/home/u/.meshdeck/settings.json')).toContain('/home/u/.meshdeck/settings.json');
    expect(refusalText('settings-unreadable', 'settings.json', 'not JSON')).toContain('not JSON');
  });
});
