import { existsSync, readFileSync } from 'node:fs';
import { refusal } from '../contract/errors.js';
import { ADDON_LABEL } from './plan.js';
import { RESOURCES } from './release.js';
import { ISTIO_NAMESPACE, MANAGED_LABEL, parseManifest, type K8sObject } from './render.js';

/** Istio's Prometheus add-on of the pinned release, bundled beside istioctl (build/istio/bundle-istioctl.sh). */
export const PROMETHEUS_ADDON = `${RESOURCES}addons/prometheus.yaml`;

/** Istio's Prometheus add-on, in the control plane's namespace, labelled so plan and uninstall know it. */
export function prometheusAddon(): K8sObject[] {
  if (!existsSync(PROMETHEUS_ADDON)) throw refusal('bundle-missing', 'The Prometheus add-on is not bundled with this build.', `${PROMETHEUS_ADDON} is missing`);
  return parseManifest(readFileSync(PROMETHEUS_ADDON, 'utf8')).map((o) => {
    if (o.metadata.namespace !== undefined || !['ClusterRole', 'ClusterRoleBinding'].includes(o.kind)) o.metadata.namespace = ISTIO_NAMESPACE;
    o.metadata.labels = { ...o.metadata.labels, [MANAGED_LABEL]: 'meshdeck' };
    o.metadata.labels[ADDON_LABEL] = 'prometheus';
    return o;
  });
}
