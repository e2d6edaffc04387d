import { z } from 'zod';
import { RpcErrorShape } from './errors.js';
import { ContextName } from './names.js';

/**
 * Routing config (Istio and Gateway API): browse, check, dry-run, diff, apply, undo, simulate. The core
 * checks; the editor shows findings as markers at the ranges the core computed.
 */

export const TextRange = z.object({ startLine: z.number(), startColumn: z.number(), endLine: z.number(), endColumn: z.number() });
export type TextRange = z.infer<typeof TextRange>;

export const ConfigRef = z.object({ group: z.string(), kind: z.string(), namespace: z.string().optional(), name: z.string() });
export type ConfigRef = z.infer<typeof ConfigRef>;

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** Where a finding comes from: Meshdeck's checks, the CRD schema, the API server's dry run (Istio's webhook), istioctl analyze, or the YAML itself. */
export const FindingSource = z.enum(['meshdeck', 'schema', 'dry-run', 'analyze', 'yaml']);

export const Finding = z.object({
  /** Stable code: Meshdeck's own (MD…), or istioctl's (IST…) for what came from istioctl analyze. */
  code: z.string(),
  /** istioctl analyze's code for the same problem, where it has one. */
  istioCode: z.string().optional(),
  severity: Severity,
  message: z.string(),
  /** How to fix it, in one sentence. */
  fix: z.string().optional(),
  source: FindingSource,
  ref: ConfigRef.optional(),
  /** Path into the object (spec.http.0.route.1.destination.subset). */
  path: z.array(z.union([z.string(), z.number()])).default([]),
  /** Where in the document text it points (set when checked against a text). */
  range: TextRange.optional(),
});
export type Finding = z.infer<typeof Finding>;

export const ConfigDocument = z.object({
  /** A name for the document (file name, or the editor's tab). */
  name: z.string().max(1000),
  /** YAML, one or more documents. Large pastes are refused by the core with a finding, not by the contract. */
  text: z.string().max(16 * 1024 * 1024),
});
export type ConfigDocument = z.infer<typeof ConfigDocument>;

export const CheckInput = z.object({
  /** Without a context the documents are the whole cluster (offline, like istioctl analyze --use-kube=false). */
  context: ContextName.optional(),
  documents: z.array(ConfigDocument).min(1).max(200),
}).strict();

export const CheckedDocument = z.object({
  name: z.string(),
  objects: z.array(ConfigRef),
  findings: z.array(Finding),
});
export const CheckReport = z.object({
  documents: z.array(CheckedDocument),
  elapsedMs: z.number(),
});
export type CheckReport = z.infer<typeof CheckReport>;

export { RpcErrorShape };

/**
 * Wizards edit a part of an existing object (or a new one) and leave the rest as it was: reading an
 * object and writing it back untouched changes nothing. Each state says which route rule it edits.
 */
const Duration = z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'A duration is a number with ms, s, m or h, for example 2s or 500ms.');
const Percent = z.number().min(0, 'At least 0%.').max(100, 'At most 100%.');

export const TrafficShiftState = z.object({
  /** The catch-all rule (no match) whose destinations are split; created when missing. */
  rule: z.number().int().min(0).optional(),
  /** subset '' is the host itself, without a subset (as a route that names none reads). */
  splits: z.array(z.object({ subset: z.string(), weight: z.number().int().min(0).max(100), host: z.string().optional() })).min(1).max(20),
});
export type TrafficShiftState = z.infer<typeof TrafficShiftState>;

export const StringMatchState = z.object({ kind: z.enum(['exact', 'prefix', 'regex']), value: z.string().min(1) });
export const RequestRoutingState = z.object({
  rules: z.array(z.object({
    name: z.string().optional(),
    uri: StringMatchState.optional(),
    method: z.string().optional(),
    headers: z.array(z.object({ name: z.string().min(1), match: StringMatchState })).default([]),
    subset: z.string().optional(),
    host: z.string().optional(),
  })).max(50),
});
export type RequestRoutingState = z.infer<typeof RequestRoutingState>;

export const FaultState = z.object({
  rule: z.number().int().min(0),
  delay: z.object({ fixedDelay: Duration, percent: Percent }).optional(),
  abort: z.object({ httpStatus: z.number().int().min(200).max(599), percent: Percent }).optional(),
});
export type FaultState = z.infer<typeof FaultState>;

