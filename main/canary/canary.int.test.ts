import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanaryEvent, CanarySpec, CanaryState, CanaryView } from '../contract/canary.js';
import type { InstallEvent } from '../contract/install.js';
import { createCore, type Core } from '../core.js';
import { eventually, killSandboxProcess, kubectl, layout, sleep, uniqueName } from '../testing/sandbox.js';

/**
 * Canary rollouts against the sandbox: the real Prometheus scraping the traffic simulator (per-version
 * error rate and latency set by annotations), the real istiod validating every route written.
 */
let core: Core;
const ctx = 'sandbox-admin';
const env = { ...process.env, KUBECONFIG: layout.kubeconfig };

/** A namespace with a service in two versions and a caller sending it `rps` requests per second. */
function app(ns: string, o: { rps?: number; canaryErrors?: number; withCanary?: boolean } = {}): void {
  const dep = (version: string, errors: number, latency: number) => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-${version}, namespace: ${ns}, annotations: { sandbox.meshdeck.io/error-rate: "${errors}", sandbox.meshdeck.io/latency-ms: "${latency}" } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web, version: ${version} } }
  template: { metadata: { labels: { app: web, version: ${version} } }, spec: { containers: [{ name: web, image: registry.invalid/web:${version} }] } }`;
  kubectl(['apply', '-f', '-'], { input: `apiVersion: v1
