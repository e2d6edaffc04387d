import type { ClusterConnection } from '../kube/connection.js';

/** Install values a kind of cluster needs of its own, by revision (the built-in sandbox's local istiod webhooks). */
export type ClusterValues = (revision: string) => Record<string, string>;

/** A ConfigMap that marks a cluster as one that asks for values of its own. */
export interface ClusterMarker { namespace: string; name: string; values: ClusterValues }

/**
 * The one place where a cluster can ask for install values of its own: when it carries the marker
 * ConfigMap, its values; any other cluster gets none. The marker and its values are passed in by the
 * composition root, so the installer never depends on where they come from.
 */
export async function clusterInstallOverrides(conn: ClusterConnection, revision: string, markers: readonly ClusterMarker[]): Promise<Record<string, string>> {
  for (const m of markers) {
    try {
      await conn.requestJson('GET', `/api/v1/namespaces/${encodeURIComponent(m.namespace)}/configmaps/${encodeURIComponent(m.name)}`);
      return m.values(revision);
    } catch { /* not this kind of cluster */ }
  }
  return {};
}
