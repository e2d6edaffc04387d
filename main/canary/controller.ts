import { stringify } from 'yaml';
import { CanarySpec, CanaryState, type CanaryAction, type CanaryPlan, type CanaryView, type Decision, type RouteApi } from '../contract/canary.js';
import { MeshdeckError, refusal } from '../contract/errors.js';
import { readLive, serverApply, targetOf, type LiveTarget } from '../config/apply.js';
import { servedKind, type ServedKind } from '../config/live.js';
import type { ConfigObject } from '../config/objects.js';
import type { ClusterConnection } from '../kube/connection.js';
import { acquireLock, heldHere, lockHolder, type HeldLock } from '../kube/lease-lock.js';
import type { RawObject } from '../kube/reflector.js';
import type { MetricsService } from '../metrics/service.js';
import { afterAction, afterCheck, evidenceWindow, initialState, judge, viewOf, type Transition } from './rules.js';
import { CANARY_LABEL, canaryNames, routeApiOf, routeFingerprint, routeObject, subsetObjects, subsetRefs, weightIn, type ServiceShape } from './routing.js';
import { canaryDeployment, type DeploymentLike } from './workload.js';

/** Services are served by the core API (no CRD). */
const SERVICE_KIND: ServedKind = { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, crd: '', servedVersions: ['v1'] };
const ROUTE_CRDS: Record<RouteApi, string> = { istio: 'virtualservices.networking.istio.io', 'gateway-api': 'httproutes.gateway.networking.k8s.io' };
const DESTINATION_RULES = 'destinationrules.networking.istio.io';
/** How long start waits for a canary Deployment it created to have a ready pod. */
const CANARY_READY_TIMEOUT_MS = 180_000;

interface RoutingTargets { route: LiveTarget; subsets: LiveTarget[] }
interface ServiceRead { metadata: { labels?: Record<string, string> }; spec?: { selector?: Record<string, string>; ports?: ServiceShape['ports'] } }

/** The rollout's record: a ConfigMap beside the service (spec and state as JSON), written with a resourceVersion precondition. */
const recordName = (service: string) => `meshdeck-canary-${service}`;
const recordPath = (namespace: string, service?: string) => `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps${service ? `/${recordName(service)}` : ''}`;

interface RolloutRecord { spec: CanarySpec; state: CanaryState; resourceVersion: string }

export const canaryLock = (namespace: string, service: string) => ({ namespace, name: recordName(service), what: `canary rollout of ${service}`, busyReason: 'canary-driven' as const });

/**
 * Runs canary rollouts against one cluster: plans them, starts them, takes a person's controls, and
 * (as the driver, holding the rollout's Lease) judges each step on live metrics and moves the route.
 * Every move writes the intent first, then the route, then the outcome: whoever drives next finishes
 * an interrupted move, so weights stay consistent whenever the app stops.
 */
export class CanaryController {
  private readonly kinds = new Map<string, Promise<ServedKind | undefined>>();
  private readonly ports = new Map<string, Promise<number>>();

  /**
   * `intentPauseMs` holds a move between recording its intent and writing the route: a fault-injection
   * knob for the test that stops the driver at that very point (zero in normal use).
   */
  constructor(readonly connection: ClusterConnection, private readonly metrics: MetricsService, readonly identity: string, private readonly intentPauseMs = 0) {}

  private get conn(): ClusterConnection { return this.connection; }

