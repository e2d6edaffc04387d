import type { RpcErrorShape } from '../../../main/contract/errors.js';
import type { InventoryEvent } from '../../../main/contract/inventory.js';
import { useStreamReducer, type StreamStatus } from '../../api/streams.js';
import { applyInventoryEvent, type InventoryState } from './inventory-state.js';
import { markSnapshot } from './perf.js';

export interface LiveInventory {
  /** The last state received (kept, but no longer updated, when the stream fails or ends). */
  inventory: InventoryState | undefined;
  /** live once the snapshot is in (connecting until then). */
  status: StreamStatus;
  error: RpcErrorShape | undefined;
  /** When the last snapshot or delta arrived (epoch ms). */
  updatedAt: number | undefined;
  /** Opens the stream again (a fresh snapshot). */
  retry(): void;
}

const onEvent = (event: InventoryEvent) => {
  if (event.type === 'snapshot') markSnapshot();
};

/**
 * The live inventory of one cluster from `inventory.watch`: the snapshot, then each batch of deltas folded in.
 * useStreamReducer opens the stream again after the link to the core comes back (a new snapshot replaces the state).
 */
export function useInventory(context: string): LiveInventory {
  const stream = useStreamReducer<'inventory.watch', InventoryState | undefined>('inventory.watch', { context }, applyInventoryEvent, { onEvent });
  const inventory = stream.data;
  const status: StreamStatus = stream.status === 'live' && !inventory ? 'connecting' : stream.status;
  return { inventory, status, error: stream.error, updatedAt: stream.receivedAt, retry: stream.restart };
}
