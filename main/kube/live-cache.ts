import type { MeshdeckError } from '../contract/errors.js';
import type { ClusterConnection } from './connection.js';
import { reflect, type RawObject } from './reflector.js';

export interface LiveCache<T> {
  /** The first list is in (and every list after a 410). */
  readonly loaded: boolean;
  items(): T[];
  /** While waiting to retry after a failure, retry at once (e.g. the CRD it watches was just created). */
  retryNow(): void;
  stop(): void;
}

export interface LiveCacheOptions {
  labelSelector?: string;
  /** After every list and every watch event. */
  onChange(): void;
  /** Every failure before its retry; `attempt` counts consecutive failures. */
  onError?(err: MeshdeckError, attempt: number): void;
}

/** The reflector's projections kept in a map: for views that read the whole set at each change. */
export function liveCache<T>(conn: ClusterConnection, path: string, project: (o: RawObject) => T, o: LiveCacheOptions): LiveCache<T> {
  let items = new Map<string, T>();
  let loaded = false;
  const reflector = reflect<T>(conn, path, {
    project,
    onList(all) {
      items = all;
      loaded = true;
      o.onChange();
    },
    onEvent(type, key, item) {
      if (type === 'DELETED') items.delete(key);
      else items.set(key, item);
      o.onChange();
    },
    onError: (err, attempt) => o.onError?.(err, attempt),
  }, { labelSelector: o.labelSelector });
  return {
    get loaded() { return loaded; },
    items: () => [...items.values()],
    retryNow: () => reflector.retryNow(),
    stop: () => reflector.stop(),
  };
}
