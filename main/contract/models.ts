import { z } from 'zod';
import { RpcErrorShape } from './errors.js';

/**
 * How a context authenticates. Names only: no secret ever leaves the core, and the path of a credential file
 * only in the warning that says it is missing.
 */
export const AuthKind = z.enum(['client-certificate', 'token', 'token-file', 'exec', 'basic', 'auth-provider', 'none']);

export const ContextSummary = z.object({
  name: z.string(),
  cluster: z.string(),
  /** The cluster's address without any `user:password@` written into it. */
  server: z.string(),
  user: z.string(),
  namespace: z.string(),
  authKind: AuthKind,
  /** For exec: the plugin's command name (not its arguments or environment). */
  execCommand: z.string().optional(),
  usesProxy: z.boolean(),
  insecureSkipTlsVerify: z.boolean(),
  /** The kubeconfig file that defined this context. */
  sourceFile: z.string(),
  isCurrent: z.boolean(),
  /** Problems found without contacting the cluster (missing cluster entry, insecure TLS...). */
  warnings: z.array(z.string()),
});
export type ContextSummary = z.infer<typeof ContextSummary>;

/** A credential plugin: the command a kubeconfig file asks Meshdeck to run, and that file. */
export const ExecPluginRef = z.object({ command: z.string().min(1).max(4096), file: z.string().min(1).max(4096) });
export type ExecPluginRef = z.infer<typeof ExecPluginRef>;

export const KubeconfigFileStatus = z.object({ path: z.string(), exists: z.boolean() });

export const ContextsSnapshot = z.object({
  contexts: z.array(ContextSummary),
  currentContext: z.string().optional(),
  files: z.array(KubeconfigFileStatus),
  /** Whole-file problems, e.g. a malformed file (with its line), shown above the list. */
  problems: z.array(RpcErrorShape),
});
export type ContextsSnapshot = z.infer<typeof ContextsSnapshot>;

export const ProbeResult = z.object({
  context: z.string(),
  reachable: z.boolean(),
  serverVersion: z.string().optional(),
  latencyMs: z.number(),
  error: RpcErrorShape.optional(),
});
export type ProbeResult = z.infer<typeof ProbeResult>;

export const NamespaceSummary = z.object({
  name: z.string(),
  phase: z.string(),
  /** Mesh-relevant labels only. */
  injection: z.string().optional(),
  revision: z.string().optional(),
  dataplaneMode: z.string().optional(),
  createdAt: z.string().optional(),
  /** Set on Meshdeck's own short-lived namespaces (probes, verification): not the user's. */
  meshdeckPurpose: z.string().optional(),
});
export type NamespaceSummary = z.infer<typeof NamespaceSummary>;

export const ControlPlane = z.object({
  namespace: z.string(),
  name: z.string(),
  revision: z.string(),
  version: z.string().optional(),
  readyReplicas: z.number(),
  replicas: z.number(),
});
export type ControlPlane = z.infer<typeof ControlPlane>;

export const MeshStatus = z.object({
  /** incomplete: a control plane whose install stopped part-way (its webhooks are missing or its apply never finished). */
  state: z.enum(['not-installed', 'crds-only', 'installed', 'incomplete', 'unknown']),
  istioCrds: z.number(),
  controlPlanes: z.array(ControlPlane),
  /** Revisions whose install is not finished, and what shows it. */
  incomplete: z.array(z.object({ revision: z.string(), reason: z.enum(['apply-unfinished', 'webhooks-missing']), phase: z.string().optional() })),
});
export type MeshStatus = z.infer<typeof MeshStatus>;

export const ClusterOverview = z.object({
  context: z.string(),
  serverVersion: z.string(),
  platform: z.string().optional(),
  nodes: z.object({ ready: z.number(), total: z.number() }).optional(),
  namespaces: z.array(NamespaceSummary).optional(),
  mesh: MeshStatus,
  /** Parts the user may not read (403) or that failed, each explained. */
  problems: z.array(z.object({ section: z.enum(['nodes', 'namespaces', 'mesh']), error: RpcErrorShape })),
  updatedAt: z.string(),
});
export type ClusterOverview = z.infer<typeof ClusterOverview>;

export const OverviewEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), overview: ClusterOverview }),
]);
export type OverviewEvent = z.infer<typeof OverviewEvent>;

export const SandboxState = z.object({
  state: z.enum(['running', 'stopped', 'degraded', 'unavailable']),
  /** Which processes run, by role. */
  processes: z.array(z.object({ role: z.string(), pid: z.number(), alive: z.boolean() })),
  /** The context name to connect to when running. */
  context: z.string().optional(),
  reason: z.string().optional(),
});
export type SandboxState = z.infer<typeof SandboxState>;

export const ProgressEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), step: z.string(), message: z.string(), elapsedMs: z.number() }),
  z.object({ type: z.literal('done'), message: z.string() }),
]);
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const AppInfo = z.object({ name: z.string(), version: z.string(), istio: z.string(), platform: z.string() });
export type AppInfo = z.infer<typeof AppInfo>;
