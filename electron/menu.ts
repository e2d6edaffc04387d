import { app, Menu } from 'electron';
import { devToolsEnabled } from './debug-policy.js';
import { menuTemplate, type MenuActions } from './menu-template.js';

/** The application menu (menu-template.ts); developer tools only in an unpackaged (development) run. */
export function installMenu(actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, devToolsEnabled(app), actions, app.name)));
}