export const TimeoutsState = z.object({
  rule: z.number().int().min(0),
  timeout: Duration.optional(),
  retries: z.object({ attempts: z.number().int().min(0).max(20), perTryTimeout: Duration.optional(), retryOn: z.string().optional() }).optional(),
});
export type TimeoutsState = z.infer<typeof TimeoutsState>;

export const CircuitBreakerState = z.object({
  maxConnections: z.number().int().min(1).optional(),
  http1MaxPendingRequests: z.number().int().min(1).optional(),
  maxRequestsPerConnection: z.number().int().min(1).optional(),
  consecutive5xxErrors: z.number().int().min(1).optional(),
  interval: Duration.optional(),
  baseEjectionTime: Duration.optional(),
  maxEjectionPercent: z.number().int().min(0).max(100).optional(),
});
export type CircuitBreakerState = z.infer<typeof CircuitBreakerState>;

export const MirrorState = z.object({
  rule: z.number().int().min(0),
  mirror: z.object({ host: z.string().min(1), subset: z.string().optional(), percent: Percent }).optional(),
});
export type MirrorState = z.infer<typeof MirrorState>;

export const WizardState = z.discriminatedUnion('wizard', [
  z.object({ wizard: z.literal('traffic-shift'), state: TrafficShiftState }),
  z.object({ wizard: z.literal('request-routing'), state: RequestRoutingState }),
  z.object({ wizard: z.literal('fault'), state: FaultState }),
  z.object({ wizard: z.literal('timeouts'), state: TimeoutsState }),
  z.object({ wizard: z.literal('circuit-breaker'), state: CircuitBreakerState }),
  z.object({ wizard: z.literal('mirror'), state: MirrorState }),
]);
export type WizardState = z.infer<typeof WizardState>;
export const WizardName = z.enum(['traffic-shift', 'request-routing', 'fault', 'timeouts', 'circuit-breaker', 'mirror']);
export type WizardName = z.infer<typeof WizardName>;

export const ConfigKindInfo = z.object({ group: z.string(), version: z.string(), kind: z.string(), plural: z.string(), namespaced: z.boolean() });
export type ConfigKindInfo = z.infer<typeof ConfigKindInfo>;

/** One object of the browse list: what it is, and how its checks came out. */
export const ConfigRow = z.object({
  id: z.string(),
  group: z.string(),
  version: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  resourceVersion: z.string(),
  createdAt: z.string().optional(),
  errors: z.number(),
  warnings: z.number(),
  /** The first findings, for a tooltip. */
  findings: z.array(Finding).max(5),
  /** Hosts it names (VirtualService hosts, DestinationRule host, HTTPRoute parents), for search. */
  hosts: z.array(z.string()),
});
export type ConfigRow = z.infer<typeof ConfigRow>;

export const GovernedHost = z.object({
  host: z.string(),
  virtualServices: z.array(z.string()),
  httpRoutes: z.array(z.string()),
  governedBy: z.enum(['virtual-service', 'http-route', 'both', 'none']),
  summary: z.string(),
});
export type GovernedHost = z.infer<typeof GovernedHost>;

export const ConfigEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), kinds: z.array(ConfigKindInfo), rows: z.array(ConfigRow), hosts: z.array(GovernedHost), problems: z.array(z.object({ resource: z.string(), error: RpcErrorShape })) }),
  z.object({ type: z.literal('delta'), kinds: z.array(ConfigKindInfo).optional(), upsert: z.array(ConfigRow), remove: z.array(z.string()), hosts: z.array(GovernedHost).optional(), problems: z.array(z.object({ resource: z.string(), error: RpcErrorShape })) }),
]);
export type ConfigEvent = z.infer<typeof ConfigEvent>;

export const ConfigObjectText = z.object({ ref: ConfigRef, yaml: z.string(), resourceVersion: z.string() });
export type ConfigObjectText = z.infer<typeof ConfigObjectText>;

export const DocumentsInput = z.object({ context: ContextName, documents: z.array(ConfigDocument).min(1).max(200) }).strict();

