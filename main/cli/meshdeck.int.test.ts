import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensureIstioCrds, kubectl, layout, uniqueName } from '../testing/sandbox.js';

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

  it('inventory lists namespaces with their mesh state; mesh enable refuses without a control plane, mesh disable shows then makes the change', () => {
    const ns = uniqueName('it-cli-mesh');
    kubectl(['create', 'namespace', ns]);
    kubectl(['label', 'namespace', ns, 'istio.io/rev=gone-rev']);
    try {
      const inv = meshdeck('inventory', '--context', 'sandbox-admin', '--namespace', ns, '--json');
      expect(inv.code).toBe(0);
      expect((JSON.parse(inv.out) as { namespaces: { name: string; mode: string; problems: string[] }[] }).namespaces).toEqual([
        expect.objectContaining({ name: ns, mode: 'sidecar', problems: [expect.stringContaining('No running control plane serves revision gone-rev')] }),
      ]);
      expect(meshdeck('inventory', '--context', 'sandbox-admin', '--kind', 'services', '--filter', 'kubernetes').out).toMatch(/default\s+kubernetes\s+https:443\/https/);

      const enable = meshdeck('mesh', 'enable', ns, '--context', 'sandbox-admin', '--revision', 'nope-rev', '--yes');
      expect(enable.code).toBe(1);
      expect(enable.out).toContain('refused: No running control plane serves revision nope-rev');
      expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels.istio\\.io/rev}'])).toBe('gone-rev');

      const preview = meshdeck('mesh', 'disable', ns, '--context', 'sandbox-admin');
      expect(preview).toMatchObject({ code: 0 });
      expect(preview.out).toContain('labels after: (no mesh labels)');
      expect(preview.out).toContain('Run again with --yes');
      expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels.istio\\.io/rev}'])).toBe('gone-rev');

      expect(meshdeck('mesh', 'disable', ns, '--context', 'sandbox-admin', '--yes')).toMatchObject({ code: 0, out: expect.stringContaining('labels changed') });
      expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}'])).not.toContain('istio.io/rev');
    } finally {
      kubectl(['delete', 'namespace', ns, '--wait=false']);
    }
  });
});

describe('meshdeck config and route verbs', () => {
  it('checks files offline, applies against the cluster, and undoes from another process', () => {
    const ns = uniqueName('it-cli-config');
    const file = `/tmp/${ns}.yaml`;
    writeFileSync(file, `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ext, namespace: ${ns} }
spec: { hosts: [api.example.com], ports: [{ number: 443, name: https, protocol: HTTPS }], resolution: DNS }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ext, namespace: ${ns} }
spec:
  hosts: [api.example.com]
  http: [{ route: [{ destination: { host: api.example.com } }], timeout: 3s }]
`);
    ensureIstioCrds();
    kubectl(['create', 'namespace', ns]);
    try {
      expect(meshdeck('config', 'check', '-f', file)).toMatchObject({ code: 0, out: expect.stringContaining('2 objects checked') });
      expect(meshdeck('route', 'simulate', 'api.example.com', '-f', file, '--from', ns).out).toContain('timeout 3s');
      const applied = meshdeck('config', 'apply', '-f', file, '--context', 'sandbox-admin');
      expect(applied.code, applied.out).toBe(0);
      expect(kubectl(['-n', ns, 'get', 'virtualservice', 'ext', '-o', 'name']).trim()).toBe('virtualservice.networking.istio.io/ext');
      const undoId = /config undo ([0-9a-f]{16})/.exec(applied.out)?.[1];
      expect(meshdeck('config', 'undo', undoId!, '--context', 'sandbox-admin')).toMatchObject({ code: 0, out: expect.stringContaining('deleted VirtualService') });
      expect(kubectl(['-n', ns, 'get', 'virtualservice', '-o', 'name']).trim()).toBe('');
    } finally {
      kubectl(['delete', 'namespace', ns, '--wait=false']);
    }
  });
});
