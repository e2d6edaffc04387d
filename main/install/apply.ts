import { INSTALL_ORDER, type Blocker, type InstallEvent, type InstallOptions, type InstallPhase, type VerifyReport } from '../contract/install.js';
import { MeshdeckError, toErrorShape } from '../contract/errors.js';
import { sleep } from '../util/sleep.js';
import { FIELD_MANAGER, type InstallCluster } from './cluster-io.js';
import { explainBlockers } from './explain.js';
import { acquireLock, type HeldLock } from '../kube/lease-lock.js';
import type { PlannedObject } from './plan.js';
import { ISTIO_NAMESPACE, MANAGED_LABEL, type K8sObject } from './render.js';

export interface ApplyOptions {
  options: InstallOptions;
  signal: AbortSignal;
  /** How long a Deployment may take to become ready before the install reports what blocks it and stops. */
  rolloutTimeoutMs?: number;
  verify?: () => Promise<VerifyReport>;
}

/** One change per revision at a time (install, removal), across processes and machines. */
export const revisionLock = (revision: string, verb: 'install' | 'removal') => ({ name: `meshdeck-install-${revision || 'default'}`, what: `${verb} of revision ${revision || 'default'}` });

const ref = (o: K8sObject) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace });

/** The install's own record in the cluster: what was asked and how far it got (survives the app). */
export function installRecord(options: InstallOptions, state: 'in-progress' | 'complete', phase: InstallPhase): K8sObject {
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: `meshdeck-install-${options.revision || 'default'}`, namespace: ISTIO_NAMESPACE, labels: { [MANAGED_LABEL]: 'meshdeck' } },
    data: { options: JSON.stringify(options), state, phase, updatedAt: new Date().toISOString(), fieldManager: FIELD_MANAGER },
  };
}

/**
 * Applies a planned control plane phase by phase with server-side apply (one field manager, so a second
 * run continues where the first stopped), waits for CRDs to be Established and Deployments to be ready,
 * and explains in plain words what blocks them while it waits.
 */
export async function* applyInstall(cluster: InstallCluster, planned: PlannedObject[], o: ApplyOptions): AsyncGenerator<InstallEvent> {
  const t0 = performance.now();
  const elapsedMs = () => Math.round(performance.now() - t0);
  const phases = INSTALL_ORDER.filter((p) => planned.some((x) => x.phase === p));
  let lock: HeldLock | undefined;
  try {
    lock = await acquireLock(cluster.conn, revisionLock(o.options.revision, 'install'));
    for (const [index, phase] of phases.entries()) {
      if (o.signal.aborted) throw new MeshdeckError({ code: 'CANCELLED', message: 'The install was cancelled; running it again continues where it stopped.' });
      yield { type: 'phase', phase, index, of: phases.length };
      const objects = planned.filter((p) => p.phase === phase).map((p) => p.object);
      for (const obj of objects) {
        await cluster.apply(obj);
        yield { type: 'object', object: ref(obj), result: 'applied', elapsedMs: elapsedMs() };
      }
      if (phase === 'namespace') await cluster.apply(installRecord(o.options, 'in-progress', phase));
      if (phase === 'crds') {
        const names = objects.map((c) => c.metadata.name);
        yield { type: 'waiting', what: `${names.length} CRDs to be Established`, blockers: [], elapsedMs: elapsedMs() };
        const deadline = Date.now() + 60_000;
        for (;;) {
          const states = await Promise.all(names.map((n) => cluster.crdEstablished(n)));
          if (states.every(Boolean)) break;
          if (Date.now() > deadline) throw new MeshdeckError({ code: 'INTERNAL', message: 'Istio\'s CRDs did not become Established within a minute.', detail: names.filter((_, i) => !states[i]).join(', ') });
          await sleep(200, o.signal);
        }
      }
      for (const d of objects.filter((x) => x.kind === 'Deployment')) {
        yield* waitForRollout(cluster, d, o, elapsedMs);
      }
      if (phase !== 'namespace' && phase !== 'crds') await cluster.apply(installRecord(o.options, 'in-progress', phase));
    }
    await cluster.apply(installRecord(o.options, 'complete', phases.at(-1) ?? 'crds'));
    const verify = o.verify ? await o.verify() : undefined;
    // Released before the last event: a consumer may stop reading at "done".
    await lock.release();
    lock = undefined;
    yield { type: 'done', verify, elapsedMs: elapsedMs() };
  } catch (err) {
    await lock?.release();
    lock = undefined;
    yield { type: 'failed', error: toErrorShape(err), elapsedMs: elapsedMs() };
  } finally {
    await lock?.release();
  }
}

async function* waitForRollout(cluster: InstallCluster, d: K8sObject, o: ApplyOptions, elapsedMs: () => number): AsyncGenerator<InstallEvent> {
  const ns = d.metadata.namespace ?? ISTIO_NAMESPACE;
  const what = `Deployment ${ns}/${d.metadata.name} to be ready`;
  const deadline = Date.now() + (o.rolloutTimeoutMs ?? 300_000);
  let last = '';
  let lastAt = 0;
  for (;;) {
    const { ready, selector } = await cluster.deploymentReady(ns, d.metadata.name);
    if (ready) return;
    let blockers: Blocker[] = [];
    try {
      const i = await cluster.blockerInputs(ns, selector);
      blockers = explainBlockers(i.pods, i.events, i.nodes, i.secrets);
    } catch { /* explaining is best effort; the wait goes on */ }
    const key = JSON.stringify(blockers);
    if (key !== last || Date.now() - lastAt > 5000) {
      yield { type: 'waiting', what, blockers, elapsedMs: elapsedMs() };
      last = key;
      lastAt = Date.now();
    }
    if (Date.now() > deadline) {
      throw new MeshdeckError({
        code: 'INTERNAL', message: `${what.replace(' to be ready', '')} did not become ready in ${Math.round((o.rolloutTimeoutMs ?? 300_000) / 1000)} s.`,
        detail: blockers.map((b) => `${b.message}${b.fix ? ` Fix: ${b.fix}` : ''}`).join('\n') || 'no blocker found in events or pod status',
      });
    }
    if (o.signal.aborted) throw new MeshdeckError({ code: 'CANCELLED', message: 'The install was cancelled; running it again continues where it stopped.' });
    await sleep(1000, o.signal);
  }
}
