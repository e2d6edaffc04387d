import { UNINSTALL_ORDER, type InstallEvent, type ObjectRef } from '../contract/install.js';
import { MeshdeckError, toErrorShape } from '../contract/errors.js';
import { METADATA_ONLY } from '../kube/connection.js';
import { MESH_LABELS } from '../mesh/mesh-state.js';
import { sleep } from '../util/sleep.js';
import type { InstallCluster } from './cluster-io.js';
import { describeRef, ISTIOD_CONFIGMAPS, ownedObjects, type OwnedObject } from './owned.js';
import { phaseOf } from './plan.js';
import { ISTIO_NAMESPACE } from './render.js';

const ref = (o: OwnedObject): ObjectRef => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.namespace });
const asObject = (o: ObjectRef) => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.namespace } });
const isIstiodConfigMap = (o: ObjectRef) => o.kind === 'ConfigMap' && ISTIOD_CONFIGMAPS.includes(o.name);

/** Namespaces whose labels still ask for a mesh (the user's to keep or clear, never removed by an uninstall). */
async function labelledNamespaces(cluster: InstallCluster): Promise<string[]> {
  const list = await cluster.conn.requestJson<{ items: { metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string } }[] | null }>('GET', '/api/v1/namespaces', { accept: METADATA_ONLY });
  // A namespace on its way out is not one to clear.
  return (list.items ?? []).filter((n) => !n.metadata.deletionTimestamp && MESH_LABELS.some((k) => n.metadata.labels?.[k] !== undefined && n.metadata.labels[k] !== 'disabled')).map((n) => n.metadata.name).sort();
}

/**
 * Removes every Istio and Meshdeck object the cluster holds, whatever options installed them and
 * however many revisions there are (CRDs too: every Istio object goes with them), in the safe order,
 * and then proves from the live cluster that nothing is left.
 */
export async function* uninstallMesh(cluster: InstallCluster, signal: AbortSignal): AsyncGenerator<InstallEvent> {
  const t0 = performance.now();
  const elapsedMs = () => Math.round(performance.now() - t0);
  const cancelled = () => new MeshdeckError({ code: 'CANCELLED', message: 'Uninstall cancelled; running it again finishes the job.' });
  try {
    const owned = await ownedObjects(cluster.conn);
    const phaseOfObject = (o: OwnedObject) => phaseOf({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.namespace, labels: o.labels } });
    const phases = UNINSTALL_ORDER.filter((p) => owned.some((o) => phaseOfObject(o) === p));
    for (const [index, phase] of phases.entries()) {
      yield { type: 'phase', phase, index, of: phases.length };
      for (const o of owned.filter((x) => phaseOfObject(x) === phase)) {
        if (signal.aborted) throw cancelled();
        yield { type: 'object', object: ref(o), result: (await cluster.delete(asObject(o))) ? 'deleted' : 'absent', elapsedMs: elapsedMs() };
      }
      if (phase === 'control-plane') {
        // istiod rewrites its ConfigMaps while it runs: let its pods go before the config phase removes them.
        yield { type: 'waiting', what: 'istiod pods to stop', blockers: [], elapsedMs: elapsedMs() };
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && !signal.aborted && (await cluster.core.listNamespacedPod({ namespace: ISTIO_NAMESPACE, labelSelector: 'app=istiod' })).items.length > 0) await sleep(500, signal);
      }
    }
    yield { type: 'waiting', what: `namespace ${ISTIO_NAMESPACE} to finish terminating`, blockers: [], elapsedMs: elapsedMs() };
    const deadline = Date.now() + 120_000;
    let left = await ownedObjects(cluster.conn);
    while (left.length && Date.now() < deadline) {
      if (signal.aborted) throw cancelled();
      // An istiod that was still shutting down may have written its ConfigMaps again: remove them again.
      for (const c of left.filter(isIstiodConfigMap)) await cluster.delete(asObject(c));
      await sleep(1000, signal);
      left = await ownedObjects(cluster.conn);
    }
    if (left.length) {
      throw new MeshdeckError({ code: 'INTERNAL', message: `${left.length} object(s) are still there after the uninstall.`, detail: left.map(describeRef).join('\n') });
    }
    yield { type: 'done', elapsedMs: elapsedMs(), labelledNamespaces: await labelledNamespaces(cluster) };
  } catch (err) {
    yield { type: 'failed', error: toErrorShape(err), elapsedMs: elapsedMs() };
  }
}
