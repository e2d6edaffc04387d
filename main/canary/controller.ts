import { stringify } from 'yaml';
import { CanarySpec, CanaryState, type CanaryAction, type CanaryPlan, type CanaryView, type Decision } from '../contract/canary.js';
import { MeshdeckError, refusal } from '../contract/errors.js';
import { readLive, serverApply, targetOf, type LiveTarget } from '../config/apply.js';
import { servedKind, type ServedKind } from '../config/live.js';
import type { ConfigObject } from '../config/objects.js';
import type { ClusterConnection } from '../kube/connection.js';
import { acquireLock, lockHolder, type HeldLock } from '../kube/lease-lock.js';
import type { RawObject } from '../kube/reflector.js';
import type { MetricsService } from '../metrics/service.js';
import { afterAction, afterCheck, initialState, judge, viewOf, type Transition } from './rules.js';
import { CANARY_LABEL, destinationRule, routeFingerprint, virtualService, weightIn } from './routing.js';

/** The rollout's record: a ConfigMap beside the service (spec and state as JSON), written with a resourceVersion precondition. */
const recordName = (service: string) => `meshdeck-canary-${service}`;
const recordPath = (namespace: string, service?: string) => `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps${service ? `/${recordName(service)}` : ''}`;

interface RolloutRecord { spec: CanarySpec; state: CanaryState; resourceVersion: string }

export const canaryLock = (namespace: string, service: string) => ({ namespace, name: recordName(service), what: `canary rollout of ${service}` });

/**
 * Runs canary rollouts against one cluster: plans them, starts them, takes a person's controls, and
 * (as the driver, holding the rollout's Lease) judges each step on live metrics and moves the route.
 * Every move writes the intent first, then the route, then the outcome: whoever drives next finishes
 * an interrupted move, so weights stay consistent whenever the app stops.
 */
export class CanaryController {
  private kinds: Promise<{ vs: ServedKind; dr: ServedKind }> | undefined;

  /**
   * `intentPauseMs` holds a move between recording its intent and writing the route: a fault-injection
   * knob for the test that stops the driver at that very point (zero in normal use).
   */
  constructor(readonly connection: ClusterConnection, private readonly metrics: MetricsService, readonly identity: string, private readonly intentPauseMs = 0) {}

  private get conn(): ClusterConnection { return this.connection; }

