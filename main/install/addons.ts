import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { MeshdeckError } from '../contract/errors.js';
import { readPins } from '../sandbox/pins.js';
import { ADDON_LABEL } from './plan.js';
import { ISTIO_NAMESPACE, MANAGED_LABEL, parseManifest, type K8sObject } from './render.js';

/** The bundled copy (build/istio/bundle-istioctl.sh puts it there), else the pinned module's own. */
const BUNDLED = fileURLToPath(new URL('../../resources/istio/addons/prometheus.yaml', import.meta.url));

export function prometheusAddonPath(): string {
  if (existsSync(BUNDLED)) return BUNDLED;
  try {
    const modcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
    const dev = join(modcache, `istio.io/istio@${readPins().ISTIO_MODULE_VERSION}`, 'samples/addons/prometheus.yaml');
    if (existsSync(dev)) return dev;
  } catch { /* no Go here */ }
  throw new MeshdeckError({ code: 'NOT_FOUND', message: 'The Prometheus add-on is not bundled with this build.', detail: `${BUNDLED} is missing; run build/istio/bundle-istioctl.sh` });
}

/** Istio's Prometheus add-on, in the control plane's namespace, labelled so plan and uninstall know it. */
export function prometheusAddon(): K8sObject[] {
  return parseManifest(readFileSync(prometheusAddonPath(), 'utf8')).map((o) => {
    if (o.metadata.namespace !== undefined || !['ClusterRole', 'ClusterRoleBinding'].includes(o.kind)) o.metadata.namespace = ISTIO_NAMESPACE;
    o.metadata.labels = { ...o.metadata.labels, [MANAGED_LABEL]: 'meshdeck', [ADDON_LABEL]: 'prometheus' };
    return o;
  });
}
