// `npm start`: the desktop app when Electron can run here, the web mode otherwise.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { electronBinary, projectRoot } from './electron-binary.mjs';

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: 'inherit', ...options });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`Could not run ${command}: ${err.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Runs an npm script with the npm that started us when there is one. */
function npmRun(script) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.c?js$/.test(npmCli)) return run(process.execPath, [npmCli, 'run', script]);
  return run('npm', ['run', script], { shell: process.platform === 'win32' });
}

function whyNoDesktop(binary) {
  if (!binary) {
    return "Electron's binary is not installed (it is downloaded at `npm install` time, and that download did not succeed on this machine)";
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  }
  return null;
}

const binary = electronBinary();
const reason = whyNoDesktop(binary);

if (reason === null && binary) {
  const { main } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  let code = await npmRun('build');
  if (code === 0 && !(typeof main === 'string' && existsSync(path.join(projectRoot, main)))) {
    console.error(`package.json "main" (${String(main)}) does not name a built file; expected dist/electron/main.cjs.`);
    code = 1;
  }
  if (code === 0) {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE; // would turn Electron into plain Node
    code = await run(binary, [projectRoot], { env });
  }
  process.exit(code);
} else {
  console.log(`The Meshdeck desktop app cannot run here: ${reason}.`);
  console.log('Starting Meshdeck in web mode instead (npm run web).');
  process.exit(await npmRun('web'));
}
