import type { ClusterConnection } from '../kube/connection.js';

/**
 * The sample application a newcomer rolls out: Istio's helloworld in two versions and a caller that
 * sends it requests, in its own namespace with the sidecar. In the sandbox (its marker ConfigMap) the
 * pods are simulated and the traffic simulator's annotations make the traffic: the caller calls
 * helloworld, and a switch makes the canary fail.
 */
export const SAMPLE = { namespace: 'meshdeck-sample', service: 'helloworld', stableVersion: 'v1', canaryVersion: 'v2' } as const;

const ERROR_RATE = 'sandbox.meshdeck.io/error-rate';
const LATENCY = 'sandbox.meshdeck.io/latency-ms';

function objects(simulated: boolean): Record<string, unknown>[] {
  const ns = SAMPLE.namespace;
  const labels = (app: string, version?: string) => ({ app, ...(version ? { version } : {}) });
  const deployment = (name: string, app: string, version: string, image: string, extra: Record<string, unknown> = {}, annotations: Record<string, string> = {}) => ({
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, namespace: ns, labels: labels(app, version), annotations },
    spec: {
      replicas: 2, selector: { matchLabels: labels(app, version) },
      template: { metadata: { labels: labels(app, version) }, spec: { containers: [{ name: app, image, ...extra }] } },
    },
  });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } },
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'helloworld', namespace: ns, labels: { app: 'helloworld' }, ...(simulated ? { annotations: { 'sandbox.meshdeck.io/rps': '0' } } : {}) },
      spec: { selector: { app: 'helloworld' }, ports: [{ name: 'http', port: 5000 }] },
    },
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'caller', namespace: ns, labels: { app: 'caller' }, ...(simulated ? { annotations: { 'sandbox.meshdeck.io/rps': '1', 'sandbox.meshdeck.io/calls': 'helloworld=40' } } : {}) },
      spec: { selector: { app: 'caller' }, ports: [{ name: 'http', port: 80 }] },
    },
    deployment('helloworld-v1', 'helloworld', 'v1', 'docker.io/istio/examples-helloworld-v1:1.0', { ports: [{ containerPort: 5000 }] }, simulated ? { [LATENCY]: '40', [ERROR_RATE]: '0.002' } : {}),
    deployment('helloworld-v2', 'helloworld', 'v2', 'docker.io/istio/examples-helloworld-v2:1.0', { ports: [{ containerPort: 5000 }] }, simulated ? { [LATENCY]: '45', [ERROR_RATE]: '0.002' } : {}),
    deployment('caller', 'caller', 'v1', 'docker.io/curlimages/curl:8.10.1', simulated ? {} : { command: ['sh', '-c', 'while true; do curl -s -o /dev/null http://helloworld:5000/hello; sleep 0.05; done'] }),
  ];
}

const isSandbox = (conn: ClusterConnection) => conn.requestJson('GET', '/api/v1/namespaces/kube-public/configmaps/meshdeck-sandbox').then(() => true, () => false);

const pathOf = (o: Record<string, unknown>) => {
  const m = o.metadata as { name: string; namespace?: string };
  const kind = o.kind as string;
  if (kind === 'Namespace') return `/api/v1/namespaces/${m.name}`;
  if (kind === 'Service') return `/api/v1/namespaces/${m.namespace}/services/${m.name}`;
  return `/apis/apps/v1/namespaces/${m.namespace}/deployments/${m.name}`;
};

export async function deploySample(conn: ClusterConnection) {
  const simulated = await isSandbox(conn);
  for (const o of objects(simulated)) {
    await conn.requestJson('PATCH', `${pathOf(o)}?fieldManager=meshdeck-sample&force=true`, { body: o, contentType: 'application/apply-patch+yaml' });
  }
  return { ...SAMPLE, simulated };
}

/** The sandbox's switch: the canary answers 30% errors and four times slower, or healthy again. */
export async function setSampleCanaryHealth(conn: ClusterConnection, healthy: boolean) {
  await conn.requestJson('PATCH', `/apis/apps/v1/namespaces/${SAMPLE.namespace}/deployments/helloworld-v2`, {
    contentType: 'application/merge-patch+json',
    body: { metadata: { annotations: { [ERROR_RATE]: healthy ? '0.002' : '0.3', [LATENCY]: healthy ? '45' : '180' } } },
  });
  return { healthy };
}
