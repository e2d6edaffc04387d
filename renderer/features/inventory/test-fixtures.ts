import type { InventorySnapshot, NamespaceRow, PodRow, ServiceRow, WorkloadRow } from '../../../main/contract/inventory.js';

/** Rows for the inventory's tests: plain values with sensible defaults. */

export const ns = (name: string, more: Partial<NamespaceRow> = {}): NamespaceRow => ({
  id: name,
  name,
  phase: 'Active',
  mode: 'none',
  labels: {},
  problems: [],
  system: false,
  pods: 0,
  withProxy: 0,
  withoutProxy: 0,
  optedOut: 0,
  meshSystem: 0,
  orphaned: 0,
  needsRestart: 0,
  workloads: 0,
  services: 0,
  ...more,
});

export const workload = (namespace: string, name: string, more: Partial<WorkloadRow> = {}): WorkloadRow => ({
  id: `${namespace}/Deployment/${name}`,
  namespace,
  kind: 'Deployment',
  name,
  versions: [],
  desired: 1,
  ready: 1,
  pods: 1,
  withProxy: 1,
  proxy: 'present',
  proxyRevisions: [],
  meshSystem: false,
  orphaned: 0,
  optedOut: false,
  meshAction: 'opt-out',
  needsRestart: 0,
  containers: { ready: 2, total: 2 },
  ...more,
});

export const service = (namespace: string, name: string, more: Partial<ServiceRow> = {}): ServiceRow => ({
  id: `${namespace}/${name}`,
  namespace,
  name,
  type: 'ClusterIP',
  ports: [{ name: 'http', port: 80, detected: 'http', classified: true }],
  unclassifiedPorts: 0,
  pods: 1,
  podsWithoutProxy: 0,
  versions: [],
  ...more,
});

export const pod = (namespace: string, name: string, more: Partial<PodRow> = {}): PodRow => ({
  id: `${namespace}/${name}`,
  namespace,
  name,
  phase: 'Running',
  ready: true,
  readyContainers: 2,
  containers: 2,
  proxy: 'present',
  meshSystem: false,
  orphaned: false,
  needsRestart: false,
  ...more,
});

export const snapshot = (more: Partial<InventorySnapshot> = {}): InventorySnapshot => ({
  type: 'snapshot',
  plane: { revisions: [{ revision: 'default', ready: true, version: '1.24.2' }], tags: [], ambient: false },
  namespaces: [],
  workloads: [],
  services: [],
  pods: [],
  problems: [],
  elapsedMs: 1234,
  ...more,
});
