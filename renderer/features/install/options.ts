import { InstallOptions, type PushEvent } from '../../../main/contract/install.js';

/** One image a push put in the user's registry, pinned by digest. */
export type PushedImage = Extract<PushEvent, { type: 'pushed' }>['image'];

/** What the Options step edits: the form as the user sees it (strings, rows), not yet the contract's shape. */
export type Profile = InstallOptions['profile'];
/** public: Istio's own registry; mirror: a registry of the user's that already has the images; push: Meshdeck pushes its bundled images there first (air-gapped). */
export type ImageSource = 'public' | 'mirror' | 'push';

/** The push form (option c), without the password: that one is never kept. */
export interface PushForm {
  registry: string;
  repository: string;
  /** The registry speaks plain HTTP. */
  insecure: boolean;
  username: string;
  /** What the last finished push gave: where the images are, and the values that pin them by digest. */
  pushed?: PushResult;
}

export interface PushResult {
  registry: string;
  repository: string;
  /** registry/repository: the hub the install pulls from. */
  hub: string;
  tag: string;
  values: Record<string, string>;
  images: PushedImage[];
}

export interface ValueRow {
  /** Stable React key for the row; not sent anywhere. */
  id: number;
  key: string;
  value: string;
}

export interface OptionsDraft {
  profile: Profile;
  revision: string;
  imageSource: ImageSource;
  hub: string;
  tag: string;
  /** Pull secret names, separated by commas, spaces or new lines. */
  pullSecrets: string;
  values: ValueRow[];
  push: PushForm;
  /** Istio's Prometheus add-on. */
  prometheus: boolean;
}

export const PROFILES: readonly { id: Profile; label: string; description: string }[] = [
  { id: 'minimal', label: 'Minimal', description: 'Only the control plane (istiod). Add gateways later, when you need them. Recommended.' },
  { id: 'default', label: 'Default', description: 'The control plane plus an ingress gateway: the usual starting point for production.' },
  { id: 'demo', label: 'Demo', description: 'Ingress and egress gateways, verbose access logs and tracing: for trying things out, not for production.' },
];

/** Defaults a first-timer can accept: minimal profile, default revision, the public images. */
export function defaultDraft(revision = ''): OptionsDraft {
  return { profile: 'minimal', revision, imageSource: 'public', hub: '', tag: '', pullSecrets: '', values: [], push: { registry: '', repository: 'istio', insecure: false, username: '' }, prometheus: false };
}

export interface DraftErrors {
  revision?: string;
  hub?: string;
  tag?: string;
  pullSecrets?: string;
  /** Per row id: what is wrong with that row's key or value. */
  rows: Record<number, { key?: string; value?: string }>;
}

