import { CoreV1Api } from '@kubernetes/client-node';
import type { ClusterConnection } from '../kube/connection.js';
import { SANDBOX_MARKER, sandboxIstioInstallValues } from '../sandbox/istio-ports.js';

/**
 * The one place where a cluster can ask for install values of its own. Today only the built-in sandbox
 * does (its istiod runs on the host, so the webhooks must point at localhost); it says so with a marker
 * ConfigMap. Any other cluster gets no overrides.
 */
export async function clusterInstallOverrides(conn: ClusterConnection, revision: string): Promise<Record<string, string>> {
  try {
    await conn.kc.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name: SANDBOX_MARKER.name, namespace: SANDBOX_MARKER.namespace });
  } catch {
    return {};
  }
  return sandboxIstioInstallValues(revision);
}
