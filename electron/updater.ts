import type { AppUpdater } from 'electron-updater';
import { decideUpdateCheck, parseUpdateSettings, refusalText, type UpdateFacts, type UpdateTrigger } from './update-policy.js';

/**
 * Looks for an update when the policy allows it, and installs one only when the user said yes twice: once to
 * download it, once to restart into it (electron-updater never downloads or installs on its own here). The updater
 * itself is loaded only once a check is allowed, so with updates turned off no update code runs and nothing is
 * fetched. Electron's dialogs and the settings file are handed in, so the flow is tested without Electron.
 */
export type Updater = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'setFeedURL' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall'>;

export interface UpdaterDeps {
  settingsFile: string;
  /** settings.json's text, undefined when there is none. */
  readSettings(): string | undefined;
  facts(): UpdateFacts;
  currentVersion: string;
  load(): Promise<Updater>;
  /** Asks a question; answers the index of the button chosen. */
  ask(message: string, detail: string, buttons: string[]): Promise<number>;
  tell(message: string, detail?: string): Promise<void>;
  log(line: string): void;
}

export function createUpdateChecker(deps: UpdaterDeps): { check(trigger: UpdateTrigger): Promise<void> } {
  let running = false;
  return {
    async check(trigger) {
      const settings = parseUpdateSettings(deps.readSettings());
      const decision = decideUpdateCheck(settings, deps.facts(), trigger);
      if (!decision.check) {
        if (trigger === 'menu') await deps.tell('No update check', refusalText(decision.reason, deps.settingsFile, settings.ok ? undefined : settings.problem));
        return;
      }
      if (running) return;
      running = true;
      try {
        const updater = await deps.load();
        updater.autoDownload = false;
        updater.autoInstallOnAppQuit = false;
        updater.allowDowngrade = false;
        if (decision.feedUrl) updater.setFeedURL({ provider: 'generic', url: decision.feedUrl });
        const result = await updater.checkForUpdates();
        if (!result?.isUpdateAvailable) {
          if (trigger === 'menu') await deps.tell(`Meshdeck ${deps.currentVersion} is up to date.`);
          return;
        }
        const version = result.updateInfo.version;
        const download = await deps.ask(`Meshdeck ${version} is available`, `You have ${deps.currentVersion}. Download it now? Nothing is installed until you say so.`, ['Download', 'Not now']);
        if (download !== 0) return;
        await updater.downloadUpdate();
        const install = await deps.ask(`Meshdeck ${version} is ready to install`, 'Meshdeck closes, installs it and starts again. With "Later" it is not installed, not even when you quit.', ['Restart and install', 'Later']);
        if (install === 0) updater.quitAndInstall();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        deps.log(`[meshdeck] update check failed: ${message}`);
        if (trigger === 'menu') await deps.tell('Could not check for updates', message);
      } finally {
        running = false;
      }
    },
  };
}
