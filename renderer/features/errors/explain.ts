import type { ErrorCode, RefusalReason, RpcErrorShape } from '../../../main/contract/errors.js';

/** What the UI says for one error code: a plain-language title and what the user can do about it. */
export interface ErrorText {
  title: string;
  hint: string;
}

/**
 * THE one mapping from every error code to words. `Record<ErrorCode, …>` makes the compiler refuse a
 * missing code; the unit test checks the same at run time against ErrorCode.options.
 */
export const ERROR_TEXT: Record<ErrorCode, ErrorText> = {
  BAD_REQUEST: {
    title: 'Meshdeck sent or received a request it could not understand',
    hint: 'This is a bug in Meshdeck rather than in your cluster. Try again; if it keeps happening, report it with the technical detail below.',
  },
  NOT_FOUND: {
    title: 'That no longer exists',
    hint: 'It may have been renamed or removed, for example from your kubeconfig. Go back to the context list and pick it again.',
  },
  INTERNAL: {
    title: 'Something went wrong inside Meshdeck',
    hint: 'Try again. If it keeps happening, report it with the technical detail below.',
  },
  KUBECONFIG_MALFORMED: {
    title: 'A kubeconfig file could not be read',
    hint: 'Fix the file at the place shown (it must be valid YAML in the kubeconfig format), or remove it from the KUBECONFIG variable.',
  },
  CONTEXT_INCOMPLETE: {
    title: 'This context is incomplete',
    hint: 'The context names a cluster or a user that no kubeconfig file defines. Add the missing entry, or fix the name in the context.',
  },
  UNREACHABLE: {
    title: "The cluster's API server did not answer",
    hint: 'Check that the cluster is running and the server address in your kubeconfig is right.',
  },
  TIMEOUT: {
    title: "The cluster's API server took too long to answer",
    hint: 'The cluster may be overloaded, starting up, or behind a slow network or VPN. Check your connection and try again.',
  },
  DNS: {
    title: "The cluster's server name could not be found",
    hint: 'Check the server address in your kubeconfig for typos, and that you are on the network (or VPN) where that name resolves.',
  },
  TLS_UNKNOWN_AUTHORITY: {
    title: "The cluster's certificate is signed by an authority your kubeconfig does not trust",
    hint: "Put the cluster's CA certificate in the kubeconfig (certificate-authority or certificate-authority-data). Something between you and the cluster (a proxy) may also be replacing the certificate.",
  },
  TLS_CERT_EXPIRED: {
    title: "The cluster's certificate has expired (or is not valid yet)",
    hint: "Renew the cluster's certificates, and check that your computer's clock is right.",
  },
  TLS_HOSTNAME_MISMATCH: {
    title: "The cluster's certificate does not match the server address",
    hint: 'Connect using a name or address listed in the certificate, or set tls-server-name in the kubeconfig.',
  },
  TLS_OTHER: {
    title: 'A secure connection to the cluster could not be set up',
    hint: "Check the certificate settings in your kubeconfig and the cluster's TLS configuration; the technical detail below says what failed.",
  },
  PROXY: {
    title: 'The proxy between you and the cluster did not let the connection through',
    hint: 'Check the proxy-url in your kubeconfig (or the HTTPS_PROXY variable), that the proxy is running, and that it allows this cluster.',
  },
  UNAUTHORIZED: {
    title: 'The cluster did not accept your credentials',
    hint: 'Your token or certificate may have expired or been revoked. Log in again (or refresh the credentials in your kubeconfig).',
  },
  FORBIDDEN: {
    title: 'Your account is not allowed to do this',
    hint: 'Ask a cluster administrator for the permission named above (a Role or ClusterRole bound to your user), or use a context with more rights.',
  },
  EXEC_PLUGIN_MISSING: {
    title: 'The credential plugin for this context is not installed',
    hint: 'Install the credential plugin or fix PATH so that Meshdeck can find it, then check again.',
  },
  EXEC_PLUGIN_FAILED: {
    title: 'The credential plugin for this context failed',
    hint: 'Read what the plugin said below. Often you need to log in again with the tool behind it (for example your cloud CLI).',
  },
  EXEC_PLUGIN_UNCONFIRMED: {
    title: 'This context runs a credential plugin you have not confirmed',
    hint: 'Meshdeck runs a program named in a kubeconfig file only after you confirm it once for that file. Open this context in the context list to see the program and the file, and confirm only if you expect that program to log you in to this cluster.',
  },
  CREDENTIALS_UNREADABLE: {
    title: 'A certificate, key or token file of this context cannot be read',
    hint: 'Check that the file named in the kubeconfig exists and that your user may read it.',
  },
  CANCELLED: {
    title: 'The request was stopped before it finished',
    hint: 'Try again. If the connection to the Meshdeck core was lost, reconnect first.',
  },
  SANDBOX: {
    title: 'The built-in sandbox cluster ran into a problem',
    hint: 'Read the detail below, then try starting the sandbox again.',
  },
  CONFLICT: {
    title: 'It changed in the cluster after Meshdeck read it',
    hint: 'Someone or something else changed it in the meantime, so nothing was changed. Review it again as it is now, then retry.',
  },
  GONE: {
    title: 'The cluster no longer keeps the version Meshdeck asked for',
    hint: 'Meshdeck fell too far behind the changes in the cluster. It reads everything again; if this keeps happening, the API server may be overloaded.',
  },
  REFUSED: {
    title: 'Meshdeck will not make this change',
    hint: 'The reason is given above. Fix what it names (for example install the missing revision first), or choose another change.',
  },
};

