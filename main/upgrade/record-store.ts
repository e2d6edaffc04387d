import { UpgradeRecord } from '../contract/upgrade.js';
import { MeshdeckError } from '../contract/errors.js';
import type { ClusterConnection } from '../kube/connection.js';
import { ISTIO_NAMESPACE, MANAGED_LABEL } from '../install/render.js';

/**
 * The upgrade's record lives in the cluster, beside the control plane it changes: the UI, the CLI and
 * another machine all see the same upgrade, and closing the app loses nothing. The uninstall removes it
 * with everything else in the control plane's namespace.
 */
const NAME = 'meshdeck-upgrade';
const PATH = `/api/v1/namespaces/${ISTIO_NAMESPACE}/configmaps/${NAME}`;

export async function readRecord(conn: ClusterConnection): Promise<UpgradeRecord | undefined> {
  try {
    const cm = await conn.requestJson<{ data?: { upgrade?: string } }>('GET', PATH);
    const parsed = UpgradeRecord.safeParse(JSON.parse(cm.data?.upgrade ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch (e) {
    if (e instanceof MeshdeckError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}

export async function writeRecord(conn: ClusterConnection, record: UpgradeRecord): Promise<void> {
  const body = {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: NAME, namespace: ISTIO_NAMESPACE, labels: { [MANAGED_LABEL]: 'meshdeck' } },
    data: { upgrade: JSON.stringify({ ...record, updatedAt: new Date().toISOString() }) },
  };
  await conn.requestJson('PATCH', `${PATH}?fieldManager=meshdeck&force=true`, { body, contentType: 'application/apply-patch+yaml' });
}

export async function deleteRecord(conn: ClusterConnection): Promise<void> {
  await conn.requestJson('DELETE', PATH).catch((e: unknown) => {
    if (!(e instanceof MeshdeckError && e.code === 'NOT_FOUND')) throw e;
  });
}

/** Only one Meshdeck drives the upgrade at a time. */
export const UPGRADE_LOCK = { name: 'meshdeck-upgrade', what: 'upgrade step' };
