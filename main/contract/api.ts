import { z } from 'zod';
import * as inst from './install.js';
import * as inv from './inventory.js';
import * as m from './models.js';
import * as up from './upgrade.js';
import * as cfg from './config.js';
import * as met from './metrics.js';
import * as can from './canary.js';
import * as diag from './diagnostics.js';
import * as pal from './palette.js';
import { ContextName, NamespaceName, TagName } from './names.js';

/** A request answered once. */
export interface CallDef<I extends z.ZodType, O extends z.ZodType> { kind: 'call'; input: I; output: O }
/** A request answered by a stream of events until the client cancels or the server ends it. */
export interface StreamDef<I extends z.ZodType, E extends z.ZodType> { kind: 'stream'; input: I; event: E }

const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CallDef<I, O> => ({ kind: 'call', input, output });
const stream = <I extends z.ZodType, E extends z.ZodType>(input: I, event: E): StreamDef<I, E> => ({ kind: 'stream', input, event });

const none = z.object({}).strict();
const contextInput = z.object({ context: ContextName }).strict();
const installInput = z.object({ context: ContextName, options: inst.InstallOptions }).strict();

/**
 * THE contract between the UI (and the CLI) and the core. Every transport carries exactly this;
 * inputs are validated by the core before any handler runs.
 */
