import { execFile, execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallEvent, InstallOptions } from '../contract/install.js';
import { createCore, type Core } from '../core.js';
import { UNREACHABLE_REGISTRY } from '../sandbox/kwok-stages.js';
import { isAlive, readTracked } from '../sandbox/processes.js';
import { eventually, killApiServer, kubectl, layout, sleep, uniqueName } from '../testing/sandbox.js';

/** The install engine against the live sandbox and its real istiod. */
let core: Core;
const minimal: InstallOptions = { profile: 'minimal', revision: '', imagePullSecrets: [], values: {}, prometheus: false };

beforeAll(async () => {
  core = await createCore({ env: { ...process.env, KUBECONFIG: layout.kubeconfig } });
});
afterAll(async () => { await core.dispose(); });

/**
 * Every Istio or Meshdeck object left in the cluster, found with kubectl and nothing of Meshdeck's:
 * anything labelled by Meshdeck of any listable kind, Istio's CRDs, webhooks, cluster roles and
 * bindings, the control plane's namespace, and istiod's ConfigMaps in any namespace.
 */
function meshLeftovers(): string[] {
  const kinds = kubectl(['api-resources', '--verbs=list', '-o', 'name']).split('\n').filter((k) => k && !/^(events|componentstatuses|bindings)(\.|$)/.test(k));
  const labelled = kubectl(['get', kinds.join(','), '-A', '-l', 'meshdeck.io/managed-by', '-o', 'name', '--ignore-not-found']).split('\n').filter(Boolean);
  const named = (resource: string, pattern: RegExp) => kubectl(['get', resource, '-o', 'name']).split('\n').filter((n) => pattern.test(n));
  return [
    ...labelled,
    ...named('crd', /istio\.io$/),
    ...named('mutatingwebhookconfigurations,validatingwebhookconfigurations', /istio/),
    ...named('clusterroles,clusterrolebindings', /istio|prometheus/),
    ...named('namespaces', /^namespace\/istio-system$/),
    ...kubectl(['get', 'configmaps', '-A', '--field-selector', 'metadata.name=istio-ca-root-cert', '-o', 'name']).split('\n').filter(Boolean),
  ];
}

async function collect(stream: AsyncIterable<InstallEvent>, stopWhen?: (e: InstallEvent) => boolean): Promise<InstallEvent[]> {
  const events: InstallEvent[] = [];
  for await (const e of stream) {
    events.push(e);
    if (stopWhen?.(e)) break;
  }
  return events;
}
const install = (options = minimal, signal = new AbortController().signal) => core.handlers['install.apply']({ context: 'sandbox-admin', options }, signal);
const uninstall = () => collect(core.handlers['install.uninstall']({ context: 'sandbox-admin' }, new AbortController().signal));
const last = (events: InstallEvent[]) => events.at(-1)!;

