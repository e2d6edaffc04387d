import type { CheckResult } from '../contract/install.js';
import { MeshdeckError, refusal as refusalError, type RefusalReason } from '../contract/errors.js';
import type { MeshPlan, MeshTarget, WorkloadKind, WorkloadRef } from '../contract/inventory.js';
import type { ClusterConnection } from '../kube/connection.js';
import type { RawObject } from '../kube/reflector.js';
import { probeInjector, withScratchNamespace } from '../mesh/injector-probe.js';
import { MESH_LABELS, namespaceRevision } from '../mesh/mesh-state.js';
import { projectInjector, projectNamespace, projectPod, projectService, projectWorkload, type WorkloadInfo } from './project.js';
import { AMBIENT_UNAVAILABLE, emptyContents, isSystemNamespace, namespaceRows, planeFacts, type NamespaceContents, type PlaneFacts } from './rows.js';

interface List { items: RawObject[] }
const KIND_PATHS: Record<WorkloadKind, string> = { Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets' };

/** The mesh labels a namespace gets for a target; every other mesh label is removed (they conflict). */
export function targetLabels(target: MeshTarget): Record<string, string> {
  if (target.mode === 'sidecar') return target.revision ? { 'istio.io/rev': target.revision } : { 'istio-injection': 'enabled' };
  if (target.mode === 'ambient') return { 'istio.io/dataplane-mode': 'ambient' };
  return {};
}

export function labelPatch(before: Record<string, string>, after: Record<string, string>): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const k of MESH_LABELS) {
    if (after[k] !== undefined && after[k] !== before[k]) patch[k] = after[k];
    if (after[k] === undefined && before[k] !== undefined) patch[k] = null;
  }
  return patch;
}

async function planeOf(conn: ClusterConnection): Promise<PlaneFacts> {
  const [istiods, ztunnels, hooks] = await Promise.all([
    conn.requestJson<List>('GET', '/apis/apps/v1/deployments?labelSelector=app%3Distiod'),
    conn.requestJson<List>('GET', '/apis/apps/v1/daemonsets?labelSelector=app%3Dztunnel'),
    conn.requestJson<List>('GET', '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations?labelSelector=istio.io%2Frev'),
  ]);
  const workloads: WorkloadInfo[] = [...istiods.items.map(projectWorkload('Deployment')), ...ztunnels.items.map(projectWorkload('DaemonSet'))];
  return planeFacts(workloads, hooks.items.map(projectInjector));
}

async function contentsOf(conn: ClusterConnection, namespace: string): Promise<NamespaceContents> {
  const ns = encodeURIComponent(namespace);
  const [pods, deployments, statefulsets, daemonsets, services] = await Promise.all([
    conn.requestJson<List>('GET', `/api/v1/namespaces/${ns}/pods`),
    conn.requestJson<List>('GET', `/apis/apps/v1/namespaces/${ns}/deployments`),
    conn.requestJson<List>('GET', `/apis/apps/v1/namespaces/${ns}/statefulsets`),
    conn.requestJson<List>('GET', `/apis/apps/v1/namespaces/${ns}/daemonsets`),
    conn.requestJson<List>('GET', `/api/v1/namespaces/${ns}/services`),
  ]);
  const c = emptyContents();
  for (const p of pods.items.map(projectPod)) c.pods.set(p.name, p);
  for (const s of services.items.map(projectService)) c.services.set(s.name, s);
  const add = (items: RawObject[], kind: WorkloadKind) => { for (const w of items.map(projectWorkload(kind))) c.workloads.set(`${kind}/${w.name}`, w); };
  add(deployments.items, 'Deployment');
  add(statefulsets.items, 'StatefulSet');
  add(daemonsets.items, 'DaemonSet');
  return c;
}

