import { istiodVersion, namespaceRevision } from '../mesh/mesh-state.js';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MeshdeckError, refusal, toErrorShape } from '../contract/errors.js';
import { InstallOptions, type InstallEvent, type MeshInstallStatus, type RestartEvent } from '../contract/install.js';
import { contentsOf } from '../inventory/mesh-change.js';
import { rolloutRestart } from '../inventory/restart.js';
import type { InstallCluster } from './cluster-io.js';
import { plan, type PlannedObject } from './plan.js';
import { parseManifest, ISTIO_NAMESPACE, MANAGED_LABEL, type K8sObject } from './render.js';

const run = promisify(execFile);
const revOf = (labels: Record<string, string> | undefined) => labels?.['istio.io/rev'] || 'default';


export async function meshInstallStatus(cluster: InstallCluster): Promise<MeshInstallStatus> {
  const [deployments, hooks, namespaces, records] = await Promise.all([
    cluster.apps.listDeploymentForAllNamespaces({ labelSelector: 'app=istiod' }),
    cluster.conn.requestJson<{ items: { metadata: { labels?: Record<string, string> } }[] }>('GET', '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations?labelSelector=istio.io%2Ftag'),
    cluster.core.listNamespace(),
    cluster.core.listNamespacedConfigMap({ namespace: ISTIO_NAMESPACE, labelSelector: MANAGED_LABEL }).catch(() => ({ items: [] })),
  ]);
  const tags = new Map(hooks.items.map((h) => [h.metadata.labels!['istio.io/tag']!, revOf(h.metadata.labels)]));
  return {
    tags: [...tags].map(([tag, revision]) => ({ tag, revision })),
    revisions: deployments.items.map((d) => {
      const revision = revOf(d.metadata?.labels);
      const rec = records.items.find((c) => c.metadata?.name === `meshdeck-install-${revision}`)?.data;
      const options = rec?.options ? InstallOptions.safeParse(JSON.parse(rec.options)) : undefined;
      return {
        revision,
        version: istiodVersion(d.spec?.template.spec?.containers),
        ready: (d.status?.readyReplicas ?? 0) >= (d.spec?.replicas ?? 1),
        namespaces: namespaces.items
          .filter((n) => n.status?.phase !== 'Terminating' && !n.metadata?.labels?.['meshdeck.io/purpose'])
          .filter((n) => namespaceRevision(n.metadata?.labels, tags) === revision).map((n) => n.metadata!.name!),
        record: rec && options?.success ? { state: rec.state ?? '', phase: rec.phase ?? '', updatedAt: rec.updatedAt ?? '', options: options.data } : undefined,
      };
    }),
  };
}

/** Labels namespaces for a revision or tag: istio.io/rev=<target>, and no istio-injection (they conflict). */
export async function moveNamespaces(cluster: InstallCluster, namespaces: string[], target: string): Promise<string[]> {
  for (const name of namespaces) {
    await cluster.conn.requestJson('PATCH', `/api/v1/namespaces/${encodeURIComponent(name)}`, {
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { 'istio-injection': null, 'istio.io/rev': target } } },
    });
  }
  return namespaces;
}

/** Rolls every workload in the namespaces (like `kubectl rollout restart`) and checks whose proxy the new pods carry. */
export async function* restartNamespaces(cluster: InstallCluster, namespaces: string[], expectRevision: string, signal: AbortSignal): AsyncGenerator<RestartEvent> {
  let restarted = 0;
  let wrong = 0;
  for (const namespace of namespaces) {
    const { workloads } = await contentsOf(cluster.conn, namespace);
    for (const w of workloads.values()) {
      if (signal.aborted) return;
      yield { type: 'workload', namespace, kind: w.kind, name: w.name, state: 'restarting' };
      const result = await rolloutRestart(cluster.conn, w, signal, 180_000);
      // A pod with another revision's proxy (or none) is the one to report.
      const proxyRevision = result.state === 'ready' ? (result.proxies.find((p) => p.revision !== expectRevision) ?? result.proxies[0])?.revision : undefined;
      restarted++;
      if (proxyRevision !== expectRevision) wrong++;
      yield { type: 'workload', namespace, kind: w.kind, name: w.name, proxyRevision,
        state: result.state === 'ready' && proxyRevision !== expectRevision ? 'failed' : result.state,
        detail: result.detail ?? (proxyRevision !== expectRevision ? `new pods carry ${proxyRevision ? `the proxy of revision ${proxyRevision}` : 'no proxy'}, not ${expectRevision}` : undefined) };
    }
  }
  yield { type: 'done', restarted, wrongRevision: wrong };
}

