import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';

/**
 * A desktop launcher (Dock, Finder, a .desktop file) starts the app with a bare environment, so
 * kubeconfig exec plugins (gke-gcloud-auth-plugin, aws, kubelogin) are not on PATH. Asking the
 * user's login shell for its environment fixes that, as Headlamp and VS Code do.
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_OUTPUT = 4 * 1024 * 1024;
/** Set for the probe only; rc files can test it to skip slow or interactive work. */
const PROBE_FLAG = 'MESHDECK_RESOLVING_ENVIRONMENT';

/**
 * Reads `env -0` output framed by `marker` (shell start-up files may print before or after it).
 * Returns null when the frame is missing or holds no well-formed NUL-terminated entries.
 * Names that are not plain identifiers (bash's exported functions, for one) are skipped.
 */
export function parseEnvBlock(text: string, marker: string): Record<string, string> | null {
  if (!marker) return null;
  const start = text.indexOf(marker);
  const end = text.lastIndexOf(marker);
  if (start < 0 || end <= start) return null;
  const block = text.slice(start + marker.length, end);
  if (!block.endsWith('\0')) return null;
  const env: Record<string, string> = {};
  let count = 0;
  for (const entry of block.slice(0, -1).split('\0')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    if (!NAME.test(name)) continue;
    env[name] = entry.slice(eq + 1);
    count++;
  }
  return count > 0 ? env : null;
}

/** Names whose launch-time value is kept: they describe this process, not the user's setup. */
const KEEP = new Set(['PWD', 'OLDPWD', 'SHLVL', '_', PROBE_FLAG]);
const KEEP_PREFIXES = ['ELECTRON_', 'CHROME_'];

/** The environment to run with: the login shell's values win, except for KEEP. */
export function mergeShellEnv(current: NodeJS.ProcessEnv, shell: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(current)) if (value !== undefined) merged[name] = value;
  for (const [name, value] of Object.entries(shell)) {
    if (KEEP.has(name) || KEEP_PREFIXES.some((p) => name.startsWith(p))) continue;
    merged[name] = value;
  }
  return merged;
}

/**
 * Runs `shell -ilc` to print the login environment between two markers. Never throws: null on
 * any failure (no shell, bad output, more than `timeoutMs`), and the caller keeps its own env.
 */
export function loginShellEnv(
  shell: string,
  timeoutMs: number,
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string> | null> {
  return new Promise((resolve) => {
    // The marker is printed in two halves so the command line itself never contains it.
    const head = `__MESHDECK_ENV_${randomUUID().replaceAll('-', '')}`;
    const tail = `${randomUUID().replaceAll('-', '')}__`;
    const marker = head + tail;
    const print = `printf '%s%s' '${head}' '${tail}'`;
    const command = `${print}; /usr/bin/env -0; ${print}`;

    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let child: ChildProcess | undefined;

    const kill = () => {
      if (!child) return;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      kill();
      finish(null);
    }, Math.max(0, timeoutMs));
    const finish = (env: Record<string, string> | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(env);
    };

    try {
      child = spawn(shell, ['-ilc', command], {
        stdio: ['ignore', 'pipe', 'ignore'],
        detached: true, // own process group, so a timeout kills whatever the rc files started
        env: { ...baseEnv, [PROBE_FLAG]: '1', DISABLE_AUTO_UPDATE: 'true' },
      });
    } catch {
      finish(null);
      return;
    }
    const proc = child;

    const read = (): Record<string, string> | null => {
      const env = parseEnvBlock(Buffer.concat(chunks).toString('utf8'), marker);
      if (env) {
        delete env[PROBE_FLAG];
        if (baseEnv.DISABLE_AUTO_UPDATE === undefined && env.DISABLE_AUTO_UPDATE === 'true') delete env.DISABLE_AUTO_UPDATE;
      }
      return env;
    };
    proc.on('error', () => finish(null));
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > MAX_OUTPUT) {
        kill();
        finish(null);
        return;
      }
      chunks.push(chunk);
      // Done as soon as the closing marker arrives: something the rc files started in the
      // background may hold stdout open long after the shell itself has exited.
      const env = read();
      if (env) {
        proc.stdout?.destroy();
        proc.unref();
        finish(env);
      }
    });
    proc.on('close', () => finish(read()));
  });
}
