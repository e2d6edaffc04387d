import { shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { devToolsEnabled, type BuildKind } from './debug-policy.js';
import { isAppUrl, isExternalLink } from './sender-policy.js';

/** The only options a Meshdeck window is created with (VS Code's defaultBrowserWindowOptions idea). */
export function hardenedWindowOptions(preload: string, build: BuildKind): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    title: 'Meshdeck',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: devToolsEnabled(build),
    },
  };
}

/**
 * Keeps the window on the app: navigations and redirects away from app://meshdeck are cancelled;
 * new windows are never created, and an https: link asked for in one opens in the system browser.
 */
export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
}
