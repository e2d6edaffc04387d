import { InstallOptions } from '../../../main/contract/install.js';
import { Hub, ImageTag, problemOf, RevisionName, SecretName, ValueKey, ValueText } from '../../../main/contract/names.js';
import { emptyPushForm, type PushForm } from '../images/push.js';

/** What the Options step edits: the form as the user sees it (strings, rows), not yet the contract's shape. */
export type Profile = InstallOptions['profile'];
/** public: Istio's own registry; mirror: a registry of the user's that already has the images; push: Meshdeck pushes its bundled images there first (air-gapped). */
export type ImageSource = 'public' | 'mirror' | 'push';

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

export const PROFILES: readonly { id: Profile; label: string; description: string; labelTestId: string }[] = [
  { id: 'minimal', label: 'Minimal', description: 'Only the control plane (istiod). Add gateways later, when you need them. Recommended.', labelTestId: 'profile-minimal' },
  { id: 'default', label: 'Default', description: 'The control plane plus an ingress gateway: the usual starting point for production.', labelTestId: 'profile-default' },
  { id: 'demo', label: 'Demo', description: 'Ingress and egress gateways, verbose access logs and tracing: for trying things out, not for production.', labelTestId: 'profile-demo' },
];

export const IMAGE_SOURCES: readonly { id: ImageSource; label: string; description: string; testId?: string }[] = [
  { id: 'public', label: 'Public registry', description: 'Istio’s own images, as published with this release. The nodes need to reach the internet.' },
  { id: 'mirror', label: 'Mirror registry', description: 'A registry of your own that holds copies of Istio’s images (for clusters without internet access).', testId: 'option-mirror' },
  {
    id: 'push',
    label: 'Push the bundled images to my registry (air-gapped)',
    description: 'Meshdeck carries Istio’s images: it pushes them into your registry and installs them pinned by digest. Nothing is pulled from the internet.',
    testId: 'image-source-push',
  },
];

/** Defaults a first-timer can accept: minimal profile, default revision, the public images. */
export function defaultDraft(revision = ''): OptionsDraft {
  return { profile: 'minimal', revision, imageSource: 'public', hub: '', tag: '', pullSecrets: '', values: [], push: emptyPushForm(), prometheus: false };
}

/** The form for options an install was made with (an unfinished install's record, to resume it as it was). */
export function draftFromOptions(options: InstallOptions): OptionsDraft {
  return {
    ...defaultDraft(options.revision),
    profile: options.profile,
    imageSource: options.hub ? 'mirror' : 'public',
    hub: options.hub ?? '',
    tag: options.tag ?? '',
    pullSecrets: options.imagePullSecrets.join(', '),
    values: Object.entries(options.values).map(([key, value], i) => ({ id: i + 1, key, value })),
    prometheus: options.prometheus ?? false,
  };
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

export function parsePullSecrets(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Checks every field and, when all are fine, builds the contract's InstallOptions. Pure: no DOM. */
export function validateDraft(draft: OptionsDraft): Validation {
  const errors: DraftErrors = { rows: {} };
  const revision = draft.revision.trim();
  const rev = problemOf(RevisionName, revision);
  if (rev) errors.revision = rev;

  // A push ends with a hub and a tag, like a mirror's: from then on it is validated and sent the same way.
  const mirror = draft.imageSource === 'mirror' || draft.imageSource === 'push';
  const hub = draft.hub.trim();
  const tag = draft.tag.trim();
  const secrets = parsePullSecrets(draft.pullSecrets);
  if (mirror) {
    if (!hub && draft.imageSource === 'push') errors.hub = 'Push the images to your registry first (the Push button below), or choose another image source.';
    else if (!hub) errors.hub = 'Enter the registry that mirrors Istio’s images, for example registry.example.com/istio.';
    else errors.hub = problemOf(Hub, hub);
    if (tag) errors.tag = problemOf(ImageTag, tag);
    const bad = secrets.filter((name) => problemOf(SecretName, name));
    if (bad.length) errors.pullSecrets = `${bad.join(', ')}: ${problemOf(SecretName, bad[0])}`;
    else errors.pullSecrets = problemOf(InstallOptions.shape.imagePullSecrets, secrets);
  }

  const values: Record<string, string> = {};
  const seen = new Map<string, number>();
  for (const row of draft.values) {
    const key = row.key.trim();
    const value = row.value.trim();
    if (!key && !value) continue; // an empty row is ignored
    const rowErrors: { key?: string; value?: string } = {};
    const keyProblem = problemOf(ValueKey, key);
    if (keyProblem) rowErrors.key = keyProblem;
    else if (seen.has(key)) rowErrors.key = 'This key is already set in another row.';
    const valueProblem = problemOf(ValueText, value);
    if (valueProblem) rowErrors.value = valueProblem;
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

/** The word that confirms an uninstall: it removes all of Istio, whatever the revisions. */
export const UNINSTALL_CONFIRM_WORD = 'istio';

export function confirmsUninstall(typed: string): boolean {
  return typed.trim() === UNINSTALL_CONFIRM_WORD;
}

/** "revision default", "revisions canary and default": every control plane an uninstall removes. */
export function revisionsText(revisions: readonly string[]): string {
  const names = revisions.map(revisionLabel);
  if (names.length <= 1) return `revision ${names[0] ?? 'default'}`;
  return `revisions ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "values.pilot.env.X=1" pasted as one line: split it into a key and a value. */
export function splitPair(text: string): { key: string; value: string } | undefined {
  const i = text.indexOf('=');
  if (i <= 0) return undefined;
  return { key: text.slice(0, i).trim(), value: text.slice(i + 1).trim() };
}
