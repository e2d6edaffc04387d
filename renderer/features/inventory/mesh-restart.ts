import type { RpcErrorShape } from '../../../main/contract/errors.js';
import type { MeshRestartEvent, WorkloadRef } from '../../../main/contract/inventory.js';
import type { RestartRowData } from '../install/RestartRows.js';

/** A namespace's restart as `mesh.restart` reports it: one row per workload, then the totals. */
export interface MeshRestartProgress {
  status: 'running' | 'done' | 'failed';
  rows: RestartRowData[];
  restarted: number;
  failed: number;
  /** Why the stream itself failed (not a workload). */
  error?: RpcErrorShape;
}

export const startedRestart = (): MeshRestartProgress => ({ status: 'running', rows: [], restarted: 0, failed: 0 });

export function reduceMeshRestart(p: MeshRestartProgress, event: MeshRestartEvent, namespace: string): MeshRestartProgress {
  if (event.type === 'done') return { ...p, status: 'done', restarted: event.restarted, failed: event.failed };
  const row: RestartRowData = {
    namespace,
    kind: event.kind,
    name: event.name,
    state: event.state,
    updated: event.updated,
    desired: event.desired,
    // A failed workload without a verdict on its proxy never got ready pods to check.
    proxy: event.proxy ?? (event.state === 'failed' ? 'unknown' : undefined),
    ...(event.proxyRevision !== undefined ? { proxyRevision: event.proxyRevision } : {}),
    ...(event.detail !== undefined ? { detail: event.detail } : {}),
  };
  const i = p.rows.findIndex((r) => r.kind === event.kind && r.name === event.name);
  const rows = i < 0 ? [...p.rows, row] : p.rows.map((r, j) => (j === i ? row : r));
  return { ...p, rows };
}

/** The stream broke or ended before its `done`: what is still pending stays as it was, the run is failed. */
export function failRestart(p: MeshRestartProgress, error: RpcErrorShape): MeshRestartProgress {
  return { ...p, status: 'failed', error };
}

/** "3 workloads restarted", "2 restarted, 1 failed", for the end of a run. */
export function restartSummary(p: MeshRestartProgress): string {
  if (p.rows.length === 0) return 'No workload needed a restart.';
  const restarted = `${p.restarted} workload${p.restarted === 1 ? '' : 's'} restarted`;
  return p.failed > 0 ? `${restarted}, ${p.failed} failed.` : `${restarted}; the new pods are verified.`;
}

/** The contract takes at most this many workloads in one restart. */
const MAX_WORKLOADS = 5000;

/**
 * The workloads to name in `mesh.restart`: exactly those the user was shown, or none (the core then restarts every
 * workload that needs it) when there is no list or it is longer than the contract allows.
 */
export function restartRefs(list: readonly { kind: WorkloadRef['kind']; name: string }[]): WorkloadRef[] | undefined {
  if (list.length === 0 || list.length > MAX_WORKLOADS) return undefined;
  return list.map(({ kind, name }) => ({ kind, name }));
}
