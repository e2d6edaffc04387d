import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import { useClient } from '../../api/transport.js';

export interface ProgressLine {
  step: string;
  message: string;
  elapsedMs: number;
}

export interface SandboxRun {
  /** idle: never started here; running: `sandbox.up` streams progress; done: up, context known; error: failed; cancelled: stopped by the user. */
  status: 'idle' | 'running' | 'done' | 'error' | 'cancelled';
  lines: ProgressLine[];
  doneMessage?: string;
  error?: RpcErrorShape;
  context?: string;
}

export interface SandboxController {
  run: SandboxRun;
  start(): void;
  cancel(): void;
}

/**
 * Runs `sandbox.up`, keeping its progress lines; when it is done, asks `sandbox.status` for the sandbox's
 * context and hands it to onReady. Lives at the app's top so a run survives moving between pages.
 */
export function useSandboxUp(onReady: (context: string) => void): SandboxController {
  const client = useClient();
  const [run, setRun] = useState<SandboxRun>({ status: 'idle', lines: [] });
  const cancelRef = useRef<(() => void) | null>(null);
  const runningRef = useRef(false);
  const onReadyRef = useRef(onReady);
  useLayoutEffect(() => {
    onReadyRef.current = onReady;
  });
  useEffect(() => () => cancelRef.current?.(), []);

  const start = useCallback(() => {
    if (runningRef.current) return;
    runningRef.current = true;
    setRun({ status: 'running', lines: [] });
    let finished = false;

    const finish = (doneMessage?: string) => {
      if (finished) return;
      finished = true;
      cancelRef.current = null;
      client.call('sandbox.status', {}).then(
        (state) => {
          runningRef.current = false;
          if (state.context) {
            setRun((r) => ({ ...r, status: 'done', context: state.context, ...(doneMessage ? { doneMessage } : {}) }));
            onReadyRef.current(state.context);
          } else {
            setRun((r) => ({
              ...r,
              status: 'error',
              error: { code: 'SANDBOX', message: `The sandbox finished starting but is ${state.state} and names no context to connect to.`, ...(state.reason ? { detail: state.reason } : {}) },
            }));
          }
        },
        (err: unknown) => {
          runningRef.current = false;
          setRun((r) => ({ ...r, status: 'error', error: toErrorShape(err) }));
        },
      );
    };

    cancelRef.current = client.stream('sandbox.up', {}, {
      onEvent(event) {
        if (event.type === 'progress') {
          setRun((r) => ({ ...r, lines: [...r.lines, { step: event.step, message: event.message, elapsedMs: event.elapsedMs }] }));
        } else {
          setRun((r) => ({ ...r, doneMessage: event.message }));
          finish(event.message);
        }
      },
      onError(error) {
        if (finished) return;
        finished = true;
        cancelRef.current = null;
        runningRef.current = false;
        setRun((r) => ({ ...r, status: 'error', error }));
      },
      onEnd() {
        finish();
      },
    });
  }, [client]);

  const cancel = useCallback(() => {
    const c = cancelRef.current;
    if (!c) return;
    cancelRef.current = null;
    runningRef.current = false;
    c();
    setRun((r) => ({ ...r, status: 'cancelled' }));
  }, []);

  return { run, start, cancel };
}
