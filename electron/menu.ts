import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import { devToolsEnabled } from './debug-policy.js';

/** A small application menu; developer tools only in an unpackaged (development) run. */
export function installMenu(): void {
  const mac = process.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: `About ${app.name}`, click: () => app.showAboutPanel() };
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    ...(devToolsEnabled(app) ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(mac
      ? [{ role: 'appMenu' } as const]
      : [{ label: '&File', submenu: [{ role: 'quit' }] } satisfies MenuItemConstructorOptions]),
    { role: 'editMenu' },
    { label: mac ? 'View' : '&View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: mac ? [] : [about] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