  /** A CRD's served kind, or undefined when the cluster does not serve it (asked once per controller, unless it failed). */
  private kindOf(crd: string): Promise<ServedKind | undefined> {
    let k = this.kinds.get(crd);
    if (!k) {
      k = this.conn.requestJson<RawObject>('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd}`).then((o) => servedKind(o), (e) => {
        if (e instanceof MeshdeckError && e.code === 'NOT_FOUND') return undefined;
        throw e;
      });
      this.kinds.set(crd, k);
      k.then((v) => { if (!v) this.kinds.delete(crd); }, () => this.kinds.delete(crd));
    }
    return k;
  }

  private async routingTargets(spec: CanarySpec): Promise<RoutingTargets> {
    const api = routeApiOf(spec);
    const [route, dr] = await Promise.all([this.kindOf(ROUTE_CRDS[api]), api === 'istio' ? this.kindOf(DESTINATION_RULES) : Promise.resolve(SERVICE_KIND)]);
    if (!route || !dr) throw refusal('kind-not-served', api === 'istio' ? 'This cluster serves no VirtualService or DestinationRule: install Istio first.' : 'This cluster serves no HTTPRoute: install the Gateway API CRDs, or roll out with Istio\'s routing.');
    const shell = (kind: string, name: string): ConfigObject => ({ apiVersion: kind === 'Service' ? 'v1' : kind === 'DestinationRule' ? 'networking.istio.io/v1' : '', kind, metadata: { name, namespace: spec.namespace } });
    return {
      route: targetOf(routeObject(spec, 0, 'progressing'), route),
      subsets: subsetRefs(spec).map((r) => targetOf(shell(r.kind, r.name), r.kind === 'Service' ? SERVICE_KIND : dr)),
    };
  }

  /** The service's port, for an HTTPRoute's backends (read once per rollout per controller). */
  private portOf(spec: CanarySpec): Promise<number> {
    if (routeApiOf(spec) === 'istio') return Promise.resolve(80);
    const key = `${spec.namespace}/${spec.service}`;
    let p = this.ports.get(key);
    if (!p) {
      p = this.conn.requestJson<ServiceRead>('GET', `/api/v1/namespaces/${encodeURIComponent(spec.namespace)}/services/${encodeURIComponent(spec.service)}`).then((s) => s.spec?.ports?.[0]?.port ?? 80);
      this.ports.set(key, p);
      p.catch(() => this.ports.delete(key));
    }
    return p;
  }

  private async route(spec: CanarySpec, weight: number, phase: CanaryState['phase']): Promise<ConfigObject> {
    return routeObject(spec, weight, phase, await this.portOf(spec));
  }

  private readSubsets(t: RoutingTargets): Promise<(ConfigObject | undefined)[]> {
    return Promise.all(t.subsets.map((x) => readLive(this.conn, x)));
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

  /** The routing API a rollout uses: the spec's, else Gateway API where the namespace routes services with HTTPRoutes. */
  private async chooseRouteApi(spec: CanarySpec, httpRoutes: ConfigObject[] | undefined): Promise<{ api: RouteApi; why: string }> {
    if (spec.routeApi) return { api: spec.routeApi, why: spec.routeApi === 'istio' ? 'Chosen: Istio\'s VirtualService and DestinationRule.' : 'Chosen: a Gateway API HTTPRoute over a Service per version.' };
    const meshRoutes = (httpRoutes ?? []).filter((r) => parentsOf(r).length > 0);
    if (meshRoutes.length) return { api: 'gateway-api', why: `${spec.namespace} routes its services with Gateway API (HTTPRoute ${meshRoutes[0]!.metadata.name}${meshRoutes.length > 1 ? ` and ${meshRoutes.length - 1} more` : ''}): the rollout uses an HTTPRoute too.` };
    return { api: 'istio', why: httpRoutes === undefined ? 'This cluster serves no HTTPRoute: the rollout uses Istio\'s VirtualService and DestinationRule.' : `No HTTPRoute routes services in ${spec.namespace}: the rollout uses Istio's VirtualService and DestinationRule.` };
  }

  /** What starting would do and what stands in the way; changes nothing. */
  async plan(input: CanarySpec): Promise<CanaryPlan> {
    const problems: string[] = [];
    const ns = encodeURIComponent(input.namespace);
    const list = <T>(path: string) => this.conn.requestJson<{ items: T[] | null }>('GET', path).then((l) => l.items ?? [], (e) => {
      if (e instanceof MeshdeckError && e.code === 'NOT_FOUND') return undefined;
      throw e;
    });
    const [svc, deploymentList, vses, httpRoutes] = await Promise.all([
      this.conn.requestJson<ServiceRead>('GET', `/api/v1/namespaces/${ns}/services/${encodeURIComponent(input.service)}`).catch(() => undefined),
      list<DeploymentLike>(`/apis/apps/v1/namespaces/${ns}/deployments`),
      list<ConfigObject>(`/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices`),
      list<ConfigObject>(`/apis/gateway.networking.k8s.io/v1/namespaces/${ns}/httproutes`),
    ]);
    const choice = await this.chooseRouteApi(input, httpRoutes);
    const spec: CanarySpec = { ...input, routeApi: choice.api };
    if (!svc) problems.push(`Service ${spec.namespace}/${spec.service} does not exist.`);
    const deployments = deploymentList ?? [];
    const serving = (version: string) => deployments.find((d) => {
      const l = d.spec?.template?.metadata?.labels ?? {};
      return l[spec.versionLabel] === version && Object.entries(svc?.spec?.selector ?? {}).every(([k, v]) => l[k] === v);
    });
    const stable = serving(spec.stableVersion);
    const canaryWorkload = serving(spec.canaryVersion)?.metadata.name;
    let created: DeploymentLike | undefined;
    if (svc && !stable) problems.push(`No Deployment behind ${spec.service} has ${spec.versionLabel}=${spec.stableVersion}.`);
    if (svc && stable && !canaryWorkload) {
      if (!spec.createCanary) problems.push(`No Deployment behind ${spec.service} has ${spec.versionLabel}=${spec.canaryVersion}: deploy the canary first, or give an image to create it from ${stable.metadata.name}.`);
      else {
        try {
          created = canaryDeployment(stable, spec);
          if (deployments.some((d) => d.metadata.name === created!.metadata.name)) problems.push(`A Deployment named ${created.metadata.name} exists already but does not serve ${spec.versionLabel}=${spec.canaryVersion}.`);
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
    }
    if (spec.steps.some((w, i) => i > 0 && w <= spec.steps[i - 1]!)) problems.push('Each step must send more traffic to the canary than the one before.');
    const host = new Set([spec.service, `${spec.service}.${spec.namespace}`, `${spec.service}.${spec.namespace}.svc.cluster.local`]);
    for (const vs of vses ?? []) {
      if (vs.metadata.labels?.[CANARY_LABEL]) continue;
      if (((vs.spec ?? {}) as { hosts?: string[] }).hosts?.some((h) => host.has(h))) problems.push(`VirtualService ${vs.metadata.name} already routes ${spec.service}: two would conflict (Istio uses only one). Remove it or fold it into the rollout first.`);
    }
    for (const r of httpRoutes ?? []) {
      if (r.metadata.labels?.[CANARY_LABEL]) continue;
      if (parentsOf(r).includes(spec.service)) problems.push(`HTTPRoute ${r.metadata.name} already routes ${spec.service}: two routes for one service would conflict. Remove it or fold it into the rollout first.`);
    }
    if (spec.routeApi === 'gateway-api') {
      if (httpRoutes === undefined) problems.push('This cluster serves no HTTPRoute: install the Gateway API CRDs, or roll out with Istio\'s routing.');
      const n = canaryNames(spec);
      for (const name of [n.stableService, n.canaryService]) {
        const other = await this.conn.requestJson<ServiceRead>('GET', `/api/v1/namespaces/${ns}/services/${encodeURIComponent(name)}`).catch(() => undefined);
        if (other && !other.metadata.labels?.[CANARY_LABEL]) problems.push(`A Service named ${name} exists and is not Meshdeck's: the rollout needs that name for the ${name === n.stableService ? 'stable' : 'canary'} version's backend.`);
      }
      if (svc && !(svc.spec?.ports ?? []).length) problems.push(`Service ${spec.service} has no ports to route.`);
    } else if (vses === undefined) {
      problems.push('This cluster serves no VirtualService: install Istio first.');
    }
    const existing = await this.read(spec.namespace, spec.service);
    if (existing && ['progressing', 'waiting-approval', 'paused', 'promoted'].includes(existing.state.phase)) problems.push(`A rollout of ${spec.service} is already under way (${existing.state.phase}).`);
    const first = initialState(spec, Date.now(), this.identity, { route: '', subsets: '', fingerprint: '' });
    const shape: ServiceShape = { selector: svc?.spec?.selector ?? {}, ports: svc?.spec?.ports ?? [] };
    const objects = [...(created ? [created as unknown as ConfigObject] : []), ...subsetObjects(spec, shape), routeObject(spec, first.weight, first.phase, shape.ports[0]?.port ?? 80)];
    return {
      spec, yaml: objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'), problems, routeApi: choice.api, routeApiWhy: choice.why,
      ...(stable ? { stableWorkload: stable.metadata.name } : {}), ...(canaryWorkload ? { canaryWorkload } : {}), ...(created ? { createsWorkload: created.metadata.name } : {}),
    };
  }

  /** Starts a rollout: the canary's Deployment if asked (ready first), the subsets and the first step's route, then its record. */
  async start(input: CanarySpec): Promise<CanaryView> {
    const plan = await this.plan(input);
    if (plan.problems.length) throw refusal('canary-not-ready', plan.problems[0]!, plan.problems.join('\n'));
    const spec = plan.spec;
    const lock = await acquireLock(this.conn, canaryLock(spec.namespace, spec.service));
    try {
      if (plan.createsWorkload) await this.createCanaryWorkload(spec, plan.stableWorkload!);
      const t = await this.routingTargets(spec);
      const svc = await this.conn.requestJson<ServiceRead>('GET', `/api/v1/namespaces/${encodeURIComponent(spec.namespace)}/services/${encodeURIComponent(spec.service)}`);
      const previous = await this.read(spec.namespace, spec.service);
      const draft = initialState(spec, Date.now(), this.identity, { route: '', subsets: '', fingerprint: '' });
      const subsets = await Promise.all(subsetObjects(spec, { selector: svc.spec?.selector ?? {}, ports: svc.spec?.ports ?? [] }).map((o, i) => serverApply(this.conn, { object: o, target: t.subsets[i]! }, false, true)));
      const route = await serverApply(this.conn, { object: await this.route(spec, draft.weight, draft.phase), target: t.route }, false, true);
      const state: CanaryState = { ...draft, routing: routingOf(route, subsets) };
      const r = await this.write(spec, state, previous?.resourceVersion);
      return viewOf(r.spec, r.state, this.identity, true, Date.now());
    } finally {
      await lock.release();
    }
  }

  /** Creates the canary's Deployment from the stable one and waits for a ready pod (refused, naming what it waits for, after three minutes). */
  private async createCanaryWorkload(spec: CanarySpec, stableName: string): Promise<void> {
    const ns = encodeURIComponent(spec.namespace);
    const stable = await this.conn.requestJson<DeploymentLike>('GET', `/apis/apps/v1/namespaces/${ns}/deployments/${encodeURIComponent(stableName)}`);
    const copy = canaryDeployment(stable, spec);
    const path = `/apis/apps/v1/namespaces/${ns}/deployments/${encodeURIComponent(copy.metadata.name)}`;
    await this.conn.requestJson('PATCH', `${path}?fieldManager=meshdeck&fieldValidation=Strict`, { body: copy, contentType: 'application/apply-patch+yaml' });
    const deadline = Date.now() + CANARY_READY_TIMEOUT_MS;
    for (;;) {
      const d = await this.conn.requestJson<{ status?: { readyReplicas?: number } }>('GET', path);
      if ((d.status?.readyReplicas ?? 0) > 0) return;
      if (Date.now() > deadline) throw refusal('canary-not-ready', `Deployment ${copy.metadata.name} was created but has no ready pod after ${CANARY_READY_TIMEOUT_MS / 60_000} minutes: see its pods (image ${spec.createCanary?.image}), then start again.`);
      await new Promise((r) => setTimeout(r, 1000));
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
        if (i >= 20 || !(e instanceof MeshdeckError && e.shape.reason === 'canary-driven' && heldHere(canaryLock(namespace, service)))) throw e;
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
    const t = await this.routingTargets(r.spec);
    // A step too young for a rate of its own is not judged yet (its route is still watched).
    const window = evidenceWindow(r.spec, r.state, Date.now());
    // The route and the figures at once: a turn is as long as its slowest read, not their sum.
    const [route, subsets, judgement] = await Promise.all([readLive(this.conn, t.route), this.readSubsets(t), window === undefined ? undefined : this.judgeStep(r, window)]);
    const missing = [route, ...subsets].findIndex((o) => !o);
    if (missing >= 0 || routeFingerprint(route!, subsets as ConfigObject[]) !== r.state.routing.fingerprint) {
      const gone = missing === 0 ? t.route : t.subsets[missing - 1];
      const what = gone ? `${gone.ref.kind} ${gone.ref.name} was deleted` : changedRoute(r, route!);
      return this.commit(r, pauseFor(r, `The route was changed by someone else (${what}): paused. Check it, then resume (Meshdeck rewrites it) or abort.`, this.identity));
    }
    if (!judgement) return r;
    const t2 = afterCheck(r.spec, r.state, judgement, Date.now(), this.identity);
    return t2 ? this.commit(r, t2) : r;
  }

  private async judgeStep(r: RolloutRecord, windowSeconds: number) {
    const { prom, diagnosis } = await this.metrics.prometheus();
    if (!prom) return judge(r.spec, undefined, undefined, false, diagnosis?.message ?? 'no Prometheus');
    try {
      // Through an HTTPRoute, Istio reports the requests under the backend Services' names.
      const n = canaryNames(r.spec);
      const backends = routeApiOf(r.spec) === 'gateway-api' ? [n.stableService, n.canaryService] : [];
      const figures = await this.metrics.versionFigures(prom, r.spec.namespace, r.spec.service, windowSeconds, false, backends);
      return judge(r.spec, figures.get(r.spec.canaryVersion), figures.get(r.spec.stableVersion), true);
    } catch (e) {
      return judge(r.spec, undefined, undefined, false, (e as Error).message);
    }
  }

  /** Finishes a move a previous driver recorded but did not complete (or did complete but did not record). */
  private async settle(r: RolloutRecord): Promise<RolloutRecord> {
    const p = r.state.pending;
    if (!p) return r;
    const t = await this.routingTargets(r.spec);
    const [live, subsets] = await Promise.all([readLive(this.conn, t.route), this.readSubsets(t)]);
    const intended = await this.route(r.spec, p.weight, p.phase);
    let written = live;
    if (!live || weightIn(live, r.spec) !== weightIn(intended, r.spec) || !sameSpec(live, intended)) {
      written = await serverApply(this.conn, { object: intended, target: t.route }, false, true);
    }
    const state: CanaryState = {
      ...r.state, phase: p.phase, step: p.step, weight: p.weight, pending: undefined, generation: r.state.generation + 1, updatedAt: new Date().toISOString(),
      // A new step is held from when its route was written (its traffic starts then), not from when it was decided.
      ...(p.step !== r.state.step ? { stepStartedAt: new Date().toISOString(), failures: 0, waitingSince: undefined } : {}),
      ...(p.phase !== 'paused' ? { pausedReason: undefined } : {}),
      decisions: [...r.state.decisions, p.decision].slice(-500),
      routing: routingOf(written!, subsets.filter((o): o is ConfigObject => !!o)),
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

/** What the record keeps of the routing Meshdeck wrote: versions to show, and the fingerprint a change is noticed by. */
function routingOf(route: ConfigObject, subsets: ConfigObject[]): CanaryState['routing'] {
  return { route: String(route.metadata.resourceVersion ?? ''), subsets: subsets.map((o) => String(o.metadata.resourceVersion ?? '')).join(','), fingerprint: routeFingerprint(route, subsets) };
}

/** The parent Services an HTTPRoute routes (GAMMA: a Service as parent, in the route's namespace). */
function parentsOf(route: ConfigObject): string[] {
  const refs = ((route.spec ?? {}) as { parentRefs?: { group?: string; kind?: string; name?: string; namespace?: string }[] }).parentRefs ?? [];
  return refs.filter((p) => p.kind === 'Service' && ['', 'core'].includes(p.group ?? '') && p.name && (!p.namespace || p.namespace === route.metadata.namespace)).map((p) => p.name!);
}

/** The live route says what Meshdeck would write: every field Meshdeck writes has the value it writes (the API server's defaults aside). */
function sameSpec(live: ConfigObject, intended: ConfigObject): boolean {
  const covers = (have: unknown, want: unknown): boolean => {
    if (Array.isArray(want)) return Array.isArray(have) && have.length === want.length && want.every((w, i) => covers(have[i], w));
    if (want && typeof want === 'object') return !!have && typeof have === 'object' && Object.entries(want).every(([k, v]) => covers((have as Record<string, unknown>)[k], v));
    return have === want;
  };
  return covers(live.spec, intended.spec);
}

function pauseFor(r: RolloutRecord, reason: string, by: string): Transition {
  const at = new Date().toISOString();
  const decision: Decision = { at, step: r.state.step, weight: r.state.weight, verdict: 'manual', action: 'pause', reason, by };
  return { state: { ...r.state, phase: 'paused', pausedReason: reason, decisions: [...r.state.decisions, decision].slice(-500), generation: r.state.generation + 1, updatedAt: at }, decision, weightChanged: false };
}

/** What changed in a route of ours, in words: the weights, or the rest of it. */
function changedRoute(r: RolloutRecord, route: ConfigObject): string {
  const now = weightIn(route, r.spec);
  return now !== undefined && now !== r.state.weight ? `the canary's weight is ${now}% instead of ${r.state.weight}%` : 'its rules differ from what Meshdeck wrote';
}
