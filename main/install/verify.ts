import { istiodVersion } from '../mesh/mesh-state.js';
import type { CheckResult, VerifyReport } from '../contract/install.js';
import { probeInjector, withScratchNamespace } from '../mesh/injector-probe.js';
import { sleep } from '../util/sleep.js';
import type { InstallCluster } from './cluster-io.js';
import { ISTIO_NAMESPACE } from './render.js';

export const istiodName = (revision: string) => (revision ? `istiod-${revision}` : 'istiod');

/**
 * Proves the control plane works: istiod ready; its injector answers (a server dry-run of a pod in a
 * labelled namespace comes back with the sidecar); its validator rejects an invalid object.
 */
export async function verifyInstall(cluster: InstallCluster, revision: string, timeoutMs = 60_000): Promise<VerifyReport> {
  const checks: CheckResult[] = [];
  const name = istiodName(revision);
  let version: string | undefined;
  try {
    const d = await cluster.apps.readNamespacedDeployment({ namespace: ISTIO_NAMESPACE, name });
    version = istiodVersion(d.spec?.template.spec?.containers);
    const ready = (await cluster.deploymentReady(ISTIO_NAMESPACE, name)).ready;
    checks.push({ id: 'istiod-ready', title: `${name} is ready`, status: ready ? 'pass' : 'fail', detail: `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1} replicas ready` });
  } catch (e) {
    checks.push({ id: 'istiod-ready', title: `${name} is ready`, status: 'fail', detail: cluster.conn.classify(e).message });
    return { ok: false, revision, version, checks };
  }

  // What is verified must exist first: an install stopped before its webhooks has nothing to probe.
  const hooks = await cluster.conn.requestJson<{ items: { metadata: { labels?: Record<string, string> } }[] }>('GET',
    `/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations?labelSelector=${encodeURIComponent(`istio.io/rev=${revision || 'default'},!istio.io/tag`)}`);
  if (!hooks.items.length) {
    checks.push({ id: 'webhooks', title: `The injector webhook of revision ${revision || 'default'} exists`, status: 'fail',
      detail: 'It is missing: the install stopped before its webhooks were applied.', fix: 'Run the install again: it continues where it stopped.' });
    return { ok: false, revision, version, checks };
  }
  const labels: Record<string, string> = revision ? { 'istio.io/rev': revision } : { 'istio-injection': 'enabled' };
  await withScratchNamespace(cluster.conn, labels, 'verify', async (ns) => {
    checks.push(await probeInjector(cluster.conn, ns, revision || 'default', Date.now() + timeoutMs));
    const invalid = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'probe', namespace: ns, labels: revision ? { 'istio.io/rev': revision } : undefined },
      spec: { hosts: ['probe'], http: [{ route: [{ destination: { host: 'probe' }, weight: -10 }] }] } };
    let rejected = '';
    for (let i = 0; i < 10 && !rejected; i++) {
      try {
        await cluster.conn.requestJson('POST', `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices?dryRun=All`, { body: invalid });
        await sleep(1000);
      } catch (e) {
        const msg = cluster.conn.classify(e).shape.detail ?? String(e);
        if (/validation\.istio\.io|denied/.test(msg)) rejected = msg;
        else await sleep(1000);
      }
    }
    checks.push({ id: 'validation', title: 'The validating webhook rejects invalid config', status: rejected ? 'pass' : 'fail',
      // The denial is the answer hoped for: say so, or the raw "denied the request" reads like a failure.
      detail: rejected
        ? `As expected, a test VirtualService with an invalid weight (-10) was refused, so bad config cannot reach istiod. The refusal read: ${rejected}`
        : 'A test VirtualService with an invalid weight (-10) was accepted: invalid config is not stopped.' });
  });
  return { ok: checks.every((c) => c.status === 'pass'), revision, version, checks };
}
