import { shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { devToolsEnabled, type BuildKind } from './debug-policy.js';
import { isAppUrl, isExternalLink } from './sender-policy.js';
import { DEFAULT_SIZE, MIN_SIZE, type Placement } from './window-state.js';

/**
 * The only options a Meshdeck window is created with (VS Code's defaultBrowserWindowOptions idea). The remembered
 * placement (window-state.ts) sets size and place only; nothing it holds reaches webPreferences.
 */
export function hardenedWindowOptions(preload: string, build: BuildKind, placement?: Placement): BrowserWindowConstructorOptions {
  const place = placement ?? { ...DEFAULT_SIZE, maximized: false };
  return {
    width: place.width,
    height: place.height,
    ...(place.x !== undefined && place.y !== undefined ? { x: place.x, y: place.y } : {}),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
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
