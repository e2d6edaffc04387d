import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Deployment } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { readTracked } from '../processes.js';
import { IstiodSupervisor } from './istiod-supervisor.js';

/** Process supervision only: a stand-in executable in place of pilot-discovery (no cluster involved). */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    // Whatever a failed assertion left running goes too.
    for (const pid of processesOf(join(d, 'pilot-discovery'))) process.kill(pid, 'SIGKILL');
    rmSync(d, { recursive: true, force: true });
  }
});

function processesOf(exe: string): number[] {
  const found: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (!/\) Z /.test(stat) && readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes(exe)) found.push(Number(d));
    } catch { /* gone */ }
  }
  return found;
}

const istiod = (generation: number) => ({
  metadata: { namespace: 'istio-system', name: 'istiod', generation, labels: { app: 'istiod' } },
  spec: { selector: {}, template: { spec: { containers: [] } } },
}) as unknown as V1Deployment;

describe('istiod supervisor', () => {
  it('runs one pilot-discovery per istiod however its syncs overlap, and tracks that one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdeck-supervisor-'));
    dirs.push(dir);
    const exe = join(dir, 'pilot-discovery');
    // The interpreter by absolute path: through /usr/bin/env, a second exec would briefly blank /proc/<pid>/cmdline.
    writeFileSync(exe, `#!${process.execPath}\nsetInterval(() => {}, 1e6);\n`, { mode: 0o755 });
    const pidsFile = join(dir, 'pids.json');
    const supervisor = new IstiodSupervisor({ pilotDiscovery: exe, kubeconfig: '/dev/null', stateDir: dir, logsDir: join(dir, 'logs'), pidsFile, log: () => {} });
    try {
      await supervisor.sync([istiod(1)]);
      expect(processesOf(exe)).toHaveLength(1);
      // A spec change: stopping the old process takes a moment, and cluster events and the timer sync meanwhile.
      await Promise.all([supervisor.sync([istiod(2)]), supervisor.sync([istiod(2)]), supervisor.sync([istiod(2)])]);
      const alive = processesOf(exe);
      expect(alive).toHaveLength(1);
      expect(readTracked(pidsFile).map((p) => p.pid)).toEqual(alive);
    } finally {
      await supervisor.stopAll();
    }
    expect(processesOf(exe)).toEqual([]);
  });

  it('takes over the pilot-discovery a previous agent started instead of starting a second', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdeck-supervisor-'));
    dirs.push(dir);
    const exe = join(dir, 'pilot-discovery');
    writeFileSync(exe, `#!${process.execPath}\nsetInterval(() => {}, 1e6);\n`, { mode: 0o755 });
    const pidsFile = join(dir, 'pids.json');
    const config = { pilotDiscovery: exe, kubeconfig: '/dev/null', stateDir: dir, logsDir: join(dir, 'logs'), pidsFile, log: () => {} };
    await new IstiodSupervisor(config).sync([istiod(1)]);
    const first = processesOf(exe);
    expect(first).toHaveLength(1);
    // The agent restarts: a new supervisor, the same tracked processes.
    const next = new IstiodSupervisor(config);
    try {
      await next.sync([istiod(1)]);
      expect(processesOf(exe)).toEqual(first);
      await next.sync([istiod(2)]);
      const replaced = processesOf(exe);
      expect(replaced).toHaveLength(1);
      expect(replaced).not.toEqual(first);
    } finally {
      await next.stopAll();
    }
    expect(processesOf(exe)).toEqual([]);
  });
});
