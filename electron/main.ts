import { app, BrowserWindow, dialog, session } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../main/core.js';
import { loginShellEnv, mergeShellEnv } from '../main/platform/shell-env.js';
import { createRpcServer } from '../main/rpc/server.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { refusedDebugArguments } from './debug-policy.js';
import { bindIpc, type IpcBinding } from './ipc.js';
import { installMenu } from './menu.js';
import { APP_ENTRY_URL, isAppUrl } from './sender-policy.js';
import { hardenedWindowOptions, lockNavigation } from './window.js';

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
  const win = new BrowserWindow(hardenedWindowOptions(preload, app));
  lockNavigation(win.webContents);
  binding.trust(win.webContents);
  win.once('ready-to-show', () => win.show());
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
  installMenu();
  app.setAboutPanelOptions({ applicationName: 'Meshdeck', applicationVersion: app.getVersion() });

  core = await createCore({ env: process.env });
  ipc = bindIpc(createRpcServer(core.handlers));
  mainWindow = createWindow(ipc);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
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
