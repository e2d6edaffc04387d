import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallEvent, InstallOptions } from '../contract/install.js';
import type { InventoryEvent, InventorySnapshot, NamespaceRow, RestartStatus, PodRow, ServiceRow, WorkloadRow } from '../contract/inventory.js';
import { createCore, type Core } from '../core.js';
import { eventually, kubectl, layout, uniqueName } from '../testing/sandbox.js';

/**
 * The live inventory and bringing a namespace into the mesh, on the sandbox with the real istiod:
 * the proxy in these pods comes from Istio's own injector, never from the test.
 */
let core: Core;
const ctx = 'sandbox-admin';
const options: InstallOptions = { profile: 'minimal', revision: '', imagePullSecrets: [], values: {}, prometheus: false };
const ns = uniqueName('it-inv');
async function all<T>(s: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of s) out.push(e);
  return out;
}

/** The inventory as the UI holds it: the snapshot with every delta applied. */
class LiveInventory {
  readonly rows = { namespaces: new Map<string, NamespaceRow>(), workloads: new Map<string, WorkloadRow>(), services: new Map<string, ServiceRow>(), pods: new Map<string, PodRow>() };
  snapshot: InventorySnapshot | undefined;
  deltas = 0;
  problems: InventorySnapshot['problems'] = [];
  private readonly abort = new AbortController();

  constructor(stream: (signal: AbortSignal) => AsyncIterable<InventoryEvent>) {
    void (async () => {
      for await (const e of stream(this.abort.signal)) this.apply(e);
    })();
  }

  private apply(e: InventoryEvent) {
    if (e.type === 'snapshot') {
      this.snapshot = e;
      for (const k of ['namespaces', 'workloads', 'services', 'pods'] as const) for (const r of e[k]) (this.rows[k] as Map<string, unknown>).set(r.id, r);
    } else {
      this.deltas++;
      for (const k of ['namespaces', 'workloads', 'services', 'pods'] as const) {
        for (const r of e[k].upsert) (this.rows[k] as Map<string, unknown>).set(r.id, r);
        for (const id of e[k].remove) this.rows[k].delete(id);
      }
    }
    this.problems = e.problems;
  }

  podsOf(workload: string) { return [...this.rows.pods.values()].filter((p) => p.namespace === ns && p.workload === workload && p.phase !== 'Terminating'); }
  stop() { this.abort.abort(); }
}

