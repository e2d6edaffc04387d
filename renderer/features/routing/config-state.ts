import type { ConfigEvent, ConfigKindInfo, ConfigRow, GovernedHost } from '../../../main/contract/config.js';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import { applyRowDelta, type RowSet } from '../inventory/inventory-state.js';

export interface ConfigProblem {
  resource: string;
  error: RpcErrorShape;
}

/** The live routing config as the page holds it: the kinds the cluster serves, every object's row, the hosts. */
export interface ConfigState {
  kinds: readonly ConfigKindInfo[];
  rows: RowSet<ConfigRow>;
  hosts: readonly GovernedHost[];
  problems: readonly ConfigProblem[];
}

/**
 * Folds one event of `config.watch`: a snapshot replaces everything, a delta upserts and removes rows (and
 * replaces the kinds and hosts when it carries them). A delta before any snapshot has nothing to apply to.
 */
export function applyConfigEvent(state: ConfigState | undefined, event: ConfigEvent): ConfigState | undefined {
  if (event.type === 'snapshot') {
    return { kinds: event.kinds, rows: applyRowDelta({ byId: new Map(), list: [] }, { upsert: event.rows, remove: [] }), hosts: event.hosts, problems: event.problems };
  }
  if (!state) return state;
  return {
    kinds: event.kinds ?? state.kinds,
    rows: applyRowDelta(state.rows, event),
    hosts: event.hosts ?? state.hosts,
    problems: event.problems,
  };
}