/**
 * A refusal's words by its reason (code REFUSED): what Meshdeck would not do, and what the user can change so
 * that it will. The server's message names the particulars (which namespaces, which tag).
 */
export const REFUSAL_TEXT: Record<RefusalReason, ErrorText> = {
  'no-control-plane': {
    title: 'No running control plane serves this revision',
    hint: 'Install the revision first, or choose one whose istiod is running, then try again.',
  },
  'injector-unreachable': {
    title: 'The revision’s sidecar injector did not answer',
    hint: 'Check that its istiod pods are ready and that the API server can reach the injection webhook, then check again.',
  },
  'ambient-unavailable': {
    title: 'Ambient mode is not available in this cluster',
    hint: 'Ambient needs ztunnel running on the nodes: install Istio with ambient support, or choose sidecar injection.',
  },
  'namespace-terminating': {
    title: 'The namespace is being deleted',
    hint: 'A namespace that is terminating cannot change. Wait until it is gone, or choose another.',
  },
  'revision-in-use': {
    title: 'The revision is still needed, so it was not removed',
    hint: 'Move the namespaces named above to another revision and point the tags named above elsewhere (the upgrade’s stages, or the Tags editor), then try again.',
  },
  'default-revision-untagged': {
    title: 'The default revision still stands behind the “default” tag',
    hint: 'Point the “default” tag at the new revision (the Tags stage or the Tags editor) before removing the default revision.',
  },
  'change-running': {
    title: 'Another change to this control plane is running',
    hint: 'An install, upgrade or removal holds its lock, in this window or elsewhere (another Meshdeck, the command line). Wait until it ends, then try again.',
  },
  'canary-driven': {
    title: 'Someone else drives this rollout now',
    hint: 'One driver at a time moves a rollout: the one holding its lock (another window or Meshdeck, or the command line). Use the controls there, or wait until it stops driving.',
  },
  'tag-rejected': {
    title: 'The tag could not be set',
    hint: 'Read what istioctl said below: usually the revision does not exist (any more) or the tag name is taken by a revision.',
  },
  'options-rejected': {
    title: 'istioctl refused the install options',
    hint: 'Change the options it names (usually an advanced value or the image settings), then try again.',
  },
  'bundle-missing': {
    title: 'The Istio tools bundled with Meshdeck are missing or damaged',
    hint: 'Install Meshdeck again (or build the bundle again with build/istio); the technical detail says which file is missing or failed its check.',
  },
  'upgrade-step-not-ready': {
    title: 'This step of the upgrade cannot run now',
    hint: 'The upgrade’s steps run in order, one at a time, and it may have moved on elsewhere. Read the revisions again, then run the step offered.',
  },
  'nothing-installed': {
    title: 'No Istio control plane runs in this cluster',
    hint: 'There is nothing to change yet: install Istio first.',
  },
  'kind-not-served': {
    title: 'This cluster does not serve that kind of object',
    hint: 'Check the apiVersion and kind, or install what defines it (Istio, or the Gateway API CRDs) first.',
  },
  'wizard-not-applicable': {
    title: 'This wizard does not edit that object',
    hint: 'The reason is given above: open the wizard on an object of the kind it edits (a VirtualService or a DestinationRule), at a rule the object has.',
  },
  'canary-not-ready': {
    title: 'The canary rollout cannot do that now',
    hint: 'The reason is given above: fix what the rollout’s plan names, or wait until its phase allows this step, then try again.',
  },
  'drafts-full': {
    title: 'Too many unsaved drafts',
    hint: 'Apply, export or close some of the open drafts, then try again.',
  },
};

