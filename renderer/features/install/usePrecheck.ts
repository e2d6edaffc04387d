import { useCallback, useEffect, useRef, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { InstallOptions, PrecheckReport } from '../../../main/contract/install.js';
import { useClient } from '../../api/transport.js';
import { optionsKey } from './options.js';

export interface PrecheckState {
  /** optionsKey() of the options checked. */
  key: string;
  options: InstallOptions;
  loading: boolean;
  report?: PrecheckReport;
  error?: RpcErrorShape;
}

export interface Precheck {
  state: PrecheckState | undefined;
  /** Runs `install.precheck` with these options; resolves to the report (undefined when the call failed or was superseded). */
  run(options: InstallOptions): Promise<PrecheckReport | undefined>;
}

/**
 * `install.precheck` on demand, for the options given, keeping the last answer and which options it was for
 * (so that changing the options makes it stale). `initial`: options to check as soon as the page opens.
 */
export function usePrecheck(context: string, initial: InstallOptions | undefined): Precheck {
  const client = useClient();
  const [state, setState] = useState<PrecheckState | undefined>(() =>
    initial ? { key: optionsKey(initial), options: initial, loading: true } : undefined,
  );
  const seq = useRef(0);

  const call = useCallback(
    async (options: InstallOptions, live: () => boolean): Promise<PrecheckReport | undefined> => {
      const key = optionsKey(options);
      try {
        const report = await client.call('install.precheck', { context, options });
        if (!live()) return undefined;
        setState({ key, options, loading: false, report });
        return report;
      } catch (err) {
        if (live()) setState({ key, options, loading: false, error: toErrorShape(err) });
        return undefined;
      }
    },
    [client, context],
  );

  const run = useCallback(
    (options: InstallOptions) => {
      const id = ++seq.current;
      setState({ key: optionsKey(options), options, loading: true });
      return call(options, () => id === seq.current);
    },
    [call],
  );

  // The first check starts with the page (its loading state is the initial state).
  const first = useRef(initial);
  useEffect(() => {
    const options = first.current;
    if (!options) return;
    const id = ++seq.current;
    let alive = true;
    void call(options, () => alive && id === seq.current);
    return () => {
      // A remount (StrictMode) or unmount: a late answer to this call is dropped.
      alive = false;
    };
  }, [call]);

  return { state, run };
}
