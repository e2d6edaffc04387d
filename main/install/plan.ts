import { INSTALL_ORDER, type InstallPhase } from '../contract/install.js';
import { ISTIO_NAMESPACE, MANAGED_LABEL, type K8sObject } from './render.js';

const RBAC = new Set(['ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

export function isGateway(o: K8sObject): boolean {
  const l = o.metadata.labels ?? {};
  return /gateway/.test(l.istio ?? '') || /gateway/.test(l.app ?? '') || /Gateways$/.test(l['operator.istio.io/component'] ?? '');
}

export const ADDON_LABEL = 'meshdeck.io/addon';

export function phaseOf(o: K8sObject): InstallPhase {
  if (o.metadata.labels?.[ADDON_LABEL]) return 'addons';
  if (o.kind === 'CustomResourceDefinition') return 'crds';
  if (o.kind === 'Namespace') return 'namespace';
  if (RBAC.has(o.kind)) return 'rbac';
  if (o.kind === 'ConfigMap' || o.kind === 'Secret') return 'config';
  if (o.kind === 'MutatingWebhookConfiguration' || o.kind === 'ValidatingWebhookConfiguration') return 'webhooks';
  return isGateway(o) ? 'gateways' : 'control-plane';
}

/** istioctl creates its namespace itself rather than rendering it; Meshdeck applies one. */
export function namespaceObject(): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ISTIO_NAMESPACE, labels: { [MANAGED_LABEL]: 'meshdeck' } } };
}

export interface PlannedObject { phase: InstallPhase; object: K8sObject }

export function plan(objects: K8sObject[]): PlannedObject[] {
  const all = objects.some((o) => o.kind === 'Namespace' && o.metadata.name === ISTIO_NAMESPACE) ? objects : [namespaceObject(), ...objects];
  return all
    .map((object) => ({ phase: phaseOf(object), object }))
    .sort((a, b) => INSTALL_ORDER.indexOf(a.phase) - INSTALL_ORDER.indexOf(b.phase));
}

export function countsByKind(objects: K8sObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}

/** Container images the manifest deploys (the injector's templated proxy images aside). */
export function imagesOf(objects: K8sObject[]): string[] {
  const images = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'image' && typeof x === 'string' && !x.includes('{{')) images.add(x);
        else walk(x);
      }
    }
  };
  objects.filter((o) => o.kind !== 'ConfigMap').forEach(walk);
  return [...images].sort();
}