export interface Validation {
  valid: boolean;
  errors: DraftErrors;
  /** The contract's input, when valid. */
  options?: InstallOptions;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** registry[:port][/path…], no scheme, no tag. */
const HUB = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** An istioctl --set path: no spaces, no '='. */
const VALUE_KEY = /^[^\s=]+$/;

export function parsePullSecrets(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The revision rule is the contract's own (a DNS label, or empty for the default revision). */
export function revisionError(revision: string): string | undefined {
  const r = InstallOptions.shape.revision.safeParse(revision);
  if (r.success) return undefined;
  if (revision.length > 40) return 'A revision is at most 40 characters long.';
  if (/[A-Z]/.test(revision)) return 'Use lower-case letters: a revision is lower-case letters, digits and dashes.';
  if (/^-|-$/.test(revision)) return 'A revision starts and ends with a letter or a digit.';
  return 'A revision is lower-case letters, digits and dashes (for example 1-24 or canary), or empty for the default.';
}

/** Checks every field and, when all are fine, builds the contract's InstallOptions. Pure: no DOM. */
export function validateDraft(draft: OptionsDraft): Validation {
  const errors: DraftErrors = { rows: {} };
  const revision = draft.revision.trim();
  const rev = revisionError(revision);
  if (rev) errors.revision = rev;

  // A push ends with a hub and a tag, like a mirror's: from then on it is validated and sent the same way.
  const mirror = draft.imageSource === 'mirror' || draft.imageSource === 'push';
  const hub = draft.hub.trim();
  const tag = draft.tag.trim();
  const secrets = parsePullSecrets(draft.pullSecrets);
  if (mirror) {
    if (!hub && draft.imageSource === 'push') errors.hub = 'Push the images to your registry first (the Push button below), or choose another image source.';
    else if (!hub) errors.hub = 'Enter the registry that mirrors Istio’s images, for example registry.example.com/istio.';
    else if (/^[a-z]+:\/\//i.test(hub)) errors.hub = 'Leave out the scheme: registry.example.com/istio, not https://registry.example.com/istio.';
    else if (hub.length > 253 || !HUB.test(hub)) errors.hub = 'This is not a registry path. Use host[:port]/path, for example registry.example.com/istio.';
    if (tag && !TAG.test(tag)) errors.tag = 'A tag is letters, digits, “_”, “.” and “-” (at most 128), for example 1.24.2.';
    const bad = secrets.filter((s) => s.length > 253 || !DNS_SUBDOMAIN.test(s));
    if (bad.length) errors.pullSecrets = `Not a Secret name: ${bad.join(', ')}. Names are lower-case letters, digits, “-” and “.”.`;
    else if (secrets.length > 10) errors.pullSecrets = 'At most 10 pull secrets.';
  }

  const values: Record<string, string> = {};
  const seen = new Map<string, number>();
  for (const row of draft.values) {
    const key = row.key.trim();
    const value = row.value.trim();
    if (!key && !value) continue; // an empty row is ignored
    const rowErrors: { key?: string; value?: string } = {};
    if (!key) rowErrors.key = 'Enter the key for this value.';
    else if (!VALUE_KEY.test(key)) rowErrors.key = 'A key has no spaces and no “=”, for example values.pilot.traceSampling.';
    else if (key.length > 200) rowErrors.key = 'A key is at most 200 characters long.';
    else if (seen.has(key)) rowErrors.key = 'This key is already set in another row.';
    if (value.length > 2000) rowErrors.value = 'A value is at most 2000 characters long.';
    if (rowErrors.key || rowErrors.value) errors.rows[row.id] = rowErrors;
    else {
      seen.set(key, row.id);
      values[key] = value;
    }
  }

  const valid = !errors.revision && !errors.hub && !errors.tag && !errors.pullSecrets && Object.keys(errors.rows).length === 0;
  if (!valid) return { valid, errors };
  const options: InstallOptions = {
    profile: draft.profile,
    revision,
    ...(mirror ? { hub } : {}),
    ...(mirror && tag ? { tag } : {}),
    imagePullSecrets: mirror ? secrets : [],
    values,
    ...(draft.prometheus ? { prometheus: true } : {}),
  };
  // The contract has the last word (lengths, shapes): what it refuses is never sent.
  const parsed = InstallOptions.safeParse(options);
  if (!parsed.success) return { valid: false, errors: { ...errors, revision: errors.revision ?? parsed.error.issues[0]?.message } };
  return { valid: true, errors, options: parsed.data };
}

/** The contract's input, or undefined while the form has errors. */
export function toInstallOptions(draft: OptionsDraft): InstallOptions | undefined {
  return validateDraft(draft).options;
}

/** A stable key for options: equal options give equal keys whatever the order of values. */
export function optionsKey(options: InstallOptions): string {
  const values = Object.fromEntries(Object.entries(options.values).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({
    profile: options.profile,
    revision: options.revision,
    hub: options.hub ?? '',
    tag: options.tag ?? '',
    imagePullSecrets: options.imagePullSecrets,
    values,
    prometheus: options.prometheus ?? false,
  });
}

export function revisionLabel(revision: string): string {
  return revision ? revision : 'default';
}

/** "minimal profile · default revision · public images": one line for summaries. */
export function describeOptions(options: InstallOptions): string {
  const parts = [`${options.profile} profile`, `revision ${revisionLabel(options.revision)}`];
  parts.push(options.hub ? `images from ${options.hub}${options.tag ? `:${options.tag}` : ''}` : 'public images');
  if (options.prometheus) parts.push('Prometheus add-on');
  const n = Object.keys(options.values).length;
  if (n) parts.push(`${n} advanced value${n === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** Name that confirms an uninstall: "istio" always; the revision's name too when it is not the default. */
export function uninstallConfirmWords(revision: string): string[] {
  return revision && revision !== 'istio' ? ['istio', revision] : ['istio'];
}

export function confirmsUninstall(typed: string, revision: string): boolean {
  return uninstallConfirmWords(revision).includes(typed.trim());
}

/** "values.pilot.env.X=1" pasted as one line: split it into a key and a value. */
export function splitPair(text: string): { key: string; value: string } | undefined {
  const i = text.indexOf('=');
  if (i <= 0) return undefined;
  return { key: text.slice(0, i).trim(), value: text.slice(i + 1).trim() };
}
