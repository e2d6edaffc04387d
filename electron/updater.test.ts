import { describe, expect, it, vi } from 'vitest';
import { createUpdateChecker, type Updater, type UpdaterDeps } from './updater.js';

function fakeUpdater(available: string | null) {
  const updater = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowDowngrade: true,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(async () => (available ? { isUpdateAvailable: true, updateInfo: { version: available } } : { isUpdateAvailable: false, updateInfo: { version: '0.1.0' } })),
    downloadUpdate: vi.fn(async () => ['/tmp/update']),
    quitAndInstall: vi.fn(),
  };
  return updater;
}

function deps(settings: string | undefined, updater: ReturnType<typeof fakeUpdater>, answers: number[] = []) {
  const told: string[] = [];
  const asked: string[] = [];
  const d: UpdaterDeps = {
    settingsFile: '/home/u/.meshdeck/settings.json',
    readSettings: () => settings,
    facts: () => ({ isPackaged: true, bundledFeed: true }),
    currentVersion: '0.1.0',
    load: vi.fn(async () => updater as unknown as Updater),
    ask: async (message) => {
      asked.push(message);
      return answers.shift() ?? 1;
    },
    tell: async (message, detail) => {
      told.push(detail ? `${message}: ${detail}` : message);
    },
    log: () => undefined,
  };
  return { d, told, asked };
}

describe('update checks', () => {
  it('with updates turned off, the updater is never loaded, so nothing is fetched', async () => {
    const updater = fakeUpdater('0.2.0');
    const { d, told } = deps('{"updates":{"enabled":false}}', updater);
    const checker = createUpdateChecker(d);
    await checker.check('startup');
    await checker.check('menu');
    expect(d.load).not.toHaveBeenCalled();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    expect(told).toEqual(['No update check: Updates are turned off in /home/u/.meshdeck/settings.json ("updates": {"enabled": false}); Meshdeck does not look for them.']);
  });

  it('asks before downloading and again before installing; "Not now" and "Later" install nothing', async () => {
    const notNow = fakeUpdater('0.2.0');
    const first = deps(undefined, notNow, [1]);
    await createUpdateChecker(first.d).check('startup');
    expect(first.asked).toEqual(['Meshdeck 0.2.0 is available']);
    expect(notNow.downloadUpdate).not.toHaveBeenCalled();
    expect(notNow).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false });

    const later = fakeUpdater('0.2.0');
    const second = deps(undefined, later, [0, 1]);
    await createUpdateChecker(second.d).check('menu');
    expect(second.asked).toEqual(['Meshdeck 0.2.0 is available', 'Meshdeck 0.2.0 is ready to install']);
    expect(later.downloadUpdate).toHaveBeenCalledOnce();
    expect(later.quitAndInstall).not.toHaveBeenCalled();

    const yes = fakeUpdater('0.2.0');
    await createUpdateChecker(deps(undefined, yes, [0, 0]).d).check('menu');
    expect(yes.quitAndInstall).toHaveBeenCalledOnce();
  });

  it("uses the user's feed, says when there is nothing new (from the menu only), and reports a failed check", async () => {
    const none = fakeUpdater(null);
    const own = deps('{"updates":{"feedUrl":"https://updates.example/m"}}', none);
    await createUpdateChecker(own.d).check('menu');
    expect(none.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.example/m' });
    expect(own.told).toEqual(['Meshdeck 0.1.0 is up to date.']);
    const quiet = deps(undefined, fakeUpdater(null));
    await createUpdateChecker(quiet.d).check('startup');
    expect(quiet.told).toEqual([]);

    const broken = fakeUpdater(null);
    broken.checkForUpdates.mockRejectedValueOnce(new Error('net::ERR_NAME_NOT_RESOLVED'));
    const failing = deps(undefined, broken);
    await createUpdateChecker(failing.d).check('menu');
    expect(failing.told).toEqual(['Could not check for updates: net::ERR_NAME_NOT_RESOLVED']);
  });
});
