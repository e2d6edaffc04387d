import { app, BrowserWindow, dialog, screen, session } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MeshdeckClient } from '../main/contract/client.js';
import { createCore, type Core } from '../main/core.js';
import { meshdeckHome } from '../main/platform/app-home.js';
import { RESOURCES_PATH_ENV } from '../main/platform/bundle-paths.js';
import { loginShellEnv, mergeShellEnv } from '../main/platform/shell-env.js';
import { localTransport } from '../main/rpc/local-transport.js';
import { createRpcServer } from '../main/rpc/server.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { refusedDebugArguments } from './debug-policy.js';
import { exportDiagnosticsToFile, setAboutPanel, showAbout } from './desktop-actions.js';
import { bindIpc, type IpcBinding } from './ipc.js';
import { installMenu } from './menu.js';
import { APP_ENTRY_URL, isAppUrl } from './sender-policy.js';
import { SETTINGS_FILE_NAME } from './update-policy.js';
import { createUpdateChecker } from './updater.js';
import { hardenedWindowOptions, lockNavigation } from './window.js';
import { readWindowState, restorePlacement, writeWindowState } from './window-state.js';

const SHELL_ENV_TIMEOUT_MS = 5_000;
const DISPOSE_TIMEOUT_MS = 5_000;

// A packaged app does not start with a debugger attached (see debug-policy.ts).
const refusedDebugging = refusedDebugArguments(app, process.argv);
if (refusedDebugging.length > 0) {
  console.error(`[meshdeck] refusing to start with debugging switches: ${refusedDebugging.join(' ')}`);
  app.exit(1);
}

// Both must happen before the app is ready.
registerAppScheme();
app.enableSandbox();

// An installed app carries istioctl and the image archives beside app.asar; the core finds them through this
// (main/platform/bundle-paths.ts). A development run reads the checkout's resources/.
if (app.isPackaged) process.env[RESOURCES_PATH_ENV] = process.resourcesPath;
else delete process.env[RESOURCES_PATH_ENV];

const windowStateFile = path.join(meshdeckHome(), 'window-state.json');
const settingsFile = path.join(meshdeckHome(), SETTINGS_FILE_NAME);

let core: Core | undefined;
let ipc: IpcBinding | undefined;
let mainWindow: BrowserWindow | undefined;
let disposing = false;

function userShell(): string {
  if (process.env.SHELL) return process.env.SHELL;
  try {
    return os.userInfo().shell || '/bin/sh';
  } catch {
    return '/bin/sh';
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // Checks are denied too, except writing (sanitized) text to the clipboard from the app's own page.
  ses.setPermissionCheckHandler((_contents, permission, origin) => permission === 'clipboard-sanitized-write' && isAppUrl(origin));
  ses.setDevicePermissionHandler(() => false);
}

function createWindow(binding: IpcBinding): BrowserWindow {
  const preload = path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs');
  const placement = restorePlacement(readWindowState(windowStateFile), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow(hardenedWindowOptions(preload, app, placement));
  lockNavigation(win.webContents);
  binding.trust(win.webContents);
  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize();
    win.show();
  });
  // Remembered for the next launch: the size and place it has when not maximized, and whether it is.
  win.on('close', () => writeWindowState(windowStateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }));
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => console.error(`[meshdeck] could not load the UI: ${describe(err)}`));
  return win;
}

async function start(): Promise<void> {
  // Exec credential plugins live on the login shell's PATH, which a desktop launcher does not give us.
  const shellEnv = process.platform === 'win32' ? Promise.resolve(null) : loginShellEnv(userShell(), SHELL_ENV_TIMEOUT_MS);
  await app.whenReady();
  const env = await shellEnv;
  if (env) Object.assign(process.env, mergeShellEnv(process.env, env));
  else if (process.platform !== 'win32') console.warn('[meshdeck] could not read the login shell environment; keeping the launch environment');

  hardenSession();
  serveRenderer(path.join(app.getAppPath(), 'dist', 'renderer'));
  setAboutPanel();

  core = await createCore({ env: process.env });
  ipc = bindIpc(createRpcServer(core.handlers));
  // The menu's own calls into the core go through the contract too.
  const client = new MeshdeckClient(localTransport(core.handlers));
  const updates = createUpdateChecker({
    settingsFile,
    readSettings,
    facts: () => ({ isPackaged: app.isPackaged, bundledFeed: existsSync(path.join(process.resourcesPath, 'app-update.yml')) }),
    currentVersion: app.getVersion(),
    load: async () => (await import('electron-updater')).autoUpdater,
    ask: async (message, detail, buttons) => {
      const options = { type: 'question' as const, message, detail, buttons, defaultId: 0, cancelId: buttons.length - 1 };
      return (await (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options))).response;
    },
    tell: async (message, detail) => {
      const options = { type: 'info' as const, message, ...(detail ? { detail } : {}) };
      await (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
    },
    log: (line) => console.warn(line),
  });
  installMenu({
    about: () => void showAbout(mainWindow),
    checkForUpdates: () => void updates.check('menu'),
    exportDiagnostics: () => void exportDiagnosticsToFile(client, mainWindow),
  });
  mainWindow = createWindow(ipc);
  void updates.check('startup');
}

/** settings.json's text; undefined when there is none. One that exists but cannot be read reads as not JSON, which
 * the update policy treats as updates off. */
function readSettings(): string | undefined {
  try {
    return readFileSync(settingsFile, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : '(unreadable)';
  }
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // One Meshdeck at a time: a second launch brings the first one's window forward (or opens it again on macOS,
  // where the app outlives its window).
  app.on('second-instance', () => {
    if (!mainWindow) {
      if (ipc) mainWindow = createWindow(ipc);
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (ipc && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(ipc);
  });
  app.on('will-quit', (event) => {
    const current = core;
    if (!current) return;
    event.preventDefault();
    if (disposing) return;
    disposing = true;
    ipc?.dispose();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS).unref());
    const disposal = current.dispose().catch((err: unknown) => console.error(`[meshdeck] core shutdown failed: ${describe(err)}`));
    void Promise.race([disposal, timeout]).finally(() => {
      core = undefined;
      app.quit();
    });
  });
  start().catch((err: unknown) => {
    console.error(`[meshdeck] start-up failed: ${describe(err)}`);
    dialog.showErrorBox('Meshdeck could not start', describe(err));
    app.quit();
  });
}
