import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigEvent } from '../contract/config.js';
import type { InstallEvent } from '../contract/install.js';
import { createCore, type Core } from '../core.js';
import { eventually, kubectl, layout, uniqueName } from '../testing/sandbox.js';

/**
 * Routing config against the sandbox with the real istiod (its validating webhook speaks on every
 * apply) and the Gateway API CRDs from their module: checks on live objects, dry run, analyze, diff,
 * conflict-safe apply and undo, the live list, and the simulator.
 */
let core: Core;
const ctx = 'sandbox-admin';
const ns = uniqueName('it-config');
const signal = () => new AbortController().signal;
async function all<T>(s: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of s) out.push(e);
  return out;
}

const APP = `
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: ${ns} }
spec: { selector: { app: reviews }, ports: [{ name: http, port: 9080 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: ${ns} }
spec:
  replicas: 1
  selector: { matchLabels: { app: reviews, version: v1 } }
  template: { metadata: { labels: { app: reviews, version: v1 } }, spec: { containers: [{ name: app, image: registry.invalid/reviews:1 }] } }
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: ${ns}
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: v2
    labels: { version: v2 }
`;
const VS = (weight = 100, subset = 'v1') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: ${ns}
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: ${subset}
      weight: ${weight}
`;
const doc = (text: string) => [{ name: 'edit.yaml', text }];
const ref = (kind: string, name: string) => ({ group: 'networking.istio.io', kind, namespace: ns, name });

beforeAll(async () => {
  core = await createCore({ env: { ...process.env, KUBECONFIG: layout.kubeconfig } });
  // Istio is needed (its CRDs and its validating webhook); install it unless an earlier suite left it.
  if (!kubectl(['get', 'deployments', '-n', 'istio-system', '-l', 'app=istiod', '-o', 'name']).trim()) {
    const events = await all<InstallEvent>(core.handlers['install.apply']({ context: ctx, options: { profile: 'minimal', revision: '', imagePullSecrets: [], values: {} } }, signal()));
    expect(events.at(-1)?.type, JSON.stringify(events.at(-1))).toBe('done');
  }
  kubectl(['create', 'namespace', ns]);
  kubectl(['apply', '-f', '-'], { input: APP });
  await eventually('the v1 pod', () => kubectl(['-n', ns, 'get', 'pods', '-l', 'version=v1', '-o', 'name']).trim());
}, 300_000);

afterAll(async () => {
  kubectl(['delete', 'namespace', ns, '--wait=false']);
  await core.dispose();
});

describe('routing config on the live cluster', { timeout: 120_000 }, () => {
  it('checks a document against the live objects: a subset without pods, then quiet once it is right', async () => {
    let r = await core.handlers['config.check']({ context: ctx, documents: doc(DR) });
    const f = r.documents[0]!.findings.find((x) => x.code === 'MD103');
    expect(f).toMatchObject({ istioCode: 'IST0173', path: ['spec', 'subsets', 1, 'labels'] });
    expect(f?.range?.startLine).toBe(DR.split('\n').findIndex((l) => l.includes('version: v2')) + 1);
    r = await core.handlers['config.check']({ context: ctx, documents: doc(DR.slice(0, DR.indexOf('  - name: v2'))) });
    expect(r.documents[0]!.findings).toEqual([]);
  });

  it('names a document for a version the cluster does not serve', async () => {
    const r = await core.handlers['config.check']({ context: ctx, documents: doc(VS().replace('networking.istio.io/v1', 'networking.istio.io/v9')) });
    expect(r.documents[0]!.findings[0]).toMatchObject({ code: 'MD003', message: expect.stringContaining('VirtualService v9 is not served by this cluster') });
  });

  it('dry-run shows Istio\'s own refusal at the field, and analyze\'s findings at their lines', async () => {
    const bad = VS(-10);
    const r = await core.handlers['config.validate']({ context: ctx, documents: doc(bad) });
    const findings = r.documents[0]!.findings;
    const refused = findings.find((x) => x.source === 'dry-run');
    expect(refused?.message).toMatch(/weight/);
    expect(refused?.message).toMatch(/validation\.istio\.io|Invalid value/);
    const analyzed = await core.handlers['config.validate']({ context: ctx, documents: doc(VS(100, 'v9')) });
    const ist = analyzed.documents[0]!.findings.find((x) => x.source === 'analyze' && x.code === 'IST0101');
    expect(ist?.message).toContain('v9');
    expect(ist?.range?.startLine).toBeGreaterThan(1);
  });

  it('applies with a precondition: a change made by someone else meanwhile is a conflict, never overwritten', async () => {
    const created = await core.handlers['config.apply']({ context: ctx, documents: doc(`${DR}---\n${VS()}`), base: [{ ref: ref('DestinationRule', 'reviews'), resourceVersion: null }, { ref: ref('VirtualService', 'reviews'), resourceVersion: null }] });
    expect(created.outcome, JSON.stringify(created)).toBe('applied');
    const opened = await core.handlers['config.get']({ context: ctx, ref: ref('VirtualService', 'reviews') });
    // Someone else edits the VirtualService between open and apply.
    kubectl(['-n', ns, 'annotate', 'virtualservice', 'reviews', 'edited-by=someone-else']);
    const mine = opened.yaml.replace('subset: v1', 'subset: v2');
    const conflict = await core.handlers['config.apply']({ context: ctx, documents: doc(mine), base: [{ ref: ref('VirtualService', 'reviews'), resourceVersion: opened.resourceVersion }] });
    expect(conflict.outcome).toBe('conflict');
    expect(conflict.outcome === 'conflict' && conflict.conflicts[0]?.theirs).toContain('edited-by: someone-else');
    expect(kubectl(['-n', ns, 'get', 'virtualservice', 'reviews', '-o', 'jsonpath={.spec.http[0].route[0].destination.subset}'])).toBe('v1');

    // Reopened, the diff shows the change; applied; undone to what it was.
    const fresh = await core.handlers['config.get']({ context: ctx, ref: ref('VirtualService', 'reviews') });
    const edited = fresh.yaml.replace('subset: v1', 'subset: v2');
    const diff = await core.handlers['config.diff']({ context: ctx, documents: doc(edited) });
    expect(diff.entries[0]).toMatchObject({ status: 'change', liveResourceVersion: fresh.resourceVersion });
    const applied = await core.handlers['config.apply']({ context: ctx, documents: doc(edited), base: [{ ref: ref('VirtualService', 'reviews'), resourceVersion: fresh.resourceVersion }] });
    expect(applied.outcome).toBe('applied');
    expect(kubectl(['-n', ns, 'get', 'virtualservice', 'reviews', '-o', 'jsonpath={.spec.http[0].route[0].destination.subset}'])).toBe('v2');
    const undone = await core.handlers['config.undo']({ context: ctx, undoId: applied.outcome === 'applied' ? applied.undoId : '' });
    expect(undone.restored).toEqual([{ ref: ref('VirtualService', 'reviews'), action: 'restored' }]);
    expect(kubectl(['-n', ns, 'get', 'virtualservice', 'reviews', '-o', 'jsonpath={.spec.http[0].route[0].destination.subset}'])).toBe('v1');
  });

  it('names another field manager instead of forcing', async () => {
    // kubectl's server-side apply as another owner of the weight.
    kubectl(['apply', '--server-side', '--field-manager=gitops-controller', '-f', '-'], { input: VS(100) });
    const fresh = await core.handlers['config.get']({ context: ctx, ref: ref('VirtualService', 'reviews') });
    const r = await core.handlers['config.apply']({ context: ctx, documents: doc(VS(90)), base: [{ ref: ref('VirtualService', 'reviews'), resourceVersion: fresh.resourceVersion }] });
    expect(r).toMatchObject({ outcome: 'owned', managers: ['gitops-controller'] });
  });

  it('keeps the live list with check status and says which API governs each host', async () => {
    const ctrl = new AbortController();
    const events: ConfigEvent[] = [];
    const stream = core.handlers['config.watch']({ context: ctx }, ctrl.signal);
    for await (const e of stream) {
      events.push(e);
      if (e.type === 'snapshot') break;
    }
    ctrl.abort();
    const snap = events[0]!;
    expect(snap.type).toBe('snapshot');
    if (snap.type !== 'snapshot') return;
    expect(snap.kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['VirtualService', 'DestinationRule', 'HTTPRoute', 'Gateway', 'ReferenceGrant']));
    expect(snap.rows.find((r) => r.kind === 'DestinationRule' && r.namespace === ns)).toMatchObject({ errors: 1, findings: [expect.objectContaining({ code: 'MD103' })] });
    expect(snap.hosts.find((h) => h.host === `reviews.${ns}.svc.cluster.local`)).toMatchObject({ governedBy: 'virtual-service' });
  });

  it('simulates a request over the live objects with the document laid over them', async () => {
    const r = await core.handlers['route.simulate']({ context: ctx, documents: doc(VS(100, 'v2')), request: { host: 'reviews', path: '/', method: 'GET', headers: {}, sourceNamespace: ns, gateway: 'mesh' } });
    expect(r.destinations).toEqual([expect.objectContaining({ host: `reviews.${ns}.svc.cluster.local`, subset: 'v2', percent: 100, subsetLabels: { version: 'v2' } })]);
  });
});