  private routingKinds(): Promise<{ vs: ServedKind; dr: ServedKind }> {
    this.kinds ??= Promise.all(['virtualservices.networking.istio.io', 'destinationrules.networking.istio.io'].map(async (name) => {
      const crd = await this.conn.requestJson<RawObject>('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`).catch(() => undefined);
      const k = crd && servedKind(crd);
      if (!k) throw refusal('kind-not-served', 'This cluster serves no VirtualService or DestinationRule: install Istio first.');
      return k;
    })).then(([vs, dr]) => ({ vs: vs!, dr: dr! }));
    this.kinds.catch(() => { this.kinds = undefined; });
    return this.kinds;
  }

  private async targets(spec: CanarySpec): Promise<{ vs: LiveTarget; dr: LiveTarget }> {
    const k = await this.routingKinds();
    return { vs: targetOf(virtualService(spec, 0, 'progressing'), k.vs), dr: targetOf(destinationRule(spec), k.dr) };
  }

  async read(namespace: string, service: string): Promise<RolloutRecord | undefined> {
    try {
      const cm = await this.conn.requestJson<{ metadata: { resourceVersion: string }; data?: { spec?: string; state?: string } }>('GET', recordPath(namespace, service));
      const spec = CanarySpec.safeParse(JSON.parse(cm.data?.spec ?? 'null'));
      const state = CanaryState.safeParse(JSON.parse(cm.data?.state ?? 'null'));
      return spec.success && state.success ? { spec: spec.data, state: state.data, resourceVersion: cm.metadata.resourceVersion } : undefined;
    } catch (e) {
      if (e instanceof MeshdeckError && e.code === 'NOT_FOUND') return undefined;
      throw e;
    }
  }

  /** Writes the record if it is still at `resourceVersion` (a conflict means someone else moved it: re-read and decide again). */
  private async write(spec: CanarySpec, state: CanaryState, resourceVersion?: string): Promise<RolloutRecord> {
    const body = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: recordName(spec.service), namespace: spec.namespace, labels: { [CANARY_LABEL]: spec.service, 'meshdeck.io/managed-by': 'meshdeck' }, ...(resourceVersion ? { resourceVersion } : {}) },
      data: { spec: JSON.stringify(spec), state: JSON.stringify(state) },
    };
    const out = resourceVersion
      ? await this.conn.requestJson<{ metadata: { resourceVersion: string } }>('PUT', recordPath(spec.namespace, spec.service), { body })
      : await this.conn.requestJson<{ metadata: { resourceVersion: string } }>('POST', recordPath(spec.namespace), { body });
    return { spec, state, resourceVersion: out.metadata.resourceVersion };
  }

  async view(namespace: string, service: string): Promise<CanaryView | undefined> {
    const r = await this.read(namespace, service);
    if (!r) return undefined;
    const holder = await lockHolder(this.conn, canaryLock(namespace, service)).catch(() => undefined);
    return viewOf(r.spec, r.state, holder?.holder, holder?.holder.includes(this.identity) ?? false, Date.now());
  }

  async list(namespace?: string): Promise<CanaryView[]> {
    const path = namespace ? `${recordPath(namespace)}?labelSelector=${encodeURIComponent(CANARY_LABEL)}` : `/api/v1/configmaps?labelSelector=${encodeURIComponent(CANARY_LABEL)}`;
    const list = await this.conn.requestJson<{ items: { metadata: { namespace: string; labels?: Record<string, string> } }[] | null }>('GET', path);
    const views = await Promise.all((list.items ?? []).map((c) => this.view(c.metadata.namespace, c.metadata.labels?.[CANARY_LABEL] ?? '')));
    return views.filter((v): v is CanaryView => !!v);
  }

  /** What starting would do and what stands in the way; changes nothing. */
  async plan(spec: CanarySpec): Promise<CanaryPlan> {
    const problems: string[] = [];
    const ns = encodeURIComponent(spec.namespace);
    const svc = await this.conn.requestJson<{ spec?: { selector?: Record<string, string> } }>('GET', `/api/v1/namespaces/${ns}/services/${encodeURIComponent(spec.service)}`).catch(() => undefined);
    if (!svc) problems.push(`Service ${spec.namespace}/${spec.service} does not exist.`);
    const deployments = (await this.conn.requestJson<{ items: { metadata: { name: string }; spec?: { template?: { metadata?: { labels?: Record<string, string> } } } }[] }>('GET', `/apis/apps/v1/namespaces/${ns}/deployments`)).items;
    const serving = (version: string) => deployments.find((d) => {
      const l = d.spec?.template?.metadata?.labels ?? {};
      return l[spec.versionLabel] === version && Object.entries(svc?.spec?.selector ?? {}).every(([k, v]) => l[k] === v);
    })?.metadata.name;
    const stableWorkload = serving(spec.stableVersion);
    const canaryWorkload = serving(spec.canaryVersion);
    if (svc && !stableWorkload) problems.push(`No Deployment behind ${spec.service} has ${spec.versionLabel}=${spec.stableVersion}.`);
    if (svc && !canaryWorkload) problems.push(`No Deployment behind ${spec.service} has ${spec.versionLabel}=${spec.canaryVersion}: deploy the canary first.`);
    if (spec.steps.some((w, i) => i > 0 && w <= spec.steps[i - 1]!)) problems.push('Each step must send more traffic to the canary than the one before.');
    const vses = (await this.conn.requestJson<{ items: ConfigObject[] | null }>('GET', `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices`).catch(() => ({ items: [] }))).items ?? [];
    const host = new Set([spec.service, `${spec.service}.${spec.namespace}`, `${spec.service}.${spec.namespace}.svc.cluster.local`]);
    for (const vs of vses) {
      if (vs.metadata.labels?.[CANARY_LABEL]) continue;
      if (((vs.spec ?? {}) as { hosts?: string[] }).hosts?.some((h) => host.has(h))) problems.push(`VirtualService ${vs.metadata.name} already routes ${spec.service}: two would conflict (Istio uses only one). Remove it or fold it into the rollout first.`);
    }
    const existing = await this.read(spec.namespace, spec.service);
    if (existing && ['progressing', 'waiting-approval', 'paused', 'promoted'].includes(existing.state.phase)) problems.push(`A rollout of ${spec.service} is already under way (${existing.state.phase}).`);
    const first = initialState(spec, Date.now(), this.identity, { virtualService: '', destinationRule: '', fingerprint: '' });
    const yaml = [destinationRule(spec), virtualService(spec, first.weight, first.phase)].map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
    return { spec, yaml, problems, ...(stableWorkload ? { stableWorkload } : {}), ...(canaryWorkload ? { canaryWorkload } : {}) };
  }

  /** Starts a rollout: the subsets and the first step's route, then its record. */
  async start(spec: CanarySpec): Promise<CanaryView> {
    const plan = await this.plan(spec);
    if (plan.problems.length) throw refusal('canary-not-ready', plan.problems[0]!, plan.problems.join('\n'));
    const lock = await acquireLock(this.conn, canaryLock(spec.namespace, spec.service));
    try {
      const t = await this.targets(spec);
      const previous = await this.read(spec.namespace, spec.service);
      const draft = initialState(spec, Date.now(), this.identity, { virtualService: '', destinationRule: '', fingerprint: '' });
      const dr = await serverApply(this.conn, { object: destinationRule(spec), target: t.dr }, false, true);
      const vs = await serverApply(this.conn, { object: virtualService(spec, draft.weight, draft.phase), target: t.vs }, false, true);
      const state: CanaryState = { ...draft, routing: { virtualService: String(vs.metadata.resourceVersion), destinationRule: String(dr.metadata.resourceVersion), fingerprint: routeFingerprint(vs, dr) } };
      const r = await this.write(spec, state, previous?.resourceVersion);
      return viewOf(r.spec, r.state, this.identity, true, Date.now());
    } finally {
      await lock.release();
    }
  }

  /** A person's control: refused when it does not apply now; done under the rollout's lock. */
  async act(namespace: string, service: string, action: CanaryAction, by: string): Promise<CanaryView> {
    const lock = await this.lockFor(namespace, service);
    try {
      return await this.actHeld(namespace, service, action, by);
    } finally {
      await lock.release();
    }
  }

  /** A person's control, by whoever holds the rollout's lock already (the driver of this process). */
  async actHeld(namespace: string, service: string, action: CanaryAction, by: string): Promise<CanaryView> {
    const r = await this.read(namespace, service);
    if (!r) throw refusal('canary-not-ready', `There is no rollout of ${service} in ${namespace}.`);
    const settled = await this.settle(r);
    const t = afterAction(settled.spec, settled.state, action, Date.now(), by);
    if (!t) throw refusal('canary-not-ready', `“${action}” does not apply to a rollout that is ${settled.state.phase}.`);
    const done = await this.commit(settled, t);
    return viewOf(done.spec, done.state, this.identity, true, Date.now());
  }

  /** The rollout's lock, waiting briefly for a driver of this process between two checks. */
  private async lockFor(namespace: string, service: string): Promise<HeldLock> {
    for (let i = 0; ; i++) {
      try {
        return await acquireLock(this.conn, canaryLock(namespace, service));
      } catch (e) {
        if (i >= 20 || !(e instanceof MeshdeckError && e.shape.reason === 'change-running' && e.message.includes('in this Meshdeck'))) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /**
   * One turn of the driver (the caller holds the lock): finish an interrupted move, notice a route
   * changed by someone else, then judge the step on live metrics and move if the rules say so.
   */
  async drive(namespace: string, service: string): Promise<RolloutRecord | undefined> {
    const found = await this.read(namespace, service);
    if (!found) return undefined;
    const r = await this.settle(found);
    if (r.state.phase !== 'progressing') return r;
    const t = await this.targets(r.spec);
    // The route and the figures at once: a turn is as long as its slowest read, not their sum.
    const [vs, dr, judgement] = await Promise.all([readLive(this.conn, t.vs), readLive(this.conn, t.dr), this.judgeStep(r)]);
    if (!vs || !dr || routeFingerprint(vs, dr) !== r.state.routing.fingerprint) {
      const what = !vs || !dr ? `${!vs ? `VirtualService ${t.vs.ref.name}` : `DestinationRule ${t.dr.ref.name}`} was deleted` : changedRoute(r, vs);
      return this.commit(r, pauseFor(r, `The route was changed by someone else (${what}): paused. Check it, then resume (Meshdeck rewrites it) or abort.`, this.identity));
    }
    const t2 = afterCheck(r.spec, r.state, judgement, Date.now(), this.identity);
    return t2 ? this.commit(r, t2) : r;
  }

  private async judgeStep(r: RolloutRecord) {
    const { prom, diagnosis } = await this.metrics.prometheus();
    if (!prom) return judge(r.spec, undefined, undefined, false, diagnosis?.message ?? 'no Prometheus');
    const elapsed = (Date.now() - Date.parse(r.state.stepStartedAt)) / 1000;
    try {
      // The step so far (at least a few scrapes), never the traffic from before it.
      const figures = await this.metrics.versionFigures(prom, r.spec.namespace, r.spec.service, Math.max(20, Math.min(elapsed, r.spec.holdSeconds)));
      return judge(r.spec, figures.get(r.spec.canaryVersion), figures.get(r.spec.stableVersion), true);
    } catch (e) {
      return judge(r.spec, undefined, undefined, false, (e as Error).message);
    }
  }

  /** Finishes a move a previous driver recorded but did not complete (or did complete but did not record). */
  private async settle(r: RolloutRecord): Promise<RolloutRecord> {
    const p = r.state.pending;
    if (!p) return r;
    const t = await this.targets(r.spec);
    const vs = await readLive(this.conn, t.vs);
    const dr = await readLive(this.conn, t.dr);
    const intended = virtualService(r.spec, p.weight, p.phase);
    let written = vs;
    if (!vs || weightIn(vs) !== weightIn(intended) || JSON.stringify(vs.spec) !== JSON.stringify(intended.spec)) {
      written = await serverApply(this.conn, { object: intended, target: t.vs }, false, true);
    }
    const state: CanaryState = {
      ...r.state, phase: p.phase, step: p.step, weight: p.weight, pending: undefined, generation: r.state.generation + 1, updatedAt: new Date().toISOString(),
      // A new step is held from when its route was written (its traffic starts then), not from when it was decided.
      ...(p.step !== r.state.step ? { stepStartedAt: new Date().toISOString(), failures: 0, waitingSince: undefined } : {}),
      ...(p.phase !== 'paused' ? { pausedReason: undefined } : {}),
      decisions: [...r.state.decisions, p.decision].slice(-500),
      routing: { virtualService: String(written!.metadata.resourceVersion), destinationRule: String(dr?.metadata.resourceVersion ?? r.state.routing.destinationRule), fingerprint: routeFingerprint(written!, dr ?? {}) },
    };
    return this.write(r.spec, state, r.resourceVersion);
  }

  /** Records a transition: the intent first when the route moves, then the route (one object: both weights at once), then the outcome. */
  private async commit(r: RolloutRecord, t: Transition): Promise<RolloutRecord> {
    // Resuming rewrites the route too: after someone else changed it, the rollout's route is put back.
    const routeChanges = t.weightChanged || t.decision.action === 'resume' || t.state.phase === 'finalized' || (t.state.phase !== r.state.phase && (t.state.phase === 'progressing' || r.state.phase === 'progressing') && !!r.spec.mirrorPercent);
    if (!routeChanges) return this.write(r.spec, t.state, r.resourceVersion);
    const intent = await this.write(r.spec, { ...r.state, pending: { phase: t.state.phase, step: t.state.step, weight: t.state.weight, decision: t.decision } }, r.resourceVersion);
    if (this.intentPauseMs) await new Promise((resolve) => setTimeout(resolve, this.intentPauseMs));
    const settled = await this.settle(intent);
    const state: CanaryState = { ...t.state, stepStartedAt: settled.state.stepStartedAt === r.state.stepStartedAt ? t.state.stepStartedAt : settled.state.stepStartedAt, routing: settled.state.routing, decisions: settled.state.decisions };
    if (t.state.phase === 'finalized' && r.spec.scaleDownStable) await this.scaleStableDown(r.spec);
    return this.write(r.spec, state, settled.resourceVersion);
  }

  private async scaleStableDown(spec: CanarySpec): Promise<void> {
    const plan = await this.plan({ ...spec }).catch(() => undefined);
    if (!plan?.stableWorkload) return;
    await this.conn.requestJson('PATCH', `/apis/apps/v1/namespaces/${encodeURIComponent(spec.namespace)}/deployments/${encodeURIComponent(plan.stableWorkload)}/scale`, {
      contentType: 'application/merge-patch+json', body: { spec: { replicas: 0 } },
    });
  }
}

function pauseFor(r: RolloutRecord, reason: string, by: string): Transition {
  const at = new Date().toISOString();
  const decision: Decision = { at, step: r.state.step, weight: r.state.weight, verdict: 'manual', action: 'pause', reason, by };
  return { state: { ...r.state, phase: 'paused', pausedReason: reason, decisions: [...r.state.decisions, decision].slice(-500), generation: r.state.generation + 1, updatedAt: at }, decision, weightChanged: false };
}

/** What changed in a route of ours, in words: the weights, or the rest of it. */
function changedRoute(r: RolloutRecord, vs: ConfigObject): string {
  const now = weightIn(vs);
  return now !== undefined && now !== r.state.weight ? `the canary's weight is ${now}% instead of ${r.state.weight}%` : 'its rules differ from what Meshdeck wrote';
}
