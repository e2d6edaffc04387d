import { app, dialog, type BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MeshdeckClient } from '../main/contract/client.js';
import { istioVersion } from '../main/install/release.js';
import { aboutMessage, type Versions } from './about.js';

/** The menu's desktop actions: the About panel and "Export Diagnostics…" (the core writes the report, redacted). */

export function versions(): Versions {
  return { app: app.getVersion(), electron: process.versions.electron ?? '?', chrome: process.versions.chrome ?? '?', node: process.versions.node, istio: istioVersion() };
}

/** macOS shows its own About panel from the app menu's role; it gets the same text. */
export function setAboutPanel(): void {
  const { detail } = aboutMessage(versions());
  app.setAboutPanelOptions({ applicationName: 'Meshdeck', applicationVersion: app.getVersion(), version: '', credits: detail });
}

export async function showAbout(win: BrowserWindow | undefined): Promise<void> {
  const { message, detail } = aboutMessage(versions());
  const options = { type: 'info' as const, title: 'About Meshdeck', message, detail, buttons: ['OK'] };
  await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

export async function exportDiagnosticsToFile(client: MeshdeckClient, win: BrowserWindow | undefined): Promise<void> {
  try {
    const report = await client.call('diagnostics.export', {});
    const options = { title: 'Export Diagnostics', defaultPath: path.join(app.getPath('downloads'), report.fileName), filters: [{ name: 'JSON', extensions: ['json'] }] };
    const { canceled, filePath } = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
    if (canceled || !filePath) return;
    // Owner-only: redacted, but it still names the user's clusters and files.
    await writeFile(filePath, report.text, { mode: 0o600 });
  } catch (err) {
    dialog.showErrorBox('Diagnostics could not be exported', err instanceof Error ? err.message : String(err));
  }
}