export const api = {
  'app.info': call(none, m.AppInfo),
  'contexts.list': call(none, m.ContextsSnapshot),
  'contexts.watch': stream(none, m.ContextsSnapshot),
  'contexts.probe': call(contextInput, m.ProbeResult),
  /**
   * Confirms the credential plugin a context runs (as an EXEC_PLUGIN_UNCONFIRMED refusal showed it), once for its
   * kubeconfig file; refused if the context now names another command or file.
   */
  'contexts.trustPlugin': call(z.object({ context: z.string().min(1).max(253), ...m.ExecPluginRef.shape }).strict(), m.ExecPluginRef.extend({ context: z.string() })),
  'cluster.overview': stream(contextInput, m.OverviewEvent),
  'sandbox.status': call(none, m.SandboxState),
  'sandbox.up': stream(none, m.ProgressEvent),
  'install.precheck': call(installInput, inst.PrecheckReport),
  'install.preview': call(installInput, inst.InstallPreview),
  'install.apply': stream(installInput, inst.InstallEvent),
  'install.verify': call(z.object({ context: ContextName, revision: z.string().max(40).default('') }).strict(), inst.VerifyReport),
  /** Removes every Istio and Meshdeck object in the cluster (read from the cluster, not from options), then proves none is left. */
  'install.uninstall': stream(contextInput, inst.InstallEvent),
  'images.push': stream(inst.PushTarget, inst.PushEvent),
  'revisions.status': call(contextInput, inst.MeshInstallStatus),
  'revisions.tag': call(z.object({ context: ContextName, tag: TagName, revision: z.string().min(1).max(63) }).strict(), z.object({ tag: z.string(), revision: z.string() })),
  /** Removes one revision's control plane, never the CRDs or what other revisions share. */
  'revisions.remove': stream(z.object({ context: ContextName, revision: z.string().min(1).max(63) }).strict(), inst.InstallEvent),
  /** The upgrade in the cluster (if any) with what may happen next, the revisions, and a proposal for a new one. */
  'upgrade.status': call(contextInput, up.UpgradeStatus),
  /** Runs one stage of the upgrade (the first starts it from the draft), or every stage but the removal; yields the whole view after every change. */
  'upgrade.run': stream(up.UpgradeRunInput, up.UpgradeEvent),
  /** Undoes the upgrade: tags back, namespaces back and restarted, the new revision removed. */
  'upgrade.undo': stream(contextInput, up.UpgradeEvent),
  /** Forgets a finished or undone upgrade, so another can start. */
  'upgrade.dismiss': call(contextInput, z.object({})),
  /** Routing config (Istio, Gateway API) of the cluster, live, each object with its check status; and which API governs each host. */
  'config.watch': stream(contextInput, cfg.ConfigEvent),
  'config.get': call(z.object({ context: ContextName, ref: cfg.ConfigRef }).strict(), cfg.ConfigObjectText),
  /** Semantic checks of documents against the live cluster, or (no context) of the files alone. */
  'config.check': call(cfg.CheckInput, cfg.CheckReport),
  /** JSON Schemas of every routing kind at the version the cluster serves, from its CRDs. */
  'config.schemas': call(contextInput, cfg.SchemasResult),
  /** The API server's dry run (CRD schema, Istio's webhook) and the bundled istioctl analyze, as findings at lines. */
  'config.validate': call(cfg.DocumentsInput, cfg.ValidateReport),
  'config.diff': call(cfg.DocumentsInput, cfg.DiffReport),
  /** Server-side apply with a resourceVersion precondition per object; conflicts and other owners are reported, never forced. */
  'config.apply': call(cfg.ApplyInput, cfg.ApplyResult),
  'config.undo': call(z.object({ context: ContextName, undoId: z.string().min(1).max(64) }).strict(), cfg.UndoResult),
  /** Unsaved edits, kept by the core so they survive a reload of the window and a restart of the app. */
  'config.drafts': call(contextInput, z.object({ drafts: z.array(cfg.Draft) })),
  'config.saveDraft': call(z.object({ context: ContextName, draft: cfg.Draft }).strict(), z.object({ updatedAt: z.string() })),
  'config.deleteDraft': call(z.object({ context: ContextName, id: z.string().max(100) }).strict(), z.object({})),
  /** Where a request goes: the rule that matches and why the ones before do not; documents laid over the live objects (or alone). */
  'route.simulate': call(cfg.SimulateInput, cfg.SimResult),
  'config.wizardRead': call(cfg.WizardReadInput, cfg.WizardState),
  'config.wizardWrite': call(cfg.WizardWriteInput, cfg.WizardWriteResult),
  /** Which Prometheus is in use and how it is reached (or why there is none), and the candidates found in the cluster. */
  'metrics.source': call(contextInput, met.MetricsSourceStatus),
  /** Remembers the Prometheus to use for this context (a URL's credentials stay in the core). */
  'metrics.setSource': call(z.object({ context: ContextName, choice: met.MetricsSourceChoice }).strict(), z.object({})),
  /** A service page: figures and chart series per version, refreshed while open; or why there is no data. */
  'metrics.service': stream(met.ServiceMetricsInput, met.MetricsEvent),
  /** Rate, success and p99 of every service over the range, for the inventory. */
  'metrics.summary': call(z.object({ context: ContextName, rangeSeconds: met.MetricsRange.shape.rangeSeconds, count4xx: met.MetricsRange.shape.count4xx }).strict(), met.SummaryResult),
  'metrics.graph': call(met.GraphInput, met.ServiceGraph),
  /** A PromQL query of the user's own, at the Prometheus in use (for the command line and advanced views). */
  'metrics.query': call(z.object({ context: ContextName, query: z.string().min(1).max(4000) }).strict(), met.QueryResult),
  'metrics.mtls': call(z.object({ context: ContextName, rangeSeconds: met.MetricsRange.shape.rangeSeconds }).strict(), met.MtlsPosture),
  /** What starting a canary rollout would do (the route it writes, as YAML) and what stands in the way; changes nothing. */
  'canary.plan': call(z.object({ context: ContextName, spec: can.CanarySpec }).strict(), can.CanaryPlan),
  'canary.start': call(z.object({ context: ContextName, spec: can.CanarySpec }).strict(), can.CanaryView),
  'canary.list': call(z.object({ context: ContextName, namespace: NamespaceName.optional() }).strict(), z.object({ rollouts: z.array(can.CanaryView) })),
  /** The rollout as it goes; while watched, this Meshdeck drives it if nobody else does (its Lease). */
  'canary.watch': stream(can.CanaryRef, can.CanaryEvent),
  'canary.act': call(can.CanaryRef.extend({ action: can.CanaryAction }).strict(), can.CanaryView),
  /** The sample application (two versions and a caller) in any cluster; in the sandbox with simulated traffic. */
  'sample.deploy': call(contextInput, z.object({ namespace: z.string(), service: z.string(), stableVersion: z.string(), canaryVersion: z.string(), simulated: z.boolean() })),
  /** The sandbox's switch that makes the sample's canary fail (errors and latency), or healthy again. */
  'sample.canaryHealth': call(z.object({ context: ContextName, healthy: z.boolean() }).strict(), z.object({ healthy: z.boolean() })),
  /** The live mesh inventory: a snapshot once every list is in, then batched deltas. */
  'inventory.watch': stream(contextInput, inv.InventoryEvent),
  /** The change to a namespace's mesh labels, with checks, warnings and the workloads to restart; changes nothing. */
  'mesh.plan': call(inv.MeshChangeInput, inv.MeshPlan),
  /** Makes a planned change, refusing if the namespace changed since `resourceVersion` or the plan is refused now. */
  'mesh.apply': call(inv.MeshChangeInput.extend({ resourceVersion: z.string().min(1).max(64) }).strict(), inv.MeshPlan),
  /** Rolls workloads (default: those whose pods do not match their namespace) and verifies the proxy of the new pods. */
  'mesh.restart': stream(z.object({ context: ContextName, namespace: NamespaceName, workloads: z.array(inv.WorkloadRef).max(5000).optional() }).strict(), inv.RestartStatus),
  /** Removes the mesh labels of namespaces (after an uninstall, those still pointing at the removed mesh); restart them after with mesh.restart. */
  'mesh.clearLabels': call(z.object({ context: ContextName, namespaces: z.array(NamespaceName).min(1).max(500) }).strict(), z.object({ cleared: z.array(z.string()) })),
  /** Opts a workload out of sidecar injection (or back in); its pods roll with the template change. */
  'mesh.optOut': call(z.object({ context: ContextName, namespace: NamespaceName, workload: inv.WorkloadRef, optOut: z.boolean() }).strict(), z.object({ optOut: z.boolean() })),
  /** The command palette's tasks for where the user is (a context open or none): what applies now, ranked by the core. */
  'palette.tasks': call(z.object({ context: ContextName.optional() }).strict(), pal.PaletteTasks),
  /** "Export diagnostics": versions, the bundle, every context's reachability, the mesh status, the last errors and log, with every credential removed. */
  'diagnostics.export': call(diag.DiagnosticsInput, diag.DiagnosticsExport),
} as const;

export type Api = typeof api;
export type Method = keyof Api;
export type CallMethod = { [K in Method]: Api[K] extends CallDef<z.ZodType, z.ZodType> ? K : never }[Method];
export type StreamMethod = { [K in Method]: Api[K] extends StreamDef<z.ZodType, z.ZodType> ? K : never }[Method];
export type InputOf<K extends Method> = z.input<Api[K]['input']>;
export type OutputOf<K extends CallMethod> = Api[K] extends CallDef<z.ZodType, infer O> ? z.infer<O> : never;
export type EventOf<K extends StreamMethod> = Api[K] extends StreamDef<z.ZodType, infer E> ? z.infer<E> : never;

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(api, name);
}
