import { z } from 'zod';
import { RpcErrorShape } from './errors.js';
import { Hub, ImageTag, RegistryHost, RepositoryPath, RevisionName, SecretName, ValueKey, ValueText } from './names.js';

/** Expert values are a handful in practice; the bound keeps one request (and its refusal) small. */
export const MAX_INSTALL_VALUES = 256;

/** What the user chooses in the install wizard; defaults a first-timer can accept. */
export const InstallOptions = z.object({
  profile: z.enum(['minimal', 'default', 'demo']).default('minimal'),
  /** Empty = the default revision. A DNS label otherwise (istiod-<revision>). */
  revision: RevisionName.default(''),
  /** Image registry and tag; empty = the pinned release's public hub. */
  hub: Hub.optional(),
  tag: ImageTag.optional(),
  imagePullSecrets: z.array(SecretName).max(10, 'At most 10 pull secrets.').default([]),
  /** Expert values, as istioctl --set key=value pairs. */
  values: z.record(ValueKey, ValueText)
    .refine((v) => Object.keys(v).length <= MAX_INSTALL_VALUES, `at most ${MAX_INSTALL_VALUES} values`).default({}),
  /** Istio's Prometheus add-on (samples/addons/prometheus.yaml of the pinned release), in istio-system. */
  prometheus: z.boolean().optional(),
}).strict();
export type InstallOptions = z.infer<typeof InstallOptions>;

export const ObjectRef = z.object({ apiVersion: z.string(), kind: z.string(), name: z.string(), namespace: z.string().optional() });
export type ObjectRef = z.infer<typeof ObjectRef>;

export const InstallPhase = z.enum(['crds', 'namespace', 'rbac', 'config', 'control-plane', 'webhooks', 'gateways', 'addons']);
export type InstallPhase = z.infer<typeof InstallPhase>;

/** The order a control plane is applied in: CRDs first (waited until Established), add-ons last. */
export const INSTALL_ORDER: readonly InstallPhase[] = InstallPhase.options;
/**
 * The order it is removed in: webhooks first (so nothing calls a vanishing istiod); the namespace
 * before the CRDs, because the namespace controller stalls when a kind it is emptying vanishes mid-way.
 */
export const UNINSTALL_ORDER: readonly InstallPhase[] = ['webhooks', 'addons', 'gateways', 'control-plane', 'config', 'rbac', 'namespace', 'crds'];

export const InstallPreview = z.object({
  version: z.string(),
  revision: z.string(),
  objects: z.array(ObjectRef.extend({ phase: InstallPhase })),
  countsByKind: z.record(z.string(), z.number()),
  images: z.array(z.string()),
  /** The full manifest, as applied (also what "export for GitOps" writes). */
  yaml: z.string(),
});
export type InstallPreview = z.infer<typeof InstallPreview>;

export const CheckResult = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['pass', 'warn', 'fail']),
  detail: z.string(),
  fix: z.string().optional(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const PrecheckReport = z.object({ ok: z.boolean(), checks: z.array(CheckResult) });
export type PrecheckReport = z.infer<typeof PrecheckReport>;

/** Something that keeps a rollout from finishing, in plain words. */
export const Blocker = z.object({
  reason: z.enum(['taint', 'insufficient-resources', 'image-pull', 'webhook', 'crash', 'pending', 'other']),
  message: z.string(),
  fix: z.string().optional(),
  pod: z.string().optional(),
  detail: z.string().optional(),
});
export type Blocker = z.infer<typeof Blocker>;

export const VerifyReport = z.object({
  ok: z.boolean(),
  version: z.string().optional(),
  revision: z.string(),
  checks: z.array(CheckResult),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

export const InstallEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('phase'), phase: InstallPhase, index: z.number(), of: z.number() }),
  z.object({ type: z.literal('object'), object: ObjectRef, result: z.enum(['applied', 'deleted', 'absent']), elapsedMs: z.number() }),
  z.object({ type: z.literal('waiting'), what: z.string(), blockers: z.array(Blocker), elapsedMs: z.number() }),
  z.object({
    type: z.literal('done'), verify: VerifyReport.optional(), elapsedMs: z.number(),
    /** After an uninstall: namespaces whose labels still point at the removed mesh (their pods keep orphaned proxies until restarted). */
    labelledNamespaces: z.array(z.string()).optional(),
  }),
  z.object({ type: z.literal('failed'), error: RpcErrorShape, elapsedMs: z.number() }),
]);
export type InstallEvent = z.infer<typeof InstallEvent>;

export const UninstallReport = z.object({ removed: z.number(), leftovers: z.array(ObjectRef) });
export type UninstallReport = z.infer<typeof UninstallReport>;

/** Where to push the bundled images (air-gapped installs). Credentials stay in the core after this call. */
export const PushTarget = z.object({
  registry: RegistryHost,
  repository: RepositoryPath.default('istio'),
  insecure: z.boolean().default(false),
  username: z.string().max(200).optional(),
  password: z.string().max(4000).optional(),
}).strict();
export type PushTarget = z.infer<typeof PushTarget>;

export const PushedImage = z.object({ name: z.string(), tag: z.string(), reference: z.string(), digest: z.string() });

export const PushEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pushing'), name: z.string() }),
  z.object({ type: z.literal('pushed'), image: PushedImage }),
  /** Install values that pin the pushed images by digest. */
  z.object({ type: z.literal('done'), values: z.record(z.string(), z.string()) }),
]);
export type PushEvent = z.infer<typeof PushEvent>;

export const RevisionInfo = z.object({
  revision: z.string(),
  version: z.string().optional(),
  ready: z.boolean(),
  /** Namespaces whose labels select this revision (directly, through a tag, or istio-injection for default). */
  namespaces: z.array(z.string()),
  /** The install record Meshdeck keeps for it, when Meshdeck installed it. */
  record: z.object({ state: z.string(), phase: z.string(), updatedAt: z.string(), options: InstallOptions }).optional(),
});
export const MeshInstallStatus = z.object({
  revisions: z.array(RevisionInfo),
  tags: z.array(z.object({ tag: z.string(), revision: z.string() })),
});
export type MeshInstallStatus = z.infer<typeof MeshInstallStatus>;
