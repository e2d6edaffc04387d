import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { MeshdeckError, refusal } from '../contract/errors.js';
import type { InstallOptions } from '../contract/install.js';

const run = promisify(execFile);

/** A Kubernetes object as rendered by istioctl: only what Meshdeck reads is typed. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

/** Every object Meshdeck applies carries this label, so leftovers can be found without the manifest. */
export const MANAGED_LABEL = 'meshdeck.io/managed-by';
export const ISTIO_NAMESPACE = 'istio-system';

/** istioctl --set arguments for the user's options plus cluster-specific overrides (the sandbox's webhooks). */
export function istioctlSets(o: InstallOptions, overrides: Record<string, string> = {}): string[] {
  const sets: Record<string, string> = { profile: o.profile };
  if (o.revision) sets.revision = o.revision;
  // The default revision also validates objects without an istio.io/rev label (what istioctl's
  // post-install "default tag" step adds; rendered here so Meshdeck applies and removes it like the rest).
  else sets['values.defaultRevision'] = 'default';
  if (o.hub) sets.hub = o.hub;
  if (o.tag) sets.tag = o.tag;
  o.imagePullSecrets.forEach((s, i) => { sets[`values.global.imagePullSecrets[${i}]`] = s; });
  Object.assign(sets, o.values, overrides);
  return Object.entries(sets).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
}

export function parseManifest(yamlText: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(yamlText)) {
    if (doc.errors.length) throw new MeshdeckError({ code: 'INTERNAL', message: 'istioctl rendered YAML that does not parse.', detail: doc.errors[0]!.message });
    const o = doc.toJS() as K8sObject | null;
    if (o && typeof o === 'object' && o.kind) objects.push(o);
  }
  return objects;
}

/** Renders the control plane with the pinned istioctl; Meshdeck applies the result itself. */
export async function renderManifest(istioctl: string, o: InstallOptions, overrides: Record<string, string> = {}): Promise<K8sObject[]> {
  try {
    const { stdout } = await run(istioctl, ['manifest', 'generate', ...istioctlSets(o, overrides)], { maxBuffer: 256 << 20 });
    const objects = parseManifest(stdout);
    for (const obj of objects) {
      obj.metadata.labels = { ...obj.metadata.labels, [MANAGED_LABEL]: 'meshdeck' };
    }
    return objects;
  } catch (err) {
    if (err instanceof MeshdeckError) throw err;
    const stderr = String((err as { stderr?: string }).stderr ?? err).trim();
    throw refusal('options-rejected', 'istioctl refused these install options.', stderr.split('\n').slice(-5).join('\n'));
  }
}