beforeAll(async () => {
  core = await createCore({ env: { ...process.env, KUBECONFIG: layout.kubeconfig } });
  const events = await all<InstallEvent>(core.handlers['install.apply']({ context: ctx, options }, new AbortController().signal));
  expect(events.at(-1)?.type, JSON.stringify(events.at(-1))).toBe('done');
  kubectl(['create', 'namespace', ns]);
  kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=example/web:1', '--replicas=2']);
  kubectl(['-n', ns, 'label', 'deployment', 'web', 'version=v1']);
  kubectl(['-n', ns, 'create', 'service', 'clusterip', 'web', '--tcp=80:8080']);
  kubectl(['-n', ns, 'patch', 'service', 'web', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/ports/0/name', value: 'web' }, { op: 'replace', path: '/spec/selector', value: { app: 'web' } }])]);
  await eventually('two web pods ready', () => kubectl(['-n', ns, 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}']).split(' ').filter((s) => s === 'True').length === 2, 60_000);
}, 300_000);

afterAll(async () => {
  kubectl(['delete', 'namespace', ns, '--wait=false']);
  await all(core.handlers['install.uninstall']({ context: ctx }, new AbortController().signal));
  await core.dispose();
}, 300_000);

describe('mesh inventory', () => {
  it('shows a namespace outside the mesh, brings it in, and sees the injected pods go 2/2 without a new snapshot', { timeout: 240_000 }, async () => {
    const live = new LiveInventory((signal) => core.handlers['inventory.watch']({ context: ctx }, signal));
    try {
      await eventually('the snapshot', () => live.snapshot, 30_000);
      expect(live.snapshot!.plane.revisions).toEqual([expect.objectContaining({ revision: 'default', ready: true })]);
      expect(live.rows.namespaces.get(ns)).toMatchObject({ mode: 'none', pods: 2, withProxy: 0, withoutProxy: 2, needsRestart: 0, workloads: 1, services: 1, system: false });
      expect(live.rows.namespaces.get('istio-system')).toMatchObject({ system: true });
      expect(live.rows.workloads.get(`${ns}/Deployment/web`)).toMatchObject({ proxy: 'absent', pods: 2, desired: 2, containers: { ready: 1, total: 1 } });
      expect(live.rows.services.get(`${ns}/web`)).toMatchObject({ pods: 2, podsWithoutProxy: 2, unclassifiedPorts: 1, ports: [expect.objectContaining({ name: 'web', port: 80, classified: false })] });

      // The plan says what changes and proves the injector answers before anything changes.
      const plan = await core.handlers['mesh.plan']({ context: ctx, namespace: ns, target: { mode: 'sidecar', revision: '' } });
      expect(plan).toMatchObject({ patch: { 'istio-injection': 'enabled' }, revision: 'default', refusal: undefined, unchanged: false, restart: [{ kind: 'Deployment', name: 'web', pods: 2 }] });
      expect(plan.checks.map((c) => [c.id, c.status])).toEqual([['control-plane', 'pass'], ['injector', 'pass']]);
      expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}'])).not.toContain('istio-injection');

      await core.handlers['mesh.apply']({ context: ctx, namespace: ns, target: { mode: 'sidecar', revision: '' }, resourceVersion: plan.resourceVersion });
      await eventually('the namespace shown in the mesh, its pods needing a restart', () => live.rows.namespaces.get(ns)?.mode === 'sidecar' && live.rows.namespaces.get(ns)?.needsRestart === 2);

      const restart = await all<RestartStatus>(core.handlers['mesh.restart']({ context: ctx, namespace: ns }, new AbortController().signal));
      expect(restart[0]).toMatchObject({ phase: 'running', workloads: [{ name: 'web', state: 'queued', desired: 2 }] });
      expect(restart.at(-1)).toMatchObject({ phase: 'done', restarted: 1, failed: 0, workloads: [{ name: 'web', state: 'ready', proxy: 'present', proxyRevision: 'default', updated: 2 }] });
      expect(restart.at(-1)?.summary).toBe('1 workload restarted, every new pod as its namespace asks (proxy of revision default).');

      await eventually('both new pods 2/2 with the proxy', () => {
        const pods = live.podsOf('Deployment/web');
        return pods.length === 2 && pods.every((p) => p.proxy === 'present' && p.proxyRevision === 'default' && p.readyContainers === 2 && p.containers === 2);
      }, 30_000);
      await eventually('nothing left to restart', () => live.rows.namespaces.get(ns)?.needsRestart === 0 && live.rows.services.get(`${ns}/web`)?.podsWithoutProxy === 0);
      expect(live.rows.workloads.get(`${ns}/Deployment/web`)).toMatchObject({ proxy: 'present', proxyRevisions: ['default'], containers: { ready: 2, total: 2 } });
      expect(live.deltas).toBeGreaterThan(0);
    } finally {
      live.stop();
    }
  });

  it('refuses a revision nobody serves, ambient without ztunnel, and a change planned against an older version', async () => {
    const nobody = await core.handlers['mesh.plan']({ context: ctx, namespace: ns, target: { mode: 'sidecar', revision: 'nope' } });
    expect(nobody.refusal).toMatchObject({ reason: 'no-control-plane', message: expect.stringContaining('No running control plane serves revision nope') });
    await expect(core.handlers['mesh.apply']({ context: ctx, namespace: ns, target: { mode: 'sidecar', revision: 'nope' }, resourceVersion: nobody.resourceVersion })).rejects.toMatchObject({ code: 'REFUSED', shape: { reason: 'no-control-plane' } });

    const ambient = await core.handlers['mesh.plan']({ context: ctx, namespace: ns, target: { mode: 'ambient' } });
    expect(ambient.checks).toEqual([expect.objectContaining({ id: 'ambient', status: 'fail' })]);
    expect(ambient.refusal).toMatchObject({ reason: 'ambient-unavailable', message: expect.stringMatching(/ztunnel/) });

    const off = await core.handlers['mesh.plan']({ context: ctx, namespace: ns, target: { mode: 'none' } });
    expect(off).toMatchObject({ patch: { 'istio-injection': null }, refusal: undefined, restart: [{ kind: 'Deployment', name: 'web', pods: 2 }] });
    kubectl(['label', 'namespace', ns, 'team=payments']);
    await expect(core.handlers['mesh.apply']({ context: ctx, namespace: ns, target: { mode: 'none' }, resourceVersion: off.resourceVersion })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels.istio-injection}'])).toBe('enabled');
  });

  it('refuses a tag whose injector webhook cannot be reached, before changing anything', { timeout: 120_000 }, async () => {
    await core.handlers['revisions.tag']({ context: ctx, tag: 'broken', revision: 'default' });
    // Point the tag's webhooks at a port nothing listens on, as a mis-set Service or network policy would.
    const hook = JSON.parse(kubectl(['get', 'mutatingwebhookconfiguration', 'istio-revision-tag-broken', '-o', 'json'])) as { webhooks: { clientConfig: { url?: string; service?: { port?: number } } }[] };
    for (const { clientConfig: c } of hook.webhooks) {
      if (c.service) c.service.port = 1;
      if (c.url) c.url = c.url.replace(/:\d+\//, ':1/');
    }
    kubectl(['replace', '-f', '-'], { input: JSON.stringify(hook) });
    try {
      const before = kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}']);
      const plan = await core.handlers['mesh.plan']({ context: ctx, namespace: ns, target: { mode: 'sidecar', revision: 'broken' } });
      expect(plan.checks.map((c) => [c.id, c.status])).toEqual([['control-plane', 'pass'], ['injector', 'fail']]);
      expect(plan.refusal).toMatchObject({ reason: 'injector-unreachable', message: expect.stringMatching(/The injector of revision default did not answer/) });
      await expect(core.handlers['mesh.apply']({ context: ctx, namespace: ns, target: { mode: 'sidecar', revision: 'broken' }, resourceVersion: plan.resourceVersion })).rejects.toMatchObject({ code: 'REFUSED', shape: { reason: 'injector-unreachable' } });
      expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}'])).toBe(before);
    } finally {
      kubectl(['delete', 'mutatingwebhookconfiguration', 'istio-revision-tag-broken']);
    }
  });

  it('warns before touching a system namespace', async () => {
    const plan = await core.handlers['mesh.plan']({ context: ctx, namespace: 'istio-system', target: { mode: 'sidecar', revision: '' } });
    expect(plan.warnings.join(' ')).toMatch(/istio-system is a system namespace that runs the mesh's own control plane/);
  });

  it('opts a workload out: its pods roll without a proxy and show as opted out', { timeout: 120_000 }, async () => {
    const live = new LiveInventory((signal) => core.handlers['inventory.watch']({ context: ctx }, signal));
    try {
      await core.handlers['mesh.optOut']({ context: ctx, namespace: ns, workload: { kind: 'Deployment', name: 'web' }, optOut: true });
      await eventually('opted-out pods', () => {
        const pods = live.podsOf('Deployment/web');
        return pods.length === 2 && pods.every((p) => p.proxy === 'opted-out' && p.containers === 1 && p.ready);
      }, 60_000);
      expect(live.rows.workloads.get(`${ns}/Deployment/web`)).toMatchObject({ optedOut: true, proxy: 'opted-out', needsRestart: 0 });
      expect(live.rows.namespaces.get(ns)).toMatchObject({ optedOut: 2, needsRestart: 0 });
    } finally {
      live.stop();
    }
  });

  it('names what a read-only account cannot see and shows the rest', async () => {
    const live = new LiveInventory((signal) => core.handlers['inventory.watch']({ context: 'sandbox-viewer' }, signal));
    try {
      await eventually('the snapshot', () => live.snapshot, 30_000);
      expect(live.problems).toEqual([{ resource: 'injectors', error: expect.objectContaining({ code: 'FORBIDDEN' }) }]);
      expect(live.rows.namespaces.get(ns)?.pods).toBe(2);
    } finally {
      live.stop();
    }
  });
});