/** The words of an error: its refusal reason's when it has one, else its code's. */
export function errorText(error: Pick<RpcErrorShape, 'code' | 'reason'>): ErrorText {
  if (error.code === 'REFUSED' && error.reason) return REFUSAL_TEXT[error.reason];
  return ERROR_TEXT[error.code] ?? ERROR_TEXT.INTERNAL;
}

export interface Explanation {
  code: ErrorCode;
  title: string;
  /** The server's own sentence for this occurrence (may repeat the title's idea in its own words). */
  message: string;
  hint: string;
  /** Extra plain sentences: what was refused, where a file is broken. */
  facts: string[];
  /** Where a file is broken, as `file:line:column`. */
  location?: string;
  /** Technical detail (server message, errno, plugin stderr), never a credential. */
  detail?: string;
  detailLabel: string;
  /** Open the detail by default (the plugin's own output is the main clue). */
  detailOpen: boolean;
}

const VERB_WORDS: Record<string, string> = { get: 'read', list: 'list', watch: 'watch', create: 'create', update: 'change', patch: 'change', delete: 'delete', deletecollection: 'delete' };

/** "Your account (context X) is not allowed to list nodes (verb list, resource nodes)". */
export function describeForbidden(forbidden: NonNullable<RpcErrorShape['forbidden']>, context?: string): string {
  const who = context ? `Your account (context ${context})` : 'Your account';
  const action = VERB_WORDS[forbidden.verb] ?? forbidden.verb;
  const where = forbidden.namespace ? ` in namespace ${forbidden.namespace}` : '';
  const technical = [`verb ${forbidden.verb}`, `resource ${forbidden.resource}`];
  if (forbidden.group) technical.push(`group ${forbidden.group}`);
  if (forbidden.namespace) technical.push(`namespace ${forbidden.namespace}`);
  return `${who} is not allowed to ${action} ${forbidden.resource}${where} (${technical.join(', ')}).`;
}

export function formatLocation(location: NonNullable<RpcErrorShape['location']>): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

/** Turns an error from the core into what the user reads. `context` names the account in FORBIDDEN sentences. */
export function explain(error: RpcErrorShape, options: { context?: string } = {}): Explanation {
  const text = errorText(error);
  const facts: string[] = [];
  // For a refusal, the plain sentence of what was refused is the title itself.
  const title = error.forbidden ? describeForbidden(error.forbidden, options.context) : text.title;
  const location = error.location ? formatLocation(error.location) : undefined;
  if (location) {
    const line = error.location?.line;
    facts.push(line !== undefined ? `The problem is in ${error.location?.file}, line ${line}.` : `The problem is in ${error.location?.file}.`);
  }
  const isPlugin = error.code === 'EXEC_PLUGIN_FAILED';
  const detail = error.detail?.trim() ? error.detail : undefined;
  return {
    code: error.code,
    title,
    message: error.message,
    hint: text.hint,
    facts,
    ...(location ? { location } : {}),
    ...(detail ? { detail } : {}),
    detailLabel: isPlugin ? 'What the credential plugin said' : 'Technical detail',
    detailOpen: isPlugin,
  };
}

/** A one-line summary for compact places (list rows, badges' neighbours). */
export function shortExplanation(error: RpcErrorShape): string {
  return errorText(error).title;
}
