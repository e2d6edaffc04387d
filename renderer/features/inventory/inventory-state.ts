import type {
  InventoryEvent,
  InventoryKind,
  MeshPlane,
  NamespaceRow,
  PodRow,
  ServiceRow,
  WorkloadRow,
} from '../../../main/contract/inventory.js';
import type { RpcErrorShape } from '../../../main/contract/errors.js';

export const KINDS = ['namespaces', 'workloads', 'services', 'pods'] as const satisfies readonly InventoryKind[];

/** The row type of each kind. */
export interface RowOf {
  namespaces: NamespaceRow;
  workloads: WorkloadRow;
  services: ServiceRow;
  pods: PodRow;
}

export interface InventoryProblem {
  resource: string;
  error: RpcErrorShape;
}

/** One kind's rows: by id (what deltas address) and as an array (what the table shows), in arrival order. */
export interface RowSet<R> {
  byId: ReadonlyMap<string, R>;
  list: readonly R[];
}

/**
 * The live inventory as the UI holds it. Immutable: a delta yields a new state in which the kinds it did not
 * touch keep their RowSet (same Map, same array), so what is derived from them (search strings, sorting) is reused.
 */
export interface InventoryState {
  plane: MeshPlane;
  problems: readonly InventoryProblem[];
  namespaces: RowSet<NamespaceRow>;
  workloads: RowSet<WorkloadRow>;
  services: RowSet<ServiceRow>;
  pods: RowSet<PodRow>;
  /** How long the core took to list everything, for the first snapshot. */
  elapsedMs: number;
  /** Counts the deltas applied since the snapshot (0 right after it). */
  deltas: number;
}

function rowSet<R extends { id: string }>(rows: readonly R[]): RowSet<R> {
  const byId = new Map<string, R>();
  for (const r of rows) byId.set(r.id, r);
  // Ids are unique in the contract; building the list from the Map keeps that true even if they were not.
  return { byId, list: byId.size === rows.length ? rows : [...byId.values()] };
}

/** Upserts and removals applied to a copy; the same RowSet back when the change is empty. */
export function applyRowDelta<R extends { id: string }>(set: RowSet<R>, change: { upsert: readonly R[]; remove: readonly string[] }): RowSet<R> {
  if (change.upsert.length === 0 && change.remove.length === 0) return set;
  const byId = new Map(set.byId);
  for (const id of change.remove) byId.delete(id);
  // Map.set keeps the position of an id already there, so an updated row stays where it was.
  for (const r of change.upsert) byId.set(r.id, r);
  return { byId, list: [...byId.values()] };
}

/**
 * Folds one event of `inventory.watch` into the state: a snapshot replaces everything, a delta changes the kinds
 * it names. A delta before any snapshot has nothing to apply to and is ignored.
 */
export function applyInventoryEvent(state: InventoryState | undefined, event: InventoryEvent): InventoryState | undefined {
  if (event.type === 'snapshot') {
    return {
      plane: event.plane,
      problems: event.problems,
      namespaces: rowSet(event.namespaces),
      workloads: rowSet(event.workloads),
      services: rowSet(event.services),
      pods: rowSet(event.pods),
      elapsedMs: event.elapsedMs,
      deltas: 0,
    };
  }
  if (!state) return state;
  return {
    plane: event.plane ?? state.plane,
    problems: sameProblems(state.problems, event.problems) ? state.problems : event.problems,
    namespaces: applyRowDelta(state.namespaces, event.namespaces),
    workloads: applyRowDelta(state.workloads, event.workloads),
    services: applyRowDelta(state.services, event.services),
    pods: applyRowDelta(state.pods, event.pods),
    elapsedMs: state.elapsedMs,
    deltas: state.deltas + 1,
  };
}

/** Each delta carries the whole list of problems; keep the old array when it says the same (most of the time: none). */
function sameProblems(a: readonly InventoryProblem[], b: readonly InventoryProblem[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => p.resource === b[i]?.resource && p.error.code === b[i]?.error.code && p.error.message === b[i]?.error.message);
}

/** The workloads of one namespace whose pods need a restart (what "Restart" on a namespace row restarts). */
export function workloadsNeedingRestart(workloads: readonly WorkloadRow[], namespace: string): WorkloadRow[] {
  return workloads.filter((w) => w.namespace === namespace && w.needsRestart > 0);
}
