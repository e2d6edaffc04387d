import type { MeshRestartEvent, WorkloadRef } from '../contract/inventory.js';
import { sleep } from '../util/sleep.js';
import type { ClusterConnection } from '../kube/connection.js';
import type { RawObject } from '../kube/reflector.js';
import { mergeRuns } from '../util/merge-runs.js';
import { namespaceMesh } from '../mesh/mesh-state.js';
import { contentsOf, KIND_PATHS, planeOf } from './mesh-change.js';
import { projectNamespace, projectPod, type WorkloadInfo } from './project.js';
import { namespaceRows } from './rows.js';

type WorkloadEvent = Extract<MeshRestartEvent, { type: 'workload' }>;

export interface RestartOptions {
  /** How long one workload may take to bring up ready new pods. */
  timeoutMs?: number;
  concurrency?: number;
}

/**
 * `kubectl rollout restart` for the workloads of a namespace (by default those whose pods do not
 * match the namespace's mesh state), with progress per workload; then checks what the new pods
 * carry: Istio's proxy of the namespace's revision, or none when the namespace is out of the mesh.
 */
export async function* restartWorkloads(conn: ClusterConnection, namespace: string, only: WorkloadRef[] | undefined, signal: AbortSignal, o: RestartOptions = {}): AsyncGenerator<MeshRestartEvent> {
  const raw = await conn.requestJson<RawObject>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`);
  const [facts, contents] = await Promise.all([planeOf(conn), contentsOf(conn, namespace)]);
  const mesh = namespaceMesh(projectNamespace(raw).labels, facts.tags, facts.running);
  const rows = namespaceRows(projectNamespace(raw), contents, facts);
  const chosen = only ?? rows.workloads.filter((w) => w.needsRestart > 0).map((w) => ({ kind: w.kind, name: w.name }));
  const workloads = chosen.map((ref) => contents.workloads.get(`${ref.kind}/${ref.name}`)).filter((w): w is WorkloadInfo => !!w);
  for (const w of workloads) yield { type: 'workload', kind: w.kind, name: w.name, state: 'queued', updated: 0, desired: w.desired };
  let restarted = 0;
  let failed = 0;
  const events = mergeRuns<WorkloadInfo, WorkloadEvent>(workloads, o.concurrency ?? 4, async (w, emit) => {
    const expectProxy = mesh.mode === 'sidecar' && !w.optedOut;
    const result = await rolloutRestart(conn, w, signal, o.timeoutMs ?? 180_000, (updated) => emit({ type: 'workload', kind: w.kind, name: w.name, state: 'restarting', updated, desired: w.desired }));
    if (result.state === 'failed') {
      emit({ type: 'workload', kind: w.kind, name: w.name, state: 'failed', updated: result.updated, desired: w.desired, detail: result.detail });
      return;
    }
    // Every new pod is judged; the first that does not match names the problem.
    const problemOf = (proxy: (typeof result.proxies)[number]) => expectProxy
      ? proxy.state !== 'present' ? `a new pod carries no proxy (${proxy.state})` : proxy.revision && mesh.revision && proxy.revision !== mesh.revision ? `a new pod carries the proxy of revision ${proxy.revision}, not ${mesh.revision}` : undefined
      : proxy.state === 'present' ? 'a new pod still carries a proxy' : undefined;
    const bad = result.proxies.find((p) => problemOf(p));
    const proxy = bad ?? result.proxies[0];
    const wrong = bad ? problemOf(bad) : undefined;
    emit({ type: 'workload', kind: w.kind, name: w.name, state: wrong ? 'failed' : 'ready', updated: result.updated, desired: w.desired, proxy: proxy?.state, proxyRevision: proxy?.revision, detail: wrong });
  });
  for await (const e of events) {
    if (e.state === 'ready') restarted++;
    if (e.state === 'failed') failed++;
    yield e;
  }
  yield { type: 'done', restarted, failed };
}

export type RestartTarget = Pick<WorkloadInfo, 'kind' | 'namespace' | 'name' | 'selector' | 'desired'>;

/**
 * `kubectl rollout restart` of one workload, then waits until only new pods remain and all are
 * ready; returns what proxy each of them carries (the caller judges it).
 */
export async function rolloutRestart(conn: ClusterConnection, w: RestartTarget, signal: AbortSignal, timeoutMs: number, progress: (updated: number) => void = () => undefined) {
  const since = new Date().toISOString();
  const ns = encodeURIComponent(w.namespace);
  await conn.requestJson('PATCH', `/apis/apps/v1/namespaces/${ns}/${KIND_PATHS[w.kind]}/${encodeURIComponent(w.name)}`, {
    contentType: 'application/strategic-merge-patch+json',
    body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': since } } } } },
  });
  progress(0);
  if (w.desired === 0) return { state: 'failed' as const, updated: 0, proxies: [], detail: 'it runs no replicas, so no new pod can show the change' };
  const selector = Object.entries(w.selector).map(([k, v]) => `${k}=${v}`).join(',');
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline && !signal.aborted) {
    const list = await conn.requestJson<{ items: RawObject[] }>('GET', `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(selector)}`);
    const pods = list.items.filter((p) => !(p.metadata as { deletionTimestamp?: string }).deletionTimestamp);
    const fresh = pods.filter((p) => (p.metadata as { annotations?: Record<string, string> }).annotations?.['kubectl.kubernetes.io/restartedAt'] === since).map(projectPod);
    const ready = fresh.filter((p) => p.ready);
    if (ready.length !== last) progress((last = ready.length));
    if (fresh.length > 0 && ready.length === fresh.length && pods.length === fresh.length && ready.length >= Math.min(w.desired, 1)) {
      return { state: 'ready' as const, updated: ready.length, proxies: ready.map((p) => p.proxy) };
    }
    await sleep(500, signal);
  }
  return { state: 'failed' as const, updated: Math.max(0, last), proxies: [], detail: signal.aborted ? 'cancelled' : `the new pods were not all ready within ${Math.round(timeoutMs / 1000)} s` };
}
