import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallEvent, InstallOptions, RestartEvent } from '../contract/install.js';
import { createCore, type Core } from '../core.js';
import { eventually, kubectl, layout, uniqueName } from '../testing/sandbox.js';

/** Upgrade by revision on the sandbox: a new revision beside the old, a namespace moved, restarted, the old removed. */
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

beforeAll(async () => { core = await createCore({ env: { ...process.env, KUBECONFIG: layout.kubeconfig } }); });
afterAll(async () => { await core.dispose(); });

describe('revision upgrade', () => {
  it('moves a namespace from the default revision to a canary one, then removes the old', { timeout: 400_000 }, async () => {
    finished(await all(core.handlers['install.apply']({ context: ctx, options: opts('') }, signal())));
    const ns = uniqueName('it-upgrade');
    kubectl(['create', 'namespace', ns]);
    kubectl(['label', 'namespace', ns, 'istio-injection=enabled']);
    kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
    await eventually('injected pods of the default revision', () => kubectl(['-n', ns, 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.annotations.sidecar\\.istio\\.io/status}']).includes('"revision":"default"'));

    finished(await all(core.handlers['install.apply']({ context: ctx, options: opts('canary') }, signal())));
    let status = await core.handlers['revisions.status']({ context: ctx });
    expect(status.revisions.map((r) => r.revision).sort()).toEqual(['canary', 'default']);
    expect(status.revisions.find((r) => r.revision === 'default')?.namespaces).toContain(ns);

    await core.handlers['revisions.move']({ context: ctx, namespaces: [ns], target: 'canary' });
    expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}'])).not.toContain('istio-injection');
    const restart = await all<RestartEvent>(core.handlers['revisions.restart']({ context: ctx, namespaces: [ns], expectRevision: 'canary' }, signal()));
    expect(restart.at(-1)).toEqual({ type: 'done', restarted: 1, wrongRevision: 0 });
    expect(restart.find((e) => e.type === 'workload' && e.state === 'ready')).toMatchObject({ name: 'web', proxyRevision: 'canary' });

    // Still reversible: the old revision refuses to go while a tag or namespace needs it, and canary is in use.
    const refused = await all(core.handlers['revisions.remove']({ context: ctx, revision: 'canary' }, signal()));
    expect(refused.at(-1)).toMatchObject({ type: 'failed', error: { code: 'BAD_REQUEST' } });

    await core.handlers['revisions.tag']({ context: ctx, tag: 'prod-stable', revision: 'canary' });
    await core.handlers['revisions.tag']({ context: ctx, tag: 'default', revision: 'canary' });
    status = await core.handlers['revisions.status']({ context: ctx });
    expect(status.tags).toEqual(expect.arrayContaining([{ tag: 'prod-stable', revision: 'canary' }, { tag: 'default', revision: 'canary' }]));

    finished(await all(core.handlers['revisions.remove']({ context: ctx, revision: 'default' }, signal())));
    status = await core.handlers['revisions.status']({ context: ctx });
    expect(status.revisions.map((r) => r.revision)).toEqual(['canary']);
    // Config without a revision label is still validated, now by canary through the default tag.
    const bad = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'bad', namespace: ns }, spec: { hosts: ['x'], http: [{ route: [{ destination: { host: 'x' }, weight: -10 }] }] } };
    let rejected = '';
    await eventually('validation by canary', () => {
      try { kubectl(['apply', '--dry-run=server', '-f', '-'], { input: JSON.stringify(bad) }); return false; } catch (e) { rejected = String((e as { stderr?: string }).stderr); return true; }
    }, 30_000, 1000);
    expect(rejected).toContain('weight -10');
    kubectl(['delete', 'namespace', ns, '--wait=false']);
    finished(await all(core.handlers['install.uninstall']({ context: ctx, options: opts('canary') }, signal())));
    // The default tag took over the default validator: it goes too, or it would refuse every later
    // Istio object with "connection refused" to the istiod that went.
    expect(kubectl(['get', 'mutatingwebhookconfigurations,validatingwebhookconfigurations', '-o', 'name']).split('\n').filter((n) => n.includes('istio'))).toEqual([]);
  });
});
