import { stringify } from 'yaml';
import { PORTS } from './layout.js';
import { SANDBOX_MARKER } from './istio-ports.js';

/** Labels and annotations the traffic simulator reads (documented in README's sandbox section). */
export const SIM = {
  rps: 'sandbox.meshdeck.io/rps',
  /** On a Service: the services its workloads call, `host[=rps]` comma-separated (rps: the caller's own by default). */
  calls: 'sandbox.meshdeck.io/calls',
  errorRate: 'sandbox.meshdeck.io/error-rate',
  latencyMs: 'sandbox.meshdeck.io/latency-ms',
  trafficAlways: 'sandbox.meshdeck.io/traffic',
} as const;

type Obj = Record<string, unknown>;

export function fakeNode(name: string): Obj {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
    },
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '300' },
      capacity: { cpu: '32', memory: '256Gi', pods: '300' },
    },
  };
}

/** Read-only on namespaced things and mesh config; no nodes, nothing to create. */
function viewerRbac(): Obj[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'meshdeck:viewer' },
      rules: [
        { apiGroups: [''], resources: ['namespaces', 'pods', 'services', 'endpoints', 'configmaps', 'events', 'serviceaccounts'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'gateway.networking.k8s.io'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'meshdeck:viewers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'meshdeck:viewer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'meshdeck:viewers' }],
    },
  ];
}

/** A Prometheus "pod" whose IP reaches the real Prometheus, so discovery through the API works as on a cluster. */
function prometheusWorkload(): Obj[] {
  const labels = { app: 'prometheus', 'app.kubernetes.io/name': 'prometheus' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'prometheus', namespace: 'monitoring', labels },
      spec: {
        replicas: 1, selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'prometheus', image: 'prom/prometheus:v2.42.0', ports: [{ name: 'http-web', containerPort: PORTS.prometheus }] }] },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'prometheus', namespace: 'monitoring', labels },
      spec: { selector: labels, ports: [{ name: 'http-web', port: PORTS.prometheus, targetPort: PORTS.prometheus }] },
    },
  ];
}

function sandboxMarker(): Obj[] {
  return [
    {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: SANDBOX_MARKER.name, namespace: SANDBOX_MARKER.namespace },
      data: {
        description: 'This cluster is the Meshdeck sandbox: istiod runs on the host per revision and serves webhooks on localhost.',
        'istio-webhooks': 'https://localhost:<port>/inject and /validate; port from main/sandbox/istio-ports.ts (default revision: 15017)',
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'meshdeck-sandbox-marker-reader', namespace: 'kube-public' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [SANDBOX_MARKER.name], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'meshdeck-sandbox-marker-reader', namespace: 'kube-public' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'meshdeck-sandbox-marker-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }],
    },
  ];
}

/** Everything the sandbox puts in the cluster after the API is up, as one multi-document YAML. */
export function bootstrapManifest(nodeCount: number): string {
  const nodes = Array.from({ length: nodeCount }, (_, i) => fakeNode(`sandbox-node-${i}`));
  return [...nodes, ...viewerRbac(), ...prometheusWorkload(), ...sandboxMarker()].map((o) => stringify(o)).join('---\n');
}
