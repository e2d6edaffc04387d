import type { RestartStatus, WorkloadRef } from '../contract/inventory.js';
import { sleep } from '../util/sleep.js';
import type { ClusterConnection } from '../kube/connection.js';
import type { RawObject } from '../kube/reflector.js';
import { mergeRuns } from '../util/merge-runs.js';
import { namespaceMesh, type NamespaceMesh } from '../mesh/mesh-state.js';
import { contentsOf, KIND_PATHS, planeOf } from './mesh-change.js';
import { projectNamespace, projectPod, type WorkloadInfo } from './project.js';
import { namespaceRows } from './rows.js';

type WorkloadRow = RestartStatus['workloads'][number];

export interface RestartOptions {
  /** How long one workload may take to bring up ready new pods. */
  timeoutMs?: number;
  concurrency?: number;
}

/** What to restart in one namespace: the listed workloads, or (none listed) those whose pods do not match it. */
export interface RestartScope { namespace: string; workloads?: WorkloadRef[] }

/** The verdict in one sentence, from the rows alone (the UI and the CLI print it as it is). */
export function restartSummary(rows: readonly WorkloadRow[]): string {
  const failed = rows.filter((r) => r.state === 'failed');
  const n = rows.length;
  const plural = (k: number) => `${k} workload${k === 1 ? '' : 's'}`;
  if (n === 0) return 'No workload needed a restart.';
  if (rows.some((r) => r.state === 'queued' || r.state === 'restarting')) return `Restarting ${plural(n)}: ${n - rows.filter((r) => r.state === 'queued' || r.state === 'restarting').length} finished.`;
  if (failed.length) return `${failed.length} of ${plural(n)} did not come back as their namespace asks: ${failed.map((r) => `${r.namespace}/${r.name}${r.detail ? ` (${r.detail})` : ''}`).join(', ')}.`;
  const revisions = [...new Set(rows.map((r) => r.proxyRevision).filter(Boolean))];
  return `${plural(n)} restarted, every new pod as its namespace asks${revisions.length ? ` (proxy of revision ${revisions.join(', ')})` : ''}.`;
}

/**
 * `kubectl rollout restart` for workloads of one or more namespaces (by default those whose pods do
 * not match their namespace's mesh state), a few at a time; then judges every new pod: Istio's proxy of
 * the revision its namespace selects, or none when the namespace is out of the mesh. Yields the whole
 * status after every change.
 */
export async function* restartWorkloads(conn: ClusterConnection, scopes: readonly RestartScope[], signal: AbortSignal, o: RestartOptions = {}): AsyncGenerator<RestartStatus> {
  const facts = await planeOf(conn);
  const jobs: { w: WorkloadInfo; mesh: NamespaceMesh }[] = [];
  for (const scope of scopes) {
    const raw = await conn.requestJson<RawObject>('GET', `/api/v1/namespaces/${encodeURIComponent(scope.namespace)}`);
    const contents = await contentsOf(conn, scope.namespace);
    const ns = projectNamespace(raw);
    const mesh = namespaceMesh(ns.labels, facts.tags, facts.running);
    const chosen = scope.workloads ?? namespaceRows(ns, contents, facts).workloads.filter((w) => w.needsRestart > 0).map((w) => ({ kind: w.kind, name: w.name }));
    for (const ref of chosen) {
      const w = contents.workloads.get(`${ref.kind}/${ref.name}`);
      if (w) jobs.push({ w, mesh });
    }
  }
  const rows = new Map<string, WorkloadRow>(jobs.map(({ w }) => [`${w.namespace}/${w.kind}/${w.name}`, { namespace: w.namespace, kind: w.kind, name: w.name, state: 'queued', updated: 0, desired: w.desired }]));
  const status = (): RestartStatus => {
    const all = [...rows.values()];
    const running = all.some((r) => r.state === 'queued' || r.state === 'restarting');
    const failed = all.filter((r) => r.state === 'failed').length;
    return { phase: running ? 'running' : failed ? 'failed' : 'done', workloads: all, restarted: all.filter((r) => r.state === 'ready').length, failed, summary: restartSummary(all) };
  };
  yield status();
  const updates = mergeRuns<(typeof jobs)[number], WorkloadRow>(jobs, o.concurrency ?? 4, async ({ w, mesh }, emit) => {
    const row = (r: Partial<WorkloadRow>) => emit({ ...rows.get(`${w.namespace}/${w.kind}/${w.name}`)!, ...r });
    const expectProxy = mesh.mode === 'sidecar' && !w.optedOut;
    const result = await rolloutRestart(conn, w, signal, o.timeoutMs ?? 180_000, (updated) => row({ state: 'restarting', updated }));
    if (result.state === 'failed') return row({ state: 'failed', updated: result.updated, detail: result.detail });
    // Every new pod is judged; the first that does not match names the problem.
    const problemOf = (proxy: (typeof result.proxies)[number]) => expectProxy
      ? proxy.state !== 'present' ? `a new pod carries no proxy (${proxy.state})` : proxy.revision && mesh.revision && proxy.revision !== mesh.revision ? `a new pod carries the proxy of revision ${proxy.revision}, not ${mesh.revision}` : undefined
      : proxy.state === 'present' ? 'a new pod still carries a proxy' : undefined;
    const bad = result.proxies.find((p) => problemOf(p));
    const proxy = bad ?? result.proxies[0];
    const wrong = bad ? problemOf(bad) : undefined;
    row({ state: wrong ? 'failed' : 'ready', updated: result.updated, proxy: proxy?.state, proxyRevision: proxy?.revision, detail: wrong });
  });
  for await (const r of updates) {
    rows.set(`${r.namespace}/${r.kind}/${r.name}`, r);
    yield status();
  }
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
