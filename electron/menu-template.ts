import type { MenuItemConstructorOptions } from 'electron';

/** The application menu as data (tested without Electron): the desktop's own actions, and DevTools only in development. */
export interface MenuActions {
  about(): void;
  checkForUpdates(): void;
  exportDiagnostics(): void;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function menuTemplate(platform: NodeJS.Platform, devTools: boolean, actions: MenuActions, appName = 'Meshdeck'): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: mac ? `About ${appName}` : `&About ${appName}`, click: () => actions.about() };
  const updates: MenuItemConstructorOptions = { label: mac ? 'Check for Updates…' : 'Check for &Updates…', click: () => actions.checkForUpdates() };
  const diagnostics: MenuItemConstructorOptions = { label: mac ? 'Export Diagnostics…' : 'Export &Diagnostics…', click: () => actions.exportDiagnostics() };
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    ...(devTools ? [{ role: 'toggleDevTools' } as const] : []),
    separator,
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    separator,
    { role: 'togglefullscreen' },
  ];
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [{ label: appName, submenu: [about, updates, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }] }]
    : [];
  return [
    ...appMenu,
    { label: mac ? 'File' : '&File', submenu: mac ? [diagnostics, separator, { role: 'close' }] : [diagnostics, separator, { role: 'quit' }] },
    { role: 'editMenu' },
    { label: mac ? 'View' : '&View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: mac ? [] : [updates, separator, about] },
  ];
}