kind: Namespace
metadata: { name: ${ns}, labels: { sandbox.meshdeck.io/traffic: always } }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${ns}, annotations: { sandbox.meshdeck.io/rps: "${o.rps ?? 40}" } }
spec: { selector: { app: web }, ports: [{ name: http, port: 80 }] }
${dep('v1', 0, 30)}
${o.withCanary === false ? '' : dep('v2', o.canaryErrors ?? 0, 35)}` });
}

const spec = (namespace: string, extra: Partial<CanarySpec> = {}): CanarySpec => ({
  namespace, service: 'web', stableVersion: 'v1', canaryVersion: 'v2', versionLabel: 'version', steps: [25, 50, 100], holdSeconds: 15,
  gates: { minSuccessRate: 0.95, minRequests: 30 }, failureLimit: 2, noDataTimeoutSeconds: 600, approvals: [], scaleDownStable: false, ...extra,
});

/** Follows the rollout (this core drives it) until `until` holds; returns the view then. */
async function follow(namespace: string, until: (v: CanaryView) => boolean, timeoutMs = 150_000): Promise<CanaryView> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  let last: CanaryView | undefined;
  try {
    for await (const e of core.handlers['canary.watch']({ context: ctx, namespace, service: 'web' }, ctrl.signal) as AsyncIterable<CanaryEvent>) {
      if (e.type === 'view') {
        last = e.view;
        if (until(e.view)) return e.view;
      }
    }
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  throw new Error(`the rollout did not get there; last: ${last?.summary}`);
}

const vsWeight = (ns: string) => Number(kubectl(['-n', ns, 'get', 'virtualservice', 'web-canary', '-o', 'jsonpath={.spec.http[?(@.name=="weighted")].route[?(@.destination.subset=="canary")].weight}']) || 'NaN');
/** The HTTPRoute's weights in its catch-all rule: [stable, canary]. */
const httpRouteWeights = (ns: string) => kubectl(['-n', ns, 'get', 'httproute', 'web-canary', '-o', 'jsonpath={.spec.rules[-1:].backendRefs[*].weight}']).trim().split(/\s+/).map(Number);
const record = (ns: string): CanaryState => JSON.parse(kubectl(['-n', ns, 'get', 'configmap', 'meshdeck-canary-web', '-o', 'jsonpath={.data.state}'])) as CanaryState;

beforeAll(async () => {
  core = await createCore({ env });
  if (!kubectl(['get', 'deployments', '-n', 'istio-system', '-l', 'app=istiod', '-o', 'name']).trim()) {
    const events: InstallEvent[] = [];
    for await (const e of core.handlers['install.apply']({ context: ctx, options: { profile: 'minimal', revision: '', imagePullSecrets: [], values: {} } }, new AbortController().signal)) events.push(e);
    expect(events.at(-1)?.type).toBe('done');
  }
}, 300_000);
afterAll(async () => { await core.dispose(); });

describe.concurrent('canary rollouts on the sandbox', { timeout: 240_000 }, () => {
  it('a healthy canary reaches 100% step by step and finalizes; the route shows each weight', async () => {
    const ns = uniqueName('it-canary-ok');
    app(ns);
    const plan = await core.handlers['canary.plan']({ context: ctx, spec: spec(ns) });
    expect(plan).toMatchObject({ problems: [], stableWorkload: 'web-v1', canaryWorkload: 'web-v2' });
    expect(plan.yaml).toContain('kind: VirtualService');
    await sleep(10_000); // a few scrapes of the stable version's traffic
    await core.handlers['canary.start']({ context: ctx, spec: spec(ns) });
    expect(vsWeight(ns)).toBe(25);
    const promoted = await follow(ns, (v) => v.state.phase === 'promoted');
    expect(promoted.state.decisions.filter((d) => d.action === 'promote').map((d) => d.weight)).toEqual([50, 100]);
    expect(promoted.state.decisions.at(-1)).toMatchObject({ verdict: 'pass', canary: { requests: expect.any(Number) } });
    const done = await core.handlers['canary.act']({ context: ctx, namespace: ns, service: 'web', action: 'finalize' });
    expect(done.state.phase).toBe('finalized');
    expect(kubectl(['-n', ns, 'get', 'virtualservice', 'web-canary', '-o', 'jsonpath={.spec.http[0].route[0].destination.subset}'])).toBe('canary');
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  it('a canary that turns bad at 50% rolls back at that step, with the reason and its figures logged', async () => {
    const ns = uniqueName('it-canary-bad');
    app(ns);
    await sleep(10_000);
    await core.handlers['canary.start']({ context: ctx, spec: spec(ns) });
    await follow(ns, (v) => v.state.weight === 50);
    kubectl(['-n', ns, 'annotate', 'deployment', 'web-v2', 'sandbox.meshdeck.io/error-rate=0.4', '--overwrite']);
    const rolled = await follow(ns, (v) => v.state.phase === 'rolled-back');
    const last = rolled.state.decisions.at(-1)!;
    expect(last).toMatchObject({ action: 'rollback', step: 1, verdict: 'fail' });
    expect(last.reason).toMatch(/success rate .* is under 95.0%.*2 failed check\(s\) in a row/);
    expect(last.canary!.successRate!).toBeLessThan(0.95);
    expect(vsWeight(ns)).toBe(0);
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  it('where the namespace routes with Gateway API: an HTTPRoute over a Service per version, judged on what Istio reports for the backends', async () => {
    const ns = uniqueName('it-canary-gw');
    app(ns, { canaryErrors: 0.4 });
    // Another service of the namespace is routed by an HTTPRoute: the plan picks Gateway API for this one too.
    kubectl(['apply', '-f', '-'], { input: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: other, namespace: ${ns} }
spec:
  parentRefs: [{ group: "", kind: Service, name: other }]
  rules: [{ backendRefs: [{ name: other, port: 80 }] }]` });
    const plan = await core.handlers['canary.plan']({ context: ctx, spec: spec(ns) });
    expect(plan).toMatchObject({ problems: [], routeApi: 'gateway-api', routeApiWhy: expect.stringContaining('HTTPRoute other') });
    expect(plan.yaml).toContain('kind: HTTPRoute');
    await sleep(10_000);
    const started = await core.handlers['canary.start']({ context: ctx, spec: spec(ns) });
    expect(started.spec.routeApi).toBe('gateway-api');
    expect(httpRouteWeights(ns)).toEqual([75, 25]);
    expect(kubectl(['-n', ns, 'get', 'service', 'web-canary', '-o', 'jsonpath={.spec.selector.version}'])).toBe('v2');
    // The canary's requests are reported under web-canary: only counting them lets the gate fail it.
    const rolled = await follow(ns, (v) => v.state.phase === 'rolled-back');
    expect(rolled.state.decisions.at(-1)).toMatchObject({ action: 'rollback', step: 0, verdict: 'fail' });
    expect(rolled.state.decisions.at(-1)!.canary!.requests).toBeGreaterThanOrEqual(30);
    expect(httpRouteWeights(ns)).toEqual([100, 0]);
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  it('creates the canary from the stable Deployment with a new image, waits until it is ready, then routes to it', async () => {
    const ns = uniqueName('it-canary-new');
    app(ns, { withCanary: false });
    const s = spec(ns, { createCanary: { image: 'registry.invalid/web:v2' } });
    const refused = await core.handlers['canary.plan']({ context: ctx, spec: spec(ns) });
    expect(refused.problems).toEqual([expect.stringContaining('give an image to create it from web-v1')]);
    const plan = await core.handlers['canary.plan']({ context: ctx, spec: s });
    expect(plan).toMatchObject({ problems: [], stableWorkload: 'web-v1', createsWorkload: 'web-v2', routeApi: 'istio' });
    expect(plan.yaml).toContain('image: registry.invalid/web:v2');
    const view = await core.handlers['canary.start']({ context: ctx, spec: s });
    expect(view.state).toMatchObject({ phase: 'progressing', weight: 25 });
    expect(kubectl(['-n', ns, 'get', 'deployment', 'web-v2', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.spec.selector.matchLabels.version} {.status.readyReplicas}'])).toBe('registry.invalid/web:v2 v2 1');
    expect(vsWeight(ns)).toBe(25);
    await core.handlers['canary.act']({ context: ctx, namespace: ns, service: 'web', action: 'abort' });
    expect(vsWeight(ns)).toBe(0);
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  it('waits with too little traffic instead of failing, and pauses when a person edits its route', async () => {
    const ns = uniqueName('it-canary-low');
    app(ns, { rps: 1 });
    await core.handlers['canary.start']({ context: ctx, spec: spec(ns, { gates: { minSuccessRate: 0.95, minRequests: 500 } }) });
    await follow(ns, (v) => v.state.decisions.some((d) => d.verdict === 'low-traffic'));
    // Well past the step's hold time it still waits: too little traffic is never a pass, nor a failure.
    await sleep(25_000);
    const waiting = (await core.handlers['canary.list']({ context: ctx, namespace: ns })).rollouts[0]!;
    expect(waiting.state).toMatchObject({ phase: 'progressing', step: 0, weight: 25, failures: 0 });
    expect(waiting.state.decisions.at(-1)).toMatchObject({ verdict: 'low-traffic', reason: expect.stringContaining('500 are needed') });
    // Someone else changes the weights: the rollout pauses and says what changed.
    kubectl(['-n', ns, 'patch', 'virtualservice', 'web-canary', '--type=json', '-p', '[{"op":"replace","path":"/spec/http/0/route/0/weight","value":60},{"op":"replace","path":"/spec/http/0/route/1/weight","value":40}]']);
    const paused = await follow(ns, (v) => v.state.phase === 'paused');
    expect(paused.state.pausedReason).toMatch(/changed by someone else \(the canary's weight is 40% instead of 25%\)/);
    // Resuming puts the rollout's route back.
    await core.handlers['canary.act']({ context: ctx, namespace: ns, service: 'web', action: 'resume' });
    expect(vsWeight(ns)).toBe(25);
    await core.handlers['canary.act']({ context: ctx, namespace: ns, service: 'web', action: 'abort' });
    expect(vsWeight(ns)).toBe(0);
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });
});

describe('surviving the app: metrics gone, the driver killed, a second Meshdeck', { timeout: 400_000 }, () => {
  it('holds while Prometheus is stopped, never promoting without evidence', async () => {
    const ns = uniqueName('it-canary-prom');
    app(ns);
    await sleep(10_000);
    await core.handlers['canary.start']({ context: ctx, spec: spec(ns, { holdSeconds: 10 }) });
    const prometheus = killSandboxProcess('prometheus');
    try {
      await follow(ns, (v) => v.state.decisions.at(-1)?.verdict === 'no-data');
      // Past the hold time, without evidence, it stays where it is.
      await sleep(20_000);
      const held = (await core.handlers['canary.list']({ context: ctx, namespace: ns })).rollouts[0]!;
      expect(held.state).toMatchObject({ phase: 'progressing', step: 0, weight: 25 });
      expect(held.state.decisions.at(-1)?.reason).toMatch(/No evidence/);
      expect(vsWeight(ns)).toBe(25);
    } finally {
      prometheus.restart();
    }
    await core.handlers['canary.act']({ context: ctx, namespace: ns, service: 'web', action: 'abort' });
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  it('recovers with consistent weights when the driving app is killed at every transition, and no second Meshdeck drives meanwhile', async () => {
    const ns = uniqueName('it-canary-kill');
    app(ns);
    await sleep(10_000);
    await core.handlers['canary.start']({ context: ctx, spec: spec(ns, { steps: [25, 50, 75, 100], holdSeconds: 10 }) });
    // Each driver is a separate process (the CLI following the rollout); each move pauses 3 s between its intent and its route.
    const drive = (): ChildProcess => spawn(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', 'canary', 'status', 'web', '-n', ns, '--context', ctx, '--watch', '--json'],
      { env: { ...env, MESHDECK_CANARY_INTENT_PAUSE_MS: '3000' }, stdio: 'ignore' });
    let kills = 0;
    const intentsKilled: number[] = [];
    let seenGeneration = record(ns).generation;
    let seenIntent: string | undefined;
    for (let round = 0; round < 40; round++) {
      const child = drive();
      // Wait for this driver's own next step: a new intent recorded, or a move's outcome.
      const killed = await eventually('a move under way or completed', () => {
        const s = record(ns);
        if (s.pending && s.pending.decision.at !== seenIntent) return 'intent';
        if (!s.pending && s.generation > seenGeneration) return 'outcome';
        return undefined;
      }, 90_000, 100);
      child.kill('SIGKILL');
      kills++;
      await new Promise((r) => child.once('exit', r));
      const s = record(ns);
      seenGeneration = s.generation;
      seenIntent = s.pending?.decision.at;
      // Killed between intent and route, the route is the old one or the new one, never anything else.
      if (killed === 'intent') {
        expect([s.weight, s.pending!.weight]).toContain(vsWeight(ns));
        intentsKilled.push(s.pending!.weight);
      }
      else expect(vsWeight(ns)).toBe(s.weight);
      // A second Meshdeck cannot drive while a lease stands; with the holder dead on this machine, the next one takes over at once.
      if (s.phase === 'promoted') break;
    }
    const settled = await follow(ns, (v) => !v.state.pending);
    expect(settled.state.phase).toBe('promoted');
    // Every transition was interrupted between its intent and its route, and finished by the next driver.
    expect(intentsKilled).toEqual([50, 75, 100]);
    expect(kills).toBeGreaterThan(intentsKilled.length);
    expect(settled.state.decisions.filter((d) => d.action === 'promote').map((d) => d.weight)).toEqual([50, 75, 100]);
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  it('refuses a second Meshdeck\'s control while another drives the rollout', async () => {
    const ns = uniqueName('it-canary-lease');
    app(ns);
    await core.handlers['canary.start']({ context: ctx, spec: spec(ns, { holdSeconds: 600 }) });
    const ctrl = new AbortController();
    const driving = (async () => { for await (const _ of core.handlers['canary.watch']({ context: ctx, namespace: ns, service: 'web' }, ctrl.signal)) { /* drive */ } })();
    await sleep(2000);
    const other = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', 'canary', 'promote', 'web', '-n', ns, '--context', ctx], { env });
      let out = '';
      c.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      c.stderr.on('data', (b: Buffer) => { out += b.toString(); });
      c.on('exit', (code) => resolve({ code, out }));
    });
    expect(other.code).toBe(1);
    expect(other.out).toMatch(/REFUSED: canary-driven.*canary rollout of web is running: .*pid/);
    ctrl.abort();
    await driving;
    await core.handlers['canary.act']({ context: ctx, namespace: ns, service: 'web', action: 'abort' });
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });
});
