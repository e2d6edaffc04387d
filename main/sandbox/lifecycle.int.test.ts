import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layout } from '../testing/sandbox.js';
import { testbedCache } from './layout.js';
import { isAlive, readTracked } from './processes.js';
import { CORE_ROLES } from './up.js';

/**
 * Runs from the host (it starts and stops the whole sandbox): up is idempotent, up after a crash
 * cleans up and starts, down leaves no process behind. Last in the suite: it ends with the sandbox down.
 */
const cli = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'main/sandbox/cli.ts', ...args], { encoding: 'utf8', timeout: 240_000 });
const status = () => JSON.parse(cli('status', '--json').toString()) as { state: string; processes: { role: string; pid: number; alive: boolean }[] };
const statusSafe = () => { try { return status(); } catch (e) { return JSON.parse(String((e as { stdout?: string }).stdout)) as ReturnType<typeof status>; } };

/** Every process on the machine running a testbed binary or the sandbox's own scripts. */
function sandboxProcessesOnMachine(): number[] {
  const cache = testbedCache();
  const found: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes(cache) || cmd.includes('main/sandbox/agent/') || cmd.includes(layout.dir)) found.push(Number(d));
    } catch { /* gone */ }
  }
  return found;
}

describe('sandbox lifecycle', () => {
  it('up twice is fine', () => {
    cli('up');
    const first = status();
    expect(first.state).toBe('running');
    const again = cli('up');
    expect(again).toContain('already running');
    const pids = (s: typeof first) => s.processes.map((p) => `${p.role}:${p.pid}`).sort();
    expect(pids(status())).toEqual(pids(first));
  });

  it('up after a crash cleans up and starts', () => {
    const before = readTracked(layout.pidsFile);
    for (const role of ['kube-apiserver', 'agent']) process.kill(before.find((p) => p.role === role)!.pid, 'SIGKILL');
    expect(statusSafe().state).toBe('degraded');
    cli('up');
    const after = readTracked(layout.pidsFile);
    expect(status().state).toBe('running');
    for (const role of CORE_ROLES) expect(after.find((p) => p.role === role)!.pid).not.toBe(before.find((p) => p.role === role)!.pid);
    for (const p of before) expect(isAlive(p)).toBe(false);
  });

  it('down leaves no process behind', () => {
    const tracked = readTracked(layout.pidsFile);
    expect(tracked.length).toBeGreaterThanOrEqual(CORE_ROLES.length);
    cli('down');
    for (const p of tracked) expect(isAlive(p), `${p.role} pid ${p.pid}`).toBe(false);
    expect(sandboxProcessesOnMachine()).toEqual([]);
    expect(statusSafe().state).toBe('stopped');
  });
});