/** Everything the user sees before a namespace's mesh labels change; refuses what would not work. */
export async function planMeshChange(conn: ClusterConnection, namespace: string, target: MeshTarget): Promise<MeshPlan> {
  const raw = await conn.requestJson<RawObject>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`);
  const ns = projectNamespace(raw);
  const [facts, contents] = await Promise.all([planeOf(conn), contentsOf(conn, namespace)]);
  const after = targetLabels(target);
  const patch = labelPatch(ns.labels, after);
  const checks: CheckResult[] = [];
  const warnings: string[] = [];
  let refusal: MeshPlan['refusal'];
  const refuse = (reason: RefusalReason, message: string) => { refusal ??= { reason, message }; };
  const revision = namespaceRevision(after, facts.tags);

  if (ns.phase === 'Terminating') refuse('namespace-terminating', `Namespace ${namespace} is being deleted.`);
  if (isSystemNamespace(namespace, facts)) {
    warnings.push(`${namespace} is a system namespace${facts.controlNamespaces.has(namespace) ? ' that runs the mesh\'s own control plane' : ''}: a sidecar there can break the cluster or the mesh itself.`);
  }
  if (target.mode === 'sidecar') {
    const name = target.revision || 'default';
    const via = facts.tags.has(name) ? ` (tag ${name} → revision ${revision})` : '';
    const serving = facts.plane.revisions.find((r) => r.revision === revision);
    checks.push({
      id: 'control-plane', title: `A control plane serves ${target.revision ? `revision ${name}` : 'the default revision'}${via}`,
      status: serving?.ready ? 'pass' : 'fail',
      detail: serving ? (serving.ready ? `istiod of revision ${revision} is ready` : `istiod of revision ${revision} has no ready replica`) : `no istiod runs revision ${revision}`,
      fix: serving ? undefined : `Install revision ${revision} first, or choose one of: ${facts.plane.revisions.map((r) => r.revision).join(', ') || 'none installed'}.`,
    });
    if (!serving?.ready) refuse('no-control-plane', `No running control plane serves revision ${revision}${via}; pods would start without a sidecar.`);
    else {
      const probe = await withScratchNamespace(conn, after, 'probe', (scratch) => probeInjector(conn, scratch, revision!))
        .catch((e: unknown): CheckResult => ({ id: 'injector', title: `The sidecar injector of revision ${revision} answers`, status: 'warn',
          detail: `Not checked: a scratch namespace could not be created (${conn.classify(e).message})` }));
      checks.push(probe);
      if (probe.status === 'fail') refuse('injector-unreachable', `The injector of revision ${revision} did not answer: ${probe.detail}`);
    }
  } else if (target.mode === 'ambient') {
    checks.push({ id: 'ambient', title: 'An ambient data plane (ztunnel) runs', status: facts.plane.ambient ? 'pass' : 'fail',
      detail: facts.plane.ambient ? 'a ztunnel DaemonSet is ready' : 'no ready ztunnel DaemonSet in the cluster',
      fix: facts.plane.ambient ? undefined : 'Use sidecar injection: Meshdeck cannot install istio-cni and ztunnel yet.' });
    if (!facts.plane.ambient) refuse(AMBIENT_UNAVAILABLE.reason, AMBIENT_UNAVAILABLE.message);
  }
  for (const k of Object.keys(patch)) {
    if (patch[k] === null) warnings.push(`Label ${k}=${ns.labels[k]} will be removed.`);
  }

  const rows = namespaceRows({ ...ns, labels: after }, contents, facts);
  const restart = rows.workloads.filter((w) => w.needsRestart > 0).map((w) => ({ kind: w.kind, name: w.name, pods: w.needsRestart }));
  return {
    namespace, resourceVersion: raw.metadata.resourceVersion ?? '', before: ns.labels, after, patch, revision, checks, warnings, refusal, restart,
    unchanged: Object.keys(patch).length === 0,
  };
}

/** Makes the change planned against `resourceVersion`; refuses if it is refused now or the namespace changed since. */
export async function applyMeshChange(conn: ClusterConnection, namespace: string, target: MeshTarget, resourceVersion: string): Promise<MeshPlan> {
  const plan = await planMeshChange(conn, namespace, target);
  if (plan.refusal) throw refusalError(plan.refusal.reason, plan.refusal.message);
  if (plan.resourceVersion !== resourceVersion) {
    throw new MeshdeckError({ code: 'CONFLICT', message: `Namespace ${namespace} changed since the preview; review the change again.`, detail: `previewed at resourceVersion ${resourceVersion}, now ${plan.resourceVersion}` });
  }
  if (plan.unchanged) return plan;
  // The resourceVersion in the patch makes the API server refuse it (409) if someone changed the namespace meanwhile.
  await conn.requestJson('PATCH', `/api/v1/namespaces/${encodeURIComponent(namespace)}`, {
    contentType: 'application/merge-patch+json',
    body: { metadata: { resourceVersion, labels: plan.patch } },
  });
  return plan;
}

/**
 * Opts one workload out of injection (sidecar.istio.io/inject=false on its pod template), or back
 * in. Changing the template rolls the workload, so its pods follow without a separate restart.
 */
export async function setWorkloadOptOut(conn: ClusterConnection, namespace: string, ref: WorkloadRef, optOut: boolean): Promise<void> {
  await conn.requestJson('PATCH', `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${KIND_PATHS[ref.kind]}/${encodeURIComponent(ref.name)}`, {
    contentType: 'application/strategic-merge-patch+json',
    body: { spec: { template: { metadata: { labels: { 'sidecar.istio.io/inject': optOut ? 'false' : null } } } } },
  });
}

/**
 * Sets the mesh labels of several namespaces at once (an upgrade moving them to a revision or tag, or
 * its undo putting their old labels back), after the same checks a single change gets, made once: a
 * control plane serves the revision the labels select, and its injector answers. Returns each
 * namespace's mesh labels from before.
 */
export async function relabelNamespaces(conn: ClusterConnection, namespaces: readonly string[], labelsOf: (namespace: string) => Record<string, string>): Promise<Record<string, Record<string, string>>> {
  const facts = await planeOf(conn);
  const checked = new Set<string>();
  const before: Record<string, Record<string, string>> = {};
  for (const namespace of namespaces) {
    const raw = await conn.requestJson<RawObject>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`);
    const now = projectNamespace(raw).labels;
    const after = labelsOf(namespace);
    const revision = namespaceRevision(after, facts.tags);
    if (revision && !checked.has(revision)) {
      if (!facts.running.has(revision)) throw refusalError('no-control-plane', `No running control plane serves revision ${revision}; pods in ${namespace} would start without a sidecar. Nothing was moved after that.`);
      const probe = await withScratchNamespace(conn, after, 'probe', (scratch) => probeInjector(conn, scratch, revision, Date.now() + 15_000));
      if (probe.status === 'fail') throw refusalError('injector-unreachable', `The injector of revision ${revision} did not answer: ${probe.detail}`);
      checked.add(revision);
    }
    before[namespace] = now;
    const patch = labelPatch(now, after);
    if (Object.keys(patch).length) {
      await conn.requestJson('PATCH', `/api/v1/namespaces/${encodeURIComponent(namespace)}`, { contentType: 'application/merge-patch+json', body: { metadata: { labels: patch } } });
    }
  }
  return before;
}

export { KIND_PATHS, planeOf, contentsOf };
