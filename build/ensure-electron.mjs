// postinstall: make sure Electron's binary is there, without ever failing the install.
// Electron's own install.js downloads it from GitHub; where that is unreachable, say so in one
// line and carry on (`npm start` then runs the web mode).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { electronBinary, electronDir } from './electron-binary.mjs';

const TIMEOUT_MS = 120_000;
const NOTICE = "Electron's binary could not be downloaded here; `npm start` will run Meshdeck in web mode instead.";

function tryInstall() {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
        cwd: electronDir,
        stdio: 'ignore',
        timeout: TIMEOUT_MS,
        killSignal: 'SIGKILL',
      });
    } catch {
      resolve();
      return;
    }
    child.on('error', () => resolve());
    child.on('close', () => resolve());
  });
}

try {
  const installScript = path.join(electronDir, 'install.js');
  // Nothing to do without the electron package (a production install) or with its binary in place.
  if (existsSync(installScript) && !electronBinary()) {
    await tryInstall();
    if (!electronBinary()) console.log(NOTICE);
  }
} catch {
  console.log(NOTICE);
}
process.exit(0);
