import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusal } from '../contract/errors.js';
import { bundlePaths } from '../platform/bundle-paths.js';
import { ADDON_LABEL } from './plan.js';
import { ISTIO_NAMESPACE, MANAGED_LABEL, parseManifest, type K8sObject } from './render.js';

/** Istio's Prometheus add-on of the pinned release, bundled beside istioctl (build/istio/bundle-istioctl.sh). */
export function prometheusAddonPath(istioDir = bundlePaths().istioDir): string {
  return join(istioDir, 'addons', 'prometheus.yaml');
}

/** Istio's Prometheus add-on, in the control plane's namespace, labelled so plan and uninstall know it. */
export function prometheusAddon(file = prometheusAddonPath()): K8sObject[] {
  if (!existsSync(file)) throw refusal('bundle-missing', 'The Prometheus add-on is not bundled with this build.', `${file} is missing`);
  return parseManifest(readFileSync(file, 'utf8')).map((o) => {
    if (o.metadata.namespace !== undefined || !['ClusterRole', 'ClusterRoleBinding'].includes(o.kind)) o.metadata.namespace = ISTIO_NAMESPACE;
    o.metadata.labels = { ...o.metadata.labels, [MANAGED_LABEL]: 'meshdeck' };
    o.metadata.labels[ADDON_LABEL] = 'prometheus';
    return o;
  });
}
