import type { InstallEvent, InstallPhase, ObjectRef } from '../contract/install.js';
import { MeshdeckError, toErrorShape } from '../contract/errors.js';
import { sleep } from '../util/sleep.js';
import type { InstallCluster } from './cluster-io.js';
import type { PlannedObject } from './plan.js';
import { ISTIO_NAMESPACE, type K8sObject } from './render.js';

/** What istiod creates by itself and `istioctl uninstall --purge` leaves behind, in every namespace. */
export const ISTIOD_CONFIGMAPS = ['istio-ca-root-cert', 'istio-ca-crl'];

/**
 * Webhooks first (so nothing calls a vanishing istiod); the namespace before the CRDs, because the
 * namespace controller stalls for a minute or more when a kind it is emptying vanishes mid-way.
 */
const ORDER: InstallPhase[] = ['webhooks', 'addons', 'gateways', 'control-plane', 'config', 'rbac', 'namespace', 'crds'];

const ref = (o: K8sObject): ObjectRef => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace });

async function strayConfigMaps(cluster: InstallCluster): Promise<ObjectRef[]> {
  const lists = await Promise.all(ISTIOD_CONFIGMAPS.map((name) => cluster.core.listConfigMapForAllNamespaces({ fieldSelector: `metadata.name=${name}` })));
  return lists.flatMap((l) => l.items.map((c) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: c.metadata!.name!, namespace: c.metadata?.namespace })));
}

/**
 * Revision tags' webhooks: made by tag commands, not by the install's render. Both kinds: a "default"
 * tag takes over the default validator, which would otherwise outlive istiod and refuse every Istio
 * object (failurePolicy Fail) with "connection refused".
 */
const TAG_WEBHOOK_KINDS = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'] as const;
async function tagWebhooks(cluster: InstallCluster): Promise<ObjectRef[]> {
  const lists = await Promise.all(TAG_WEBHOOK_KINDS.map(async (kind) => {
    const path = `/apis/admissionregistration.k8s.io/v1/${kind.toLowerCase()}s?labelSelector=istio.io%2Ftag`;
    const hooks = await cluster.conn.requestJson<{ items: { metadata: { name: string } }[] }>('GET', path);
    return hooks.items.map((h): ObjectRef => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind, name: h.metadata.name }));
  }));
  return lists.flat();
}

/** Everything the install made that still exists, plus tag webhooks and istiod's own leftovers. */
export async function leftovers(cluster: InstallCluster, planned: PlannedObject[]): Promise<ObjectRef[]> {
  const remaining: ObjectRef[] = [];
  for (const { object } of planned) if (await cluster.exists(object)) remaining.push(ref(object));
  return [...remaining, ...(await tagWebhooks(cluster)), ...(await strayConfigMaps(cluster))];
}

/**
 * Removes the whole control plane (CRDs too: every Istio object goes with them) and then proves that
 * nothing is left, including what istiod created on its own.
 */
export async function* uninstallControlPlane(cluster: InstallCluster, planned: PlannedObject[], signal: AbortSignal): AsyncGenerator<InstallEvent> {
  const t0 = performance.now();
  const elapsedMs = () => Math.round(performance.now() - t0);
  try {
    for (const [index, phase] of ORDER.entries()) {
      const objects = planned.filter((p) => p.phase === phase).map((p) => p.object);
      if (!objects.length) continue;
      yield { type: 'phase', phase, index, of: ORDER.length };
      for (const o of objects) {
        if (signal.aborted) throw new MeshdeckError({ code: 'CANCELLED', message: 'Uninstall cancelled; running it again finishes the job.' });
        yield { type: 'object', object: ref(o), result: (await cluster.delete(o)) ? 'deleted' : 'absent', elapsedMs: elapsedMs() };
      }
      if (phase === 'webhooks') {
        for (const t of await tagWebhooks(cluster)) {
          const gone = await cluster.delete({ apiVersion: t.apiVersion, kind: t.kind, metadata: { name: t.name } });
          yield { type: 'object', object: t, result: gone ? 'deleted' : 'absent', elapsedMs: elapsedMs() };
        }
      }
      if (phase === 'control-plane') {
        // istiod recreates its ConfigMaps while it runs: wait for its pods to go before removing them.
        yield { type: 'waiting', what: 'istiod pods to stop', blockers: [], elapsedMs: elapsedMs() };
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && (await cluster.core.listNamespacedPod({ namespace: ISTIO_NAMESPACE, labelSelector: 'app=istiod' })).items.length > 0) await sleep(500, signal);
        for (const c of await strayConfigMaps(cluster)) {
          const gone = await cluster.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: c.name, namespace: c.namespace } });
          yield { type: 'object', object: c, result: gone ? 'deleted' : 'absent', elapsedMs: elapsedMs() };
        }
      }
    }
    yield { type: 'waiting', what: `namespace ${ISTIO_NAMESPACE} to finish terminating`, blockers: [], elapsedMs: elapsedMs() };
    const deadline = Date.now() + 120_000;
    let left = await leftovers(cluster, planned);
    while (left.length && Date.now() < deadline) {
      // An istiod that was still shutting down may have written its ConfigMaps again: remove them again.
      for (const c of left.filter((r) => r.kind === 'ConfigMap' && ISTIOD_CONFIGMAPS.includes(r.name))) {
        await cluster.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: c.name, namespace: c.namespace } });
      }
      await sleep(1000, signal);
      left = await leftovers(cluster, planned);
    }
    if (left.length) {
      throw new MeshdeckError({ code: 'INTERNAL', message: `${left.length} object(s) are still there after the uninstall.`,
        detail: left.map((r) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`).join('\n') });
    }
    yield { type: 'done', elapsedMs: elapsedMs() };
  } catch (err) {
    yield { type: 'failed', error: toErrorShape(err), elapsedMs: elapsedMs() };
  }
}