describe('install', { timeout: 300_000 }, () => {
  it('precheck as the viewer lists the missing permissions', async () => {
    const r = await core.handlers['install.precheck']({ context: 'sandbox-viewer', options: minimal });
    const perms = r.checks.find((c) => c.id === 'permissions');
    expect(r.ok).toBe(false);
    expect(perms?.status).toBe('fail');
    expect(perms?.detail).toContain('create customresourcedefinitions.apiextensions.k8s.io');
    expect(perms?.fix).toBeTruthy();
  });

  it('precheck as admin passes on the sandbox', async () => {
    const r = await core.handlers['install.precheck']({ context: 'sandbox-admin', options: minimal });
    expect(r.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });

  it('installs minimal with the real istiod injecting and validating, then uninstalls with nothing left', async () => {
    const events = await collect(install());
    const done = last(events);
    expect(done.type, JSON.stringify(done)).toBe('done');
    const phases = events.filter((e) => e.type === 'phase').map((e) => e.type === 'phase' && e.phase);
    expect(phases).toEqual(['crds', 'namespace', 'rbac', 'config', 'control-plane', 'webhooks']);
    expect(done.type === 'done' && done.verify?.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['istiod-ready:pass', 'injector:pass', 'validation:pass']);

    // A workload in a labelled namespace gets its sidecar from Istio's own injector.
    const ns = uniqueName('it-inject');
    kubectl(['create', 'namespace', ns]);
    kubectl(['label', 'namespace', ns, 'istio-injection=enabled']);
    kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx']);
    await eventually('an injected pod', () => kubectl(['-n', ns, 'get', 'pods', '-o', 'jsonpath={.items[*].spec.containers[*].name} {.items[*].spec.initContainers[*].name}']).includes('istio-proxy'));
    kubectl(['delete', 'namespace', ns, '--wait=false']);

    const removed = await uninstall();
    expect(last(removed).type, JSON.stringify(last(removed))).toBe('done');
    expect(kubectl(['get', 'configmaps', '-A', '--field-selector', 'metadata.name=istio-ca-root-cert', '-o', 'name'])).toBe('');
    expect(kubectl(['get', 'crd', '-o', 'name'])).not.toMatch(/istio\.io/);
    await eventually('pilot-discovery stopped', () => !readTracked(layout.pidsFile).some((p) => p.role.startsWith('istiod-') && isAlive(p)));
  });

  it('installs the default profile with the Prometheus add-on; `meshdeck uninstall --yes` alone leaves no Istio or Meshdeck object', { timeout: 400_000 }, async () => {
    const events = await collect(install({ ...minimal, profile: 'default', prometheus: true }));
    expect(last(events).type, JSON.stringify(last(events))).toBe('done');
    expect(events.filter((e) => e.type === 'phase').map((e) => e.type === 'phase' && e.phase).slice(-2)).toEqual(['gateways', 'addons']);
    expect(kubectl(['-n', 'istio-system', 'get', 'deployment', 'istio-ingressgateway', '-o', 'jsonpath={.status.readyReplicas}'])).toBe('1');
    expect(kubectl(['-n', 'istio-system', 'get', 'deployment', 'prometheus', '-o', 'jsonpath={.status.readyReplicas}'])).toBe('1');
    // A user's namespace pointing at the mesh is the user's: it stays (only its label refers to Istio).
    const ns = uniqueName('it-keep');
    kubectl(['create', 'namespace', ns]);
    kubectl(['label', 'namespace', ns, 'istio.io/rev=default']);

    // The command line with no options but the context: what to remove is read from the cluster.
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', 'uninstall', '--context', 'sandbox-admin', '--yes'], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: layout.kubeconfig } });
    expect(out).toMatch(/uninstalled in/);
    expect(out.split('\n').find((l) => l.startsWith('namespaces still labelled for the removed mesh'))?.split(': ')[1]?.split(', ')).toContain(ns);
    expect(meshLeftovers()).toEqual([]);
    expect(kubectl(['get', 'namespace', ns, '-o', 'name']).trim()).toBe(`namespace/${ns}`);
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  it('explains FailedScheduling on tainted nodes, naming the taint and the nodes; resumes once fixed', async () => {
    const nodes = kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ');
    kubectl(['taint', 'nodes', ...nodes, 'dedicated=infra:NoSchedule', '--overwrite']);
    try {
      const ctrl = new AbortController();
      const events = await collect(install(minimal, ctrl.signal), (e) => e.type === 'waiting' && e.blockers.some((b) => b.reason === 'taint'));
      ctrl.abort();
      const waiting = last(events);
      const blocker = waiting.type === 'waiting' ? waiting.blockers.find((b) => b.reason === 'taint') : undefined;
      expect(blocker?.message).toMatch(/cannot be scheduled: nodes? .*sandbox-node-0.* the taint dedicated=infra:NoSchedule, which it does not tolerate\./);
      expect(blocker?.fix).toContain('values.pilot.tolerations');
    } finally {
      kubectl(['taint', 'nodes', ...nodes, 'dedicated=infra:NoSchedule-']);
    }
    const resumed = await collect(install());
    expect(last(resumed).type, JSON.stringify(last(resumed))).toBe('done');
    expect(last(await uninstall()).type).toBe('done');
  });

  it('explains an image that cannot be pulled: which image, which registry, no pull secret; resumes with another source', async () => {
    const ctrl = new AbortController();
    const unreachable = { ...minimal, hub: `${UNREACHABLE_REGISTRY}/istio` };
    const events = await collect(install(unreachable, ctrl.signal), (e) => e.type === 'waiting' && e.blockers.some((b) => b.reason === 'image-pull'));
    ctrl.abort();
    const w = last(events);
    const blocker = w.type === 'waiting' ? w.blockers.find((b) => b.reason === 'image-pull') : undefined;
    expect(blocker?.message).toMatch(new RegExp(`cannot pull ${UNREACHABLE_REGISTRY}/istio/pilot:\\S+ from ${UNREACHABLE_REGISTRY} \\(no pull secret\\)\\.`));
    expect(blocker?.fix).toContain(`Check that ${UNREACHABLE_REGISTRY} is reachable from the nodes`);
    const resumed = await collect(install());
    expect(last(resumed).type, JSON.stringify(last(resumed))).toBe('done');
    expect(last(await uninstall()).type).toBe('done');
  });

  it('refuses a second install racing the first (another Meshdeck process), plainly, and leaves the first to finish', async () => {
    const first = install()[Symbol.asyncIterator]();
    const firstEvent = await first.next();
    expect(firstEvent.value?.type).toBe('phase');
    const second = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', 'install', '--context', 'sandbox-admin'],
        { env: { ...process.env, KUBECONFIG: layout.kubeconfig } }, (err, _stdout, stderr) => resolve({ code: (err as { code?: number } | null)?.code ?? 0, stderr }));
    });
    expect(second.stderr).toMatch(/Another install of revision default is running: install of revision default on .*\. Nothing was changed; try again when it has finished/);
    let e = await first.next();
    while (!e.done) e = await first.next();
    expect(kubectl(['-n', 'kube-system', 'get', 'leases', '-o', 'name'])).not.toContain('meshdeck-install');
    expect((await core.handlers['install.verify']({ context: 'sandbox-admin', revision: '' })).ok).toBe(true);
    expect(last(await uninstall()).type).toBe('done');
  });

  it('survives the API server going away mid-install: the next run finishes to a clean state', async () => {
    const ctrl = new AbortController();
    const stream = install(minimal, ctrl.signal);
    const events: InstallEvent[] = [];
    let apiServer: ReturnType<typeof killApiServer> | undefined;
    for await (const e of stream) {
      events.push(e);
      if (e.type === 'phase' && e.phase === 'rbac') apiServer = killApiServer();
    }
    expect(last(events).type).toBe('failed');
    const failed = last(events);
    expect(failed.type === 'failed' && ['UNREACHABLE', 'TIMEOUT'].includes(failed.error.code)).toBe(true);
    // Bring the same API server back, as a restart of the machine or a control-plane crash would.
    await apiServer!.bringBack();
    await sleep(1000);
    const resumed = await collect(install());
    expect(last(resumed).type, JSON.stringify(last(resumed))).toBe('done');
    expect(last(await uninstall()).type).toBe('done');
  });
});
