import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallEvent, InstallOptions } from '../contract/install.js';
import type { UpgradeEvent, UpgradeView } from '../contract/upgrade.js';
import { createCore, type Core } from '../core.js';
import { eventually, kubectl, layout, uniqueName } from '../testing/sandbox.js';

/**
 * Upgrade by revision on the sandbox, run by the core: a new revision beside the old, a namespace moved,
 * restarted onto the new proxy (injected by the real istiod), tags moved; undone from the command line
 * (its labels and proxy back); then run again and finished by removing the old revision.
 */
let core: Core;
const ctx = 'sandbox-admin';
const opts = (revision: string): InstallOptions => ({ profile: 'minimal', revision, imagePullSecrets: [], values: {}, prometheus: false });
const signal = () => new AbortController().signal;
async function all<T>(s: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of s) out.push(e);
  return out;
}
const finished = (events: InstallEvent[]) => expect(events.at(-1)?.type, JSON.stringify(events.at(-1))).toBe('done');
const lastView = (events: UpgradeEvent[]): UpgradeView => events.filter((e) => e.type === 'state').at(-1)!.upgrade;
const cli = (...args: string[]) => {
  try {
    return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: layout.kubeconfig } }) };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: err.stdout + err.stderr };
  }
};
const proxyRevisions = (ns: string) => kubectl(['-n', ns, 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.annotations.sidecar\\.istio\\.io/status}']);

beforeAll(async () => { core = await createCore({ env: { ...process.env, KUBECONFIG: layout.kubeconfig } }); });
afterAll(async () => { await core.dispose(); });

describe('upgrade by revision, owned by the core', () => {
  it('runs, is undone from the CLI with labels and proxies back, runs again and finishes', { timeout: 600_000 }, async () => {
    // From a cluster without Istio: whatever an earlier run left (an upgrade record included) goes first.
    finished(await all(core.handlers['install.uninstall']({ context: ctx }, signal())));
    finished(await all(core.handlers['install.apply']({ context: ctx, options: opts('') }, signal())));
    const ns = uniqueName('it-upgrade');
    kubectl(['create', 'namespace', ns]);
    kubectl(['label', 'namespace', ns, 'istio-injection=enabled']);
    kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
    await eventually('injected pods of the default revision', () => proxyRevisions(ns).includes('"revision":"default"'));

    const status = await core.handlers['upgrade.status']({ context: ctx });
    expect(status.upgrade).toBeUndefined();
    expect(status.proposal).toMatchObject({ from: 'default', to: 'canary', change: 'revision-move', namespaces: expect.arrayContaining([ns]) });
    const draft = { from: 'default', to: 'canary', namespaces: [ns] };

    // A stage out of order is refused before anything changes.
    await expect(all(core.handlers['upgrade.run']({ context: ctx, stage: 'move', draft }, signal()))).rejects.toMatchObject({ shape: { code: 'REFUSED', reason: 'upgrade-step-not-ready' } });

    let events = await all(core.handlers['upgrade.run']({ context: ctx, stage: 'through-tags', draft }, signal()));
    expect(events.some((e) => e.type === 'install' && e.event.type === 'done')).toBe(true);
    let view = lastView(events);
    expect(view.stages).toEqual({ install: 'done', move: 'done', restart: 'done', tags: 'done', remove: 'pending' });
    expect(view).toMatchObject({ next: 'remove', canUndo: true, moved: [ns], tagChanges: [{ tag: 'default' }] });
    expect(view.restart).toMatchObject({ phase: 'done', failed: 0, workloads: [expect.objectContaining({ name: 'web', proxyRevision: 'canary', updated: 2 })] });
    expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels.istio\\.io/rev}'])).toBe('canary');
    expect(proxyRevisions(ns)).not.toContain('"revision":"default"');

    // The state is in the cluster: a second core (another window, the CLI) sees the same upgrade.
    const other = await createCore({ env: { ...process.env, KUBECONFIG: layout.kubeconfig } });
    expect((await other.handlers['upgrade.status']({ context: ctx })).upgrade?.stages.tags).toBe('done');
    await other.dispose();

    // canary is in use now: removing it is refused with a reason, not text to match.
    const refused = await all(core.handlers['revisions.remove']({ context: ctx, revision: 'canary' }, signal()));
    expect(refused.at(-1)).toMatchObject({ type: 'failed', error: { code: 'REFUSED', reason: 'revision-in-use' } });

    const undo = cli('upgrade', 'undo', '--context', ctx);
    expect(undo.code, undo.out).toBe(0);
    view = (await core.handlers['upgrade.status']({ context: ctx })).upgrade!;
    expect(view.undo?.status).toBe('done');
    expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}'])).toContain('"istio-injection":"enabled"');
    expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}'])).not.toContain('istio.io/rev');
    expect(proxyRevisions(ns)).not.toContain('"revision":"canary"');
    expect((await core.handlers['revisions.status']({ context: ctx })).revisions.map((r) => r.revision)).toEqual(['default']);

    await core.handlers['upgrade.dismiss']({ context: ctx });
    events = await all(core.handlers['upgrade.run']({ context: ctx, stage: 'through-tags', draft }, signal()));
    expect(lastView(events).next).toBe('remove');
    events = await all(core.handlers['upgrade.run']({ context: ctx, stage: 'remove' }, signal()));
    view = lastView(events);
    expect(view).toMatchObject({ complete: true, canUndo: false });
    expect(view.removed).toBeGreaterThan(0);
    expect((await core.handlers['revisions.status']({ context: ctx })).revisions.map((r) => r.revision)).toEqual(['canary']);

    // Config without a revision label is still validated, now by canary through the default tag.
    const bad = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'bad', namespace: ns }, spec: { hosts: ['x'], http: [{ route: [{ destination: { host: 'x' }, weight: -10 }] }] } };
    let rejected = '';
    await eventually('validation by canary', () => {
      try { kubectl(['apply', '--dry-run=server', '-f', '-'], { input: JSON.stringify(bad) }); return false; } catch (e) { rejected = String((e as { stderr?: string }).stderr); return true; }
    }, 30_000, 1000);
    expect(rejected).toContain('weight -10');
    kubectl(['delete', 'namespace', ns, '--wait=false']);
    finished(await all(core.handlers['install.uninstall']({ context: ctx }, signal())));
    // The default tag took over the default validator: it goes too, or it would refuse every later
    // Istio object with "connection refused" to the istiod that went.
    expect(kubectl(['get', 'mutatingwebhookconfigurations,validatingwebhookconfigurations', '-o', 'name']).split('\n').filter((n) => n.includes('istio'))).toEqual([]);
  });
});
