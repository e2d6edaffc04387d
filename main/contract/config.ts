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
