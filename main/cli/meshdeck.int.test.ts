import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { layout } from '../testing/sandbox.js';

/** The command-line front end against the live sandbox, through the same contract as the UI. */
const meshdeck = (...args: string[]) => {
  try {
    return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', ...args], {
      encoding: 'utf8', env: { ...process.env, KUBECONFIG: `${layout.kubeconfig}:${layout.extraKubeconfig}` },
    }) };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: err.stdout + err.stderr };
  }
};

describe('meshdeck CLI', () => {
  it('contexts --json lists every merged context with its reachability', () => {
    const r = meshdeck('contexts', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as { currentContext: string; contexts: { name: string }[]; probes: { context: string; reachable: boolean; error?: { code: string } }[] };
    expect(body.currentContext).toBe('sandbox-admin');
    expect(body.contexts.map((c) => c.name)).toEqual(expect.arrayContaining(['sandbox-admin', 'sandbox-viewer', 'sandbox-exec', 'sandbox-unreachable', 'sandbox-extra']));
    expect(body.probes.find((p) => p.context === 'sandbox-exec')?.reachable).toBe(true);
    expect(body.probes.find((p) => p.context === 'sandbox-unreachable')?.error?.code).toBe('UNREACHABLE');
    expect(r.out).not.toContain('meshdeck-sandbox-viewer-token');
  });

  it('overview --context prints the cluster and explains a refusal', () => {
    const admin = JSON.parse(meshdeck('overview', '--context', 'sandbox-admin', '--json').out) as { serverVersion: string; nodes: { total: number } };
    expect(admin.serverVersion).toBe(layout.pins.K8S_VERSION);
    expect(admin.nodes.total).toBeGreaterThanOrEqual(3);
    const viewer = meshdeck('overview', '--context', 'sandbox-viewer');
    expect(viewer.out).toContain('nodes: error (FORBIDDEN): Your account is not allowed to list nodes.');
  });

  it('fails with the explained error for an unreachable context', () => {
    const r = meshdeck('overview', '--context', 'sandbox-unreachable');
    expect(r.code).toBe(1);
    expect(r.out).toContain('error (UNREACHABLE): Nothing answered at https://127.0.0.1:6999.');
  });
});
