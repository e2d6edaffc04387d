import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A process the sandbox started and must stop. `exe` lets us tell it from a recycled PID. */
export interface TrackedProcess { role: string; pid: number; exe: string; startedAt: string }

export function readTracked(pidsFile: string): TrackedProcess[] {
  if (!existsSync(pidsFile)) return [];
  try {
    return JSON.parse(readFileSync(pidsFile, 'utf8')) as TrackedProcess[];
  } catch {
    return [];
  }
}

function writeTracked(pidsFile: string, list: TrackedProcess[]): void {
  writeFileSync(pidsFile, JSON.stringify(list, null, 2) + '\n');
}

/** True when `pid` runs and is still the program we started (not a recycled PID). */
export function isAlive(p: Pick<TrackedProcess, 'pid' | 'exe'>): boolean {
  try {
    process.kill(p.pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return false; // a zombie has exited
    const cmdline = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg === p.exe || arg.endsWith('/' + p.exe.split('/').pop()));
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

export interface StartOptions {
  role: string;
  exe: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logsDir: string;
  pidsFile: string;
}

/** Starts a daemon detached from us, logging to logs/<role>.log, and records it. */
export function startDaemon(o: StartOptions): TrackedProcess {
  mkdirSync(o.logsDir, { recursive: true });
  if (o.cwd) mkdirSync(o.cwd, { recursive: true });
  const log = openSync(join(o.logsDir, `${o.role}.log`), 'a');
  const child = spawn(o.exe, o.args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: o.env ?? process.env,
    cwd: o.cwd,
  });
  closeSync(log);
  if (!child.pid) throw new Error(`could not start ${o.role} (${o.exe})`);
  child.unref();
  const tracked: TrackedProcess = { role: o.role, pid: child.pid, exe: o.exe, startedAt: new Date().toISOString() };
  writeTracked(o.pidsFile, [...readTracked(o.pidsFile).filter((p) => p.role !== o.role), tracked]);
  return tracked;
}

export function untrack(pidsFile: string, role: string): void {
  writeTracked(pidsFile, readTracked(pidsFile).filter((p) => p.role !== role));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopProcess(p: TrackedProcess, graceMs = 15_000): Promise<void> {
  if (!isAlive(p)) return;
  try {
    process.kill(p.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(p)) return;
    await sleep(100);
  }
  try {
    process.kill(p.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  while (isAlive(p)) await sleep(50);
}

/** Stops every tracked process, most recently started first, and forgets them. */
export async function stopAll(pidsFile: string): Promise<TrackedProcess[]> {
  const list = readTracked(pidsFile);
  for (const p of [...list].reverse()) await stopProcess(p);
  writeTracked(pidsFile, []);
  return list;
}
