import { randomBytes } from 'node:crypto';
import type { CheckResult } from '../contract/install.js';
import type { ClusterConnection } from '../kube/connection.js';
import { sleep } from '../util/sleep.js';

/** Marks Meshdeck's own short-lived namespaces (probes, verification); views leave them out. */
export const PURPOSE_LABEL = 'meshdeck.io/purpose';

/**
 * Runs `fn` in a scratch namespace labelled like a real one (so the same webhooks select it), and
 * deletes the namespace afterwards whatever happens.
 */
export async function withScratchNamespace<T>(conn: ClusterConnection, labels: Record<string, string>, purpose: 'probe' | 'verify', fn: (namespace: string) => Promise<T>): Promise<T> {
  const namespace = `meshdeck-${purpose}-${randomBytes(3).toString('hex')}`;
  await conn.requestJson('POST', '/api/v1/namespaces', { body: { metadata: { name: namespace, labels: { ...labels, [PURPOSE_LABEL]: purpose } } } });
  try {
    return await fn(namespace);
  } finally {
    await conn.requestJson('DELETE', `/api/v1/namespaces/${namespace}`).catch(() => undefined);
  }
}

interface PodAnswer { spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] } }

/**
 * Asks the API server to admit (dry-run) a pod in `namespace`: a pod that comes back with istio-proxy
 * proves that revision's injector is reachable and selects namespaces labelled this way. Retries until
 * `deadline` (istiod patches its webhooks' CA bundle a few seconds after it starts); one try when it has passed.
 */
export async function probeInjector(conn: ClusterConnection, namespace: string, revision: string, deadline = 0): Promise<CheckResult> {
  const title = `The sidecar injector of revision ${revision} answers`;
  let last: CheckResult;
  for (;;) {
    try {
      const pod = await conn.requestJson<PodAnswer>('POST', `/api/v1/namespaces/${namespace}/pods?dryRun=All`, {
        body: { metadata: { name: 'probe' }, spec: { containers: [{ name: 'app', image: 'registry.invalid/probe:1' }] } }, timeoutMs: 15_000,
      });
      if ([...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some((c) => c.name === 'istio-proxy')) {
        return { id: 'injector', title, status: 'pass', detail: 'A server dry-run of a pod in a namespace labelled the same way came back with istio-proxy.' };
      }
      last = { id: 'injector', title, status: 'fail', detail: 'A server dry-run of a pod came back without istio-proxy: no injector webhook selects these labels.',
        fix: 'Check the revision\'s MutatingWebhookConfiguration (istio-sidecar-injector) and its namespace selectors.' };
    } catch (e) {
      const err = conn.classify(e);
      last = { id: 'injector', title, status: 'fail', detail: err.shape.detail ?? err.message,
        fix: 'Check that the API server can reach istiod\'s webhook (port 15017) and that istiod has patched the webhook\'s CA bundle.' };
    }
    if (Date.now() >= deadline) return last;
    await sleep(1000);
  }
}
