import { PURPOSE_LABEL } from '../mesh/injector-probe.js';
import { istiodVersion, namespaceRevision } from '../mesh/mesh-state.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MeshdeckError, refusal, toErrorShape } from '../contract/errors.js';
import { InstallOptions, UNINSTALL_ORDER, type InstallEvent, type MeshInstallStatus } from '../contract/install.js';
import { withKubeconfigFile } from '../kube/kubeconfig-file.js';
import { acquireLock, type HeldLock } from '../kube/lease-lock.js';
import { revisionLock } from './apply.js';
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
          .filter((n) => n.status?.phase !== 'Terminating' && !n.metadata?.labels?.[PURPOSE_LABEL])
          .filter((n) => namespaceRevision(n.metadata?.labels, tags) === revision).map((n) => n.metadata!.name!),
        record: rec && options?.success ? { state: rec.state ?? '', phase: rec.phase ?? '', updatedAt: rec.updatedAt ?? '', options: options.data } : undefined,
      };
    }),
  };
}

/** Points a revision tag (e.g. prod-stable, or "default") at a revision: istioctl renders, Meshdeck applies. */
export async function setTag(cluster: InstallCluster, istioctl: string, tag: string, revision: string): Promise<void> {
  const yaml = await withKubeconfigFile(cluster.conn, async (kubeconfig) => {
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
  let lock: HeldLock | undefined;
  try {
    lock = await acquireLock(cluster.conn, revisionLock(revision === 'default' ? '' : revision, 'removal'));
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
    owned.sort((a, b) => UNINSTALL_ORDER.indexOf(a.phase) - UNINSTALL_ORDER.indexOf(b.phase));
    for (const { object } of owned) {
      if (signal.aborted) throw new MeshdeckError({ code: 'CANCELLED', message: 'Removal cancelled; running it again finishes the job.' });
      // Judge by the object as it is now: a tag may have taken it over (e.g. the default validator).
      const live = await cluster.labels(object);
      const mine = live !== undefined && !live['istio.io/tag'] && (live['istio.io/rev'] ?? revision) === revision;
      const gone = mine ? await cluster.delete(object) : false;
      yield { type: 'object', object: { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace }, result: gone ? 'deleted' : 'absent', elapsedMs: elapsedMs() };
    }
    await cluster.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `meshdeck-install-${revision}`, namespace: ISTIO_NAMESPACE } });
    // Released before the last event: a consumer may stop reading at "done".
    await lock.release();
    lock = undefined;
    yield { type: 'done', elapsedMs: elapsedMs() };
  } catch (err) {
    await lock?.release();
    lock = undefined;
    yield { type: 'failed', error: toErrorShape(err), elapsedMs: elapsedMs() };
  } finally {
    await lock?.release();
  }
}
