import type { RpcErrorShape } from '../../../main/contract/errors.js';
import { useStreamReducer, type StreamStatus } from '../../api/streams.js';
import { applyConfigEvent, type ConfigState } from './config-state.js';

export interface LiveConfig {
  /** The last state received (kept, no longer updated, when the stream fails or ends). */
  config: ConfigState | undefined;
  /** live once the snapshot is in (connecting until then). */
  status: StreamStatus;
  error: RpcErrorShape | undefined;
  updatedAt: number | undefined;
  retry(): void;
}

/** The live routing config of one cluster from `config.watch` (opened again after the link to the core comes back). */
export function useRoutingConfig(context: string): LiveConfig {
  const stream = useStreamReducer<'config.watch', ConfigState | undefined>('config.watch', { context }, applyConfigEvent);
  const config = stream.data;
  const status: StreamStatus = stream.status === 'live' && !config ? 'connecting' : stream.status;
  return { config, status, error: stream.error, updatedAt: stream.receivedAt, retry: stream.restart };
}
