import { useCallback, useEffect, useState } from 'react';
import type { CallMethod, InputOf, OutputOf } from '../../main/contract/api.js';
import { toErrorShape, type RpcErrorShape } from '../../main/contract/errors.js';
import { keyOf } from './stream-state.js';
import { useClient, useConnectionGeneration } from './transport.js';

export interface CallState<T> {
  data: T | undefined;
  error: RpcErrorShape | undefined;
  /** True until the answer to the current input arrives (the previous answer stays in `data` meanwhile if the input is the same). */
  loading: boolean;
  reload(): void;
}

/**
 * Calls `method` with `input` (null: don't), again whenever the input or `options.refresh` changes, on reload(),
 * and after the link to the core comes back. An answer that arrives after unmount or after the input changed is dropped.
 */
export function useCall<K extends CallMethod>(
  method: K,
  input: InputOf<K> | null,
  options: { /** Call again whenever this value changes (a string or number). */ refresh?: string | number } = {},
): CallState<OutputOf<K>> {
  const client = useClient();
  const generation = useConnectionGeneration();
  const key = keyOf(input);
  const [nonce, setNonce] = useState(0);
  const run = `${method}\u0000${key}\u0000${generation}\u0000${nonce}\u0000${options.refresh ?? ''}`;
  const [state, setState] = useState<{ run: string; key: string | null; data?: OutputOf<K>; error?: RpcErrorShape }>({ run: '', key: null });

  useEffect(() => {
    if (key === null) return;
    let active = true;
    client.call(method, JSON.parse(key) as InputOf<K>).then(
      (data) => {
        if (active) setState({ run, key, data });
      },
      (err: unknown) => {
        if (active) setState((s) => ({ run, key, error: toErrorShape(err), ...(s.key === key && s.data !== undefined ? { data: s.data } : {}) }));
      },
    );
    return () => {
      active = false;
    };
  }, [client, method, key, run]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = state.run === run;
  return {
    data: state.key === key && key !== null ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: key !== null && !current,
    reload,
  };
}
