import { z } from 'zod';
import { RefusalReason, RpcErrorShape } from './errors.js';
import { ContextName, NamespaceName, TagName } from './names.js';
import { CheckResult } from './install.js';

/** How a namespace joins the mesh, decided by its labels. */
export const MeshMode = z.enum(['sidecar', 'ambient', 'disabled', 'none', 'conflict']);
export type MeshMode = z.infer<typeof MeshMode>;

export const ProxyState = z.enum(['present', 'absent', 'opted-out']);
export type ProxyState = z.infer<typeof ProxyState>;

export const WorkloadKind = z.enum(['Deployment', 'StatefulSet', 'DaemonSet']);
export type WorkloadKind = z.infer<typeof WorkloadKind>;

export const NamespaceRow = z.object({
  id: z.string(),
  name: z.string(),
  phase: z.string(),
  mode: MeshMode,
  /** The label that decides the mode. */
  source: z.string().optional(),
  /** The control-plane revision that serves it (tags resolved). */
  revision: z.string().optional(),
  tag: z.string().optional(),
  /** Mesh labels as they are now (istio-injection, istio.io/rev, istio.io/dataplane-mode). */
  labels: z.record(z.string(), z.string()),
  problems: z.array(z.string()),
  /** The Istio version of the control plane that serves it (what its new pods' proxies run). */
  istioVersion: z.string().optional(),
  /** kube-system and friends, and namespaces running a control plane: changing them needs care. */
  system: z.boolean(),
  pods: z.number(),
  withProxy: z.number(),
  withoutProxy: z.number(),
  optedOut: z.number(),
  /** Pods of the mesh itself (istiod, gateways, ztunnel): never counted as missing a proxy. */
  meshSystem: z.number(),
  /** Pods whose proxy belongs to a revision no running control plane serves (left by a removed mesh). */
  orphaned: z.number(),
  /** Pods that predate the label, or run another revision's proxy than the namespace selects. */
  needsRestart: z.number(),
  workloads: z.number(),
  services: z.number(),
});
export type NamespaceRow = z.infer<typeof NamespaceRow>;

export const WorkloadRow = z.object({
  id: z.string(),
  namespace: z.string(),
  kind: WorkloadKind,
  name: z.string(),
  /** Values of the version label on its pod template and pods. */
  versions: z.array(z.string()),
  desired: z.number(),
  ready: z.number(),
  pods: z.number(),
  withProxy: z.number(),
  /** present: every pod has one; absent: none has; mixed: some; opted-out: the template says no; mesh-system: istiod, a gateway, ztunnel (no mesh action applies). */
  proxy: z.enum(['present', 'absent', 'mixed', 'opted-out', 'no-pods', 'mesh-system']),
  meshSystem: z.boolean(),
  /** Pods whose proxy belongs to a revision no running control plane serves. */
  orphaned: z.number(),
  proxyRevisions: z.array(z.string()),
  /** The Istio versions its pods' proxies run (for the mesh's own workloads, the Istio they are). */
  istioVersions: z.array(z.string()).optional(),
  /** The pod template carries sidecar.istio.io/inject=false. */
  optedOut: z.boolean(),
  /** The mesh action this workload offers: opt out of injection, opt back in, or none (the mesh's own workloads). */
  meshAction: z.enum(['opt-out', 'opt-in', 'none']),
  needsRestart: z.number(),
  /** Ready and total containers of its least ready pod, e.g. 2/2 once the proxy runs. */
  containers: z.object({ ready: z.number(), total: z.number() }).optional(),
});
export type WorkloadRow = z.infer<typeof WorkloadRow>;

export const ServicePort = z.object({
  name: z.string().optional(),
  port: z.number(),
  protocol: z.string().optional(),
  appProtocol: z.string().optional(),
  /** What Istio reads it as, when it can tell without sniffing. */
  detected: z.string().optional(),
  classified: z.boolean(),
});

export const ServiceRow = z.object({
  id: z.string(),
  namespace: z.string(),
  name: z.string(),
  type: z.string(),
  ports: z.array(ServicePort),
  unclassifiedPorts: z.number(),
  pods: z.number(),
  podsWithoutProxy: z.number(),
  versions: z.array(z.string()),
  /** The Istio versions the proxies of its pods run. */
  istioVersions: z.array(z.string()).optional(),
});
export type ServiceRow = z.infer<typeof ServiceRow>;

export const PodRow = z.object({
  id: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** Kind/name of the owning workload, when it has one. */
  workload: z.string().optional(),
  version: z.string().optional(),
  phase: z.string(),
  ready: z.boolean(),
  readyContainers: z.number(),
  containers: z.number(),
  proxy: ProxyState,
  proxyRevision: z.string().optional(),
  /** The Istio version of its proxy (for a pod of the mesh itself, the Istio it runs). */
  istioVersion: z.string().optional(),
  /** A pod of the mesh itself (istiod, a gateway, ztunnel). */
  meshSystem: z.boolean(),
  /** Its proxy belongs to a revision no running control plane serves (a removed mesh left it). */
  orphaned: z.boolean(),
  needsRestart: z.boolean(),
  createdAt: z.string().optional(),
});
export type PodRow = z.infer<typeof PodRow>;

