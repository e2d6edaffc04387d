import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConfigRef, Finding } from '../../../../main/contract/config.js';
import { toErrorShape, type RpcErrorShape } from '../../../../main/contract/errors.js';
import { useClient } from '../../../api/transport.js';
import { textFits } from './limits.js';

/** How long typing must pause before the core checks the text (keystrokes in a burst are checked once). */
export const CHECK_AFTER_MS = 150;

export interface LiveCheck {
  findings: readonly Finding[];
  /** The objects the text holds, as the core read them (what a wizard or apply works on). */
  objects: readonly ConfigRef[];
  /** The text the findings are about (they lag behind typing by a check). */
  checkedText: string | undefined;
  checking: boolean;
  error: RpcErrorShape | undefined;
}

/**
 * `config.check` of the document as the user types: after a short pause, only the latest answer counts, and a text
 * too large for the link is not sent at all (the editor says so instead).
 */
export function useLiveCheck(context: string, name: string, text: string | undefined): LiveCheck {
  const client = useClient();
  // The last answer, and the text it answers (checking: the text shown is not that one yet).
  const [answer, setAnswer] = useState<{ for?: string; findings: readonly Finding[]; objects: readonly ConfigRef[]; error?: RpcErrorShape }>({ findings: [], objects: [] });
  const seq = useRef(0);
  const sendable = text !== undefined && textFits(text);

  useEffect(() => {
    if (!sendable || text === undefined) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      client.call('config.check', { context, documents: [{ name, text }] }).then(
        (report) => {
          const doc = report.documents[0];
          if (mine === seq.current) setAnswer({ for: text, findings: doc?.findings ?? [], objects: doc?.objects ?? [] });
        },
        (err: unknown) => {
          if (mine === seq.current) setAnswer((a) => ({ ...a, for: text, error: toErrorShape(err) }));
        },
      );
    }, CHECK_AFTER_MS);
    return () => clearTimeout(timer);
  }, [client, context, name, text, sendable]);

  if (!sendable) return { findings: [], objects: [], checkedText: undefined, checking: false, error: undefined };
  return { findings: answer.findings, objects: answer.objects, checkedText: answer.error ? undefined : answer.for, checking: answer.for !== text, error: answer.error };
}

export interface ClusterCheck {
  findings: readonly Finding[];
  /** The text they are about (undefined: not run yet). */
  checkedText: string | undefined;
  running: boolean;
  error: RpcErrorShape | undefined;
  elapsedMs: number | undefined;
  run(name: string, text: string): void;
  clear(): void;
}

/** "Check with the cluster": the API server's dry run (Istio's webhook) and istioctl analyze, on demand (`config.validate`). */
export function useClusterCheck(context: string): ClusterCheck {
  const client = useClient();
  const [state, setState] = useState<{ findings: readonly Finding[]; checkedText?: string; running: boolean; error?: RpcErrorShape; elapsedMs?: number }>({ findings: [], running: false });
  const seq = useRef(0);
  const run = useCallback(
    (name: string, text: string) => {
      const mine = ++seq.current;
      setState((s) => ({ ...s, running: true, error: undefined }));
      client.call('config.validate', { context, documents: [{ name, text }] }).then(
        (report) => {
          if (mine === seq.current) setState({ findings: report.documents[0]?.findings ?? [], checkedText: text, running: false, elapsedMs: report.elapsedMs });
        },
        (err: unknown) => {
          if (mine === seq.current) setState((s) => ({ ...s, running: false, error: toErrorShape(err) }));
        },
      );
    },
    [client, context],
  );
  const clear = useCallback(() => {
    seq.current++;
    setState({ findings: [], running: false });
  }, []);
  return { findings: state.findings, checkedText: state.checkedText, running: state.running, error: state.error, elapsedMs: state.elapsedMs, run, clear };
}
