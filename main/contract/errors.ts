import { z } from 'zod';

/** Every way a request can fail, as a closed set the UI turns into plain words. */
export const ErrorCode = z.enum([
  'BAD_REQUEST', // the message or its input did not match the contract
  'NOT_FOUND', // a named thing (context, object) does not exist
  'INTERNAL',
  'KUBECONFIG_MALFORMED',
  'CONTEXT_INCOMPLETE', // context names a cluster or user that no file defines
  'UNREACHABLE', // connection refused / reset
  'TIMEOUT',
  'DNS', // host name does not resolve
  'TLS_UNKNOWN_AUTHORITY',
  'TLS_CERT_EXPIRED',
  'TLS_HOSTNAME_MISMATCH',
  'TLS_OTHER',
  'PROXY', // proxy-url unreachable or refused
  'UNAUTHORIZED', // 401
  'FORBIDDEN', // 403
  'EXEC_PLUGIN_MISSING',
  'EXEC_PLUGIN_FAILED',
  'EXEC_PLUGIN_UNCONFIRMED', // a credential plugin from a kubeconfig file Meshdeck has not run one from: confirm it first
  'CREDENTIALS_UNREADABLE', // a certificate, key or token file cannot be read
  'CANCELLED',
  'SANDBOX',
  'CONFLICT', // the object changed since it was read (409)
  'GONE', // the resource version asked for is too old (410): list again
  'REFUSED', // Meshdeck will not make this change, and says why
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Why Meshdeck refused a change (code REFUSED): the UI and the CLI switch on this, never on the words. */
export const RefusalReason = z.enum([
  'no-control-plane', // no running istiod serves the revision the change needs
  'injector-unreachable', // that revision's injector did not answer a dry-run pod
  'ambient-unavailable', // ambient asked for, but no ztunnel runs
  'namespace-terminating',
  'revision-in-use', // namespaces or tags still select the revision to remove
  'default-revision-untagged', // the default revision goes only once the "default" tag points elsewhere
  'change-running', // another install, upgrade or removal holds the revision's lock
  'canary-driven', // another driver (a Meshdeck elsewhere, or this one's own) holds the rollout's Lease
  'tag-rejected', // istioctl could not generate the tag (no such revision, a name taken by a revision)
  'options-rejected', // istioctl refused the install options
  'bundle-missing', // the bundled istioctl or add-on is absent or fails its checksum
  'upgrade-step-not-ready', // an upgrade stage asked for out of order, or while another runs
  'nothing-installed', // uninstall or upgrade with no control plane in the cluster
  'canary-not-ready', // a canary rollout cannot start or take this control now (the plan or the phase says why)
  'drafts-full', // too many or too large unsaved drafts
  'kind-not-served', // a document's kind or version is not served by the cluster (its CRD missing)
  'wizard-not-applicable', // a wizard asked for an object it does not edit (another kind) or a rule the object lacks
]);
export type RefusalReason = z.infer<typeof RefusalReason>;

export const RpcErrorShape = z.object({
  code: ErrorCode,
  /** One plain-language sentence for the user. */
  message: z.string(),
  /** The technical detail behind it (server message, errno, plugin stderr...). Never a credential. */
  detail: z.string().optional(),
  /** For FORBIDDEN: what was refused. */
  forbidden: z.object({ verb: z.string(), resource: z.string(), group: z.string().optional(), namespace: z.string().optional() }).optional(),
  /** For REFUSED: why, as a reason the UI can switch on. */
  reason: RefusalReason.optional(),
  /**
   * For EXEC_PLUGIN_UNCONFIRMED: what would run (its arguments too, since `node script.js` or `sh -c …` is named
   * by them), and the kubeconfig file that asks for it.
   */
  plugin: z.object({ command: z.string(), args: z.array(z.string()).default([]), file: z.string() }).optional(),
  /** For KUBECONFIG_MALFORMED: where. */
  location: z.object({ file: z.string(), line: z.number().optional(), column: z.number().optional() }).optional(),
});
export type RpcErrorShape = z.infer<typeof RpcErrorShape>;

/** An error that crosses the contract intact. */
export class MeshdeckError extends Error {
  readonly code: ErrorCode;
  readonly shape: RpcErrorShape;
  constructor(shape: RpcErrorShape) {
    super(shape.message);
    this.name = 'MeshdeckError';
    this.code = shape.code;
    this.shape = shape;
  }
}

/** A refusal: Meshdeck will not do this, for `reason`, said in `message`. */
export function refusal(reason: RefusalReason, message: string, detail?: string): MeshdeckError {
  return new MeshdeckError({ code: 'REFUSED', reason, message, ...(detail ? { detail } : {}) });
}

export function toErrorShape(err: unknown): RpcErrorShape {
  if (err instanceof MeshdeckError) return err.shape;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: 'Something went wrong inside Meshdeck.', detail: message };
}
