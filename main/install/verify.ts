import { randomBytes } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';
import type { CheckResult, VerifyReport } from '../contract/install.js';
import { sleep, type InstallCluster } from './cluster-io.js';
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
    version = d.spec?.template.spec?.containers[0]?.image?.split(':').pop();
    const ready = (await cluster.deploymentReady(ISTIO_NAMESPACE, name)).ready;
    checks.push({ id: 'istiod-ready', title: `${name} is ready`, status: ready ? 'pass' : 'fail', detail: `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1} replicas ready` });
  } catch (e) {
    checks.push({ id: 'istiod-ready', title: `${name} is ready`, status: 'fail', detail: cluster.conn.classify(e).message });
    return { ok: false, revision, version, checks };
  }

  const ns = `meshdeck-verify-${randomBytes(3).toString('hex')}`;
  const labels: Record<string, string> = revision ? { 'istio.io/rev': revision } : { 'istio-injection': 'enabled' };
  try {
    await cluster.core.createNamespace({ body: { metadata: { name: ns, labels: { ...labels, 'meshdeck.io/purpose': 'verify' } } } });
    // istiod patches its webhooks' CA bundle a few seconds after it starts: retry until then.
    const deadline = Date.now() + timeoutMs;
    let injected: V1Pod | undefined;
    let lastError = '';
    while (Date.now() < deadline) {
      try {
        injected = await cluster.core.createNamespacedPod({ namespace: ns, dryRun: 'All', body: { metadata: { name: 'probe' }, spec: { containers: [{ name: 'app', image: 'registry.invalid/probe:1' }] } } });
        if ([...(injected.spec?.containers ?? []), ...(injected.spec?.initContainers ?? [])].some((c) => c.name === 'istio-proxy')) break;
        lastError = 'the pod came back without an istio-proxy container';
      } catch (e) {
        lastError = cluster.conn.classify(e).shape.detail ?? String(e);
      }
      injected = undefined;
      await sleep(1000);
    }
    checks.push({ id: 'injection', title: 'The sidecar injector answers', status: injected ? 'pass' : 'fail',
      detail: injected ? 'a server dry-run of a pod in a labelled namespace came back with istio-proxy' : lastError,
      fix: injected ? undefined : 'Check that the API server can reach istiod\'s webhook (port 15017) and that istiod has patched the webhook\'s CA bundle.' });

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
      detail: rejected || 'a VirtualService with weight -10 was accepted' });
  } finally {
    await cluster.core.deleteNamespace({ name: ns }).catch(() => undefined);
  }
  return { ok: checks.every((c) => c.status === 'pass'), revision, version, checks };
}
