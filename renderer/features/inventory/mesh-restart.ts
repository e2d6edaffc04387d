import { api } from '../../../main/contract/api.js';
import type { WorkloadRef } from '../../../main/contract/inventory.js';

/**
 * The workloads to name in `mesh.restart`: exactly those the user was shown, or none (the core then restarts every
 * workload that needs it) when there is no list or the contract would not take it (too long).
 */
export function restartRefs(list: readonly { kind: WorkloadRef['kind']; name: string }[]): WorkloadRef[] | undefined {
  const refs = list.map(({ kind, name }) => ({ kind, name }));
  if (refs.length === 0 || !api['mesh.restart'].input.shape.workloads.safeParse(refs).success) return undefined;
  return refs;
}
