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
  splits: z.array(z.object({ subset: z.string().min(1), weight: z.number().int().min(0).max(100), host: z.string().optional() })).min(1).max(20),
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