async function withKubeconfig<T>(cluster: InstallCluster, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'meshdeck-kc-'));
  const path = join(dir, 'kubeconfig');
  try {
    writeFileSync(path, cluster.conn.kc.exportConfig(), { mode: 0o600 });
    return await fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Points a revision tag (e.g. prod-stable, or "default") at a revision: istioctl renders, Meshdeck applies. */
export async function setTag(cluster: InstallCluster, istioctl: string, tag: string, revision: string): Promise<void> {
  const yaml = await withKubeconfig(cluster, async (kubeconfig) => {
    try {
      return (await run(istioctl, ['tag', 'generate', tag, '--revision', revision, '--overwrite', '--kubeconfig', kubeconfig], { maxBuffer: 64 << 20 })).stdout;
    } catch (e) {
      throw refusal('tag-rejected', `istioctl could not generate tag ${tag} for revision ${revision}.`, String((e as { stderr?: string }).stderr ?? e).trim().split('\n').slice(-3).join('\n'));
    }
  });
  for (const o of parseManifest(yaml)) {
    o.metadata.labels = { ...o.metadata.labels, [MANAGED_LABEL]: 'meshdeck' };
    await cluster.apply(o);
  }
}

const SHARED = new Set(['CustomResourceDefinition', 'Namespace']);
const SHARED_NAMES = new Set(['istio-reader-service-account']);

/**
 * Objects of a revision's render that belong to that revision alone: never CRDs or shared accounts.
 * A non-default revision's objects carry its name; the default revision's carry none, so for it
 * every non-shared object of its render counts (the live check in removeRevision keeps tag objects).
 */
export function revisionOwned(planned: PlannedObject[], revision: string): PlannedObject[] {
  const token = new RegExp(`(^|-)${revision.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-|$)`);
  return planned.filter(({ object: o }) => !SHARED.has(o.kind) && !SHARED_NAMES.has(o.metadata.name)
    && (revision === 'default' || o.metadata.labels?.['istio.io/rev'] === revision || token.test(o.metadata.name)));
}

/** Removes one (non-default) revision; refuses while namespaces or tags still point at it. */
export async function* removeRevision(cluster: InstallCluster, render: (o: InstallOptions) => Promise<K8sObject[]>, revision: string, signal: AbortSignal): AsyncGenerator<InstallEvent> {
  const t0 = performance.now();
  const elapsedMs = () => Math.round(performance.now() - t0);
  try {
    const status = await meshInstallStatus(cluster);
    const r = status.revisions.find((x) => x.revision === revision);
    const users = r?.namespaces ?? [];
    const tags = status.tags.filter((t) => t.revision === revision).map((t) => t.tag);
    if (users.length || tags.length) {
      throw refusal('revision-in-use', `Revision ${revision} is still in use; move ${[...users.map((n) => `namespace ${n}`), ...tags.map((t) => `tag ${t}`)].join(', ')} first.`);
    }
    const defaultTag = status.tags.find((t) => t.tag === 'default');
    if (revision === 'default' && (!defaultTag || defaultTag.revision === 'default')) {
      throw refusal('default-revision-untagged', 'Point the "default" tag at the new revision before removing the default revision (unlabelled config and istio-injection=enabled namespaces follow that tag).');
    }
    const options: InstallOptions = r?.record?.options ?? { profile: 'minimal', revision, imagePullSecrets: [], values: {}, prometheus: false };
    // The default revision is rendered without a revision name (with one, istioctl would suffix "-default").
    const owned = revisionOwned(plan(await render({ ...options, revision: revision === 'default' ? '' : revision })), revision);
    const order = ['webhooks', 'gateways', 'control-plane', 'config', 'rbac'];
    owned.sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase));
    for (const { object } of owned) {
      if (signal.aborted) throw new MeshdeckError({ code: 'CANCELLED', message: 'Removal cancelled; running it again finishes the job.' });
      // Judge by the object as it is now: a tag may have taken it over (e.g. the default validator).
      const live = await cluster.labels(object);
      const mine = live !== undefined && !live['istio.io/tag'] && (live['istio.io/rev'] ?? revision) === revision;
      const gone = mine ? await cluster.delete(object) : false;
      yield { type: 'object', object: { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace }, result: gone ? 'deleted' : 'absent', elapsedMs: elapsedMs() };
    }
    await cluster.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `meshdeck-install-${revision}`, namespace: ISTIO_NAMESPACE } });
    yield { type: 'done', elapsedMs: elapsedMs() };
  } catch (err) {
    yield { type: 'failed', error: toErrorShape(err), elapsedMs: elapsedMs() };
  }
}