export const DiffEntry = z.object({
  ref: ConfigRef,
  status: z.enum(['create', 'change', 'same']),
  /** The live object as YAML (absent when it does not exist). */
  live: z.string().optional(),
  liveResourceVersion: z.string().optional(),
  mine: z.string(),
});
export const DiffReport = z.object({ entries: z.array(DiffEntry), problems: z.array(z.object({ document: z.string(), message: z.string() })) });
export type DiffReport = z.infer<typeof DiffReport>;

/** What the editor opened each object at: its resourceVersion then (null: it did not exist). */
export const ApplyBase = z.object({ ref: ConfigRef, resourceVersion: z.string().nullable() });
export const ApplyInput = DocumentsInput.extend({ base: z.array(ApplyBase).max(1000) }).strict();

export const ApplyResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('applied'), applied: z.array(z.object({ ref: ConfigRef, resourceVersion: z.string(), created: z.boolean() })), undoId: z.string() }),
  /** Someone changed (or deleted, or created) an object since the editor opened it: nothing was applied. */
  z.object({ outcome: z.literal('conflict'), conflicts: z.array(z.object({ ref: ConfigRef, theirs: z.string().optional(), theirsResourceVersion: z.string().optional() })) }),
  /** Another field manager owns fields this change sets: nothing was forced (the first objects may have been applied; undo covers them). */
  z.object({ outcome: z.literal('owned'), ref: ConfigRef, managers: z.array(z.string()), detail: z.string(), applied: z.array(z.object({ ref: ConfigRef, resourceVersion: z.string(), created: z.boolean() })), undoId: z.string().optional() }),
  /** The API server or Istio's webhook refused an object: nothing was applied. */
  z.object({ outcome: z.literal('rejected'), findings: z.array(Finding) }),
]);
export type ApplyResult = z.infer<typeof ApplyResult>;

export const UndoResult = z.object({ restored: z.array(z.object({ ref: ConfigRef, action: z.enum(['restored', 'deleted']) })) });

export const ValidateReport = z.object({ documents: z.array(z.object({ name: z.string(), findings: z.array(Finding) })), elapsedMs: z.number() });
export type ValidateReport = z.infer<typeof ValidateReport>;

export const SchemasResult = z.object({ schemas: z.array(z.object({ group: z.string(), version: z.string(), kind: z.string(), schema: z.record(z.string(), z.unknown()) })) });

export const Draft = z.object({
  id: z.string().max(100),
  name: z.string().max(300),
  text: z.string().max(4 * 1024 * 1024),
  /** What the draft was opened from, for apply's precondition and the three-way view. */
  base: z.array(ApplyBase.extend({ text: z.string().max(4 * 1024 * 1024).optional() })).max(1000).default([]),
  updatedAt: z.string().optional(),
});
export type Draft = z.infer<typeof Draft>;

export const SimRequest = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535).optional(),
  path: z.string().max(4096).default('/'),
  method: z.string().max(16).default('GET'),
  headers: z.record(z.string().max(200), z.string().max(4096)).default({}),
  sourceNamespace: z.string().max(63).default('default'),
  gateway: z.string().max(253).default('mesh'),
});
export const SimResult = z.object({
  host: z.string(),
  via: z.object({ kind: z.string(), namespace: z.string(), name: z.string(), rule: z.number().optional(), match: z.number().optional() }).optional(),
  ignored: z.array(z.object({ kind: z.string(), namespace: z.string(), name: z.string() })),
  steps: z.array(z.object({ rule: z.number(), matched: z.boolean(), reason: z.string() })),
  destinations: z.array(z.object({ host: z.string(), subset: z.string().optional(), port: z.number().optional(), percent: z.number(), subsetLabels: z.record(z.string(), z.string()).optional(), unknown: z.boolean() })),
  effects: z.array(z.string()),
  summary: z.string(),
});
export type SimResult = z.infer<typeof SimResult>;
export const SimulateInput = z.object({ context: ContextName.optional(), documents: z.array(ConfigDocument).max(200).default([]), request: SimRequest }).strict();

export const WizardReadInput = z.object({ wizard: WizardName, text: ConfigDocument.shape.text, rule: z.number().int().min(0).optional() }).strict();
export const WizardWriteInput = z.object({ text: ConfigDocument.shape.text, state: WizardState }).strict();
export const WizardWriteResult = z.object({ yaml: z.string(), changed: z.boolean() });
