// Where Electron's binary is, if its download ever succeeded (shared by ensure-electron and start).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const electronDir = path.join(projectRoot, 'node_modules', 'electron');

/** The executable's path, or null when path.txt or the file it names under dist/ is missing. */
export function electronBinary() {
  try {
    const relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    if (!relative) return null;
    const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist');
    const binary = path.join(dist, relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