export const MeshPlane = z.object({
  revisions: z.array(z.object({ revision: z.string(), ready: z.boolean(), version: z.string().optional() })),
  tags: z.array(z.object({ tag: z.string(), revision: z.string() })),
  /** A ztunnel DaemonSet runs: namespaces can enrol in ambient mode. */
  ambient: z.boolean(),
  /** Without one: why ambient cannot be chosen, and what is missing (reason ambient-unavailable). */
  ambientRefusal: z.object({ reason: RefusalReason, message: z.string() }).optional(),
});
export type MeshPlane = z.infer<typeof MeshPlane>;

const delta = <T extends z.ZodType>(row: T) => z.object({ upsert: z.array(row), remove: z.array(z.string()) });

export const InventoryKind = z.enum(['namespaces', 'workloads', 'services', 'pods']);
export type InventoryKind = z.infer<typeof InventoryKind>;

export const InventoryProblem = z.object({ resource: z.string(), error: RpcErrorShape });

/**
 * The live inventory: one snapshot once every list is in, then deltas in batches (never one message
 * per watch event), and a status when a watch fails, backs off or re-lists.
 */
export const InventoryEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    plane: MeshPlane,
    namespaces: z.array(NamespaceRow),
    workloads: z.array(WorkloadRow),
    services: z.array(ServiceRow),
    pods: z.array(PodRow),
    problems: z.array(InventoryProblem),
    elapsedMs: z.number(),
  }),
  z.object({
    type: z.literal('delta'),
    plane: MeshPlane.optional(),
    namespaces: delta(NamespaceRow),
    workloads: delta(WorkloadRow),
    services: delta(ServiceRow),
    pods: delta(PodRow),
    problems: z.array(InventoryProblem),
  }),
]);
export type InventoryEvent = z.infer<typeof InventoryEvent>;
export type InventoryDelta = Extract<InventoryEvent, { type: 'delta' }>;
export type InventorySnapshot = Extract<InventoryEvent, { type: 'snapshot' }>;



/** What a namespace should become: sidecar injection (default revision, or a revision or tag), ambient, or out of the mesh. */
export const MeshTarget = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('sidecar'), revision: z.union([z.literal(''), TagName]).default('') }).strict(),
  z.object({ mode: z.literal('ambient') }).strict(),
  z.object({ mode: z.literal('none') }).strict(),
]);
export type MeshTarget = z.infer<typeof MeshTarget>;

export const MeshChangeInput = z.object({ context: ContextName, namespace: NamespaceName, target: MeshTarget }).strict();

export const WorkloadRef = z.object({ kind: WorkloadKind, name: z.string().min(1).max(253) });
export type WorkloadRef = z.infer<typeof WorkloadRef>;

/** The change, shown before it is made; `refusal` set means it must not be made. */
export const MeshPlan = z.object({
  namespace: z.string(),
  resourceVersion: z.string(),
  before: z.record(z.string(), z.string()),
  after: z.record(z.string(), z.string()),
  /** The merge patch that turns before into after (null removes a label). */
  patch: z.record(z.string(), z.string().nullable()),
  /** The revision that will serve the namespace, tags resolved. */
  revision: z.string().optional(),
  checks: z.array(CheckResult),
  warnings: z.array(z.string()),
  refusal: z.object({ reason: RefusalReason, message: z.string() }).optional(),
  /** Workloads whose running pods will not match until restarted. */
  restart: z.array(WorkloadRef.extend({ pods: z.number() })),
  unchanged: z.boolean(),
});
export type MeshPlan = z.infer<typeof MeshPlan>;

/** One workload of a restart: rolled like `kubectl rollout restart`, then judged by its new pods' proxy. */
export const RestartWorkload = z.object({
  namespace: z.string(),
  kind: WorkloadKind,
  name: z.string(),
  state: z.enum(['queued', 'restarting', 'ready', 'failed']),
  /** New pods ready, out of desired. */
  updated: z.number(),
  desired: z.number(),
  /** What the new pods carry, once ready. */
  proxy: ProxyState.optional(),
  proxyRevision: z.string().optional(),
  detail: z.string().optional(),
});
export type RestartWorkload = z.infer<typeof RestartWorkload>;

/**
 * A restart as a whole, computed by the core and sent whole after every change (the UI and the CLI
 * only show it): every workload's row, the counts, and the verdict in one sentence.
 */
export const RestartStatus = z.object({
  phase: z.enum(['running', 'done', 'failed']),
  workloads: z.array(RestartWorkload),
  restarted: z.number(),
  failed: z.number(),
  summary: z.string(),
});
export type RestartStatus = z.infer<typeof RestartStatus>;
