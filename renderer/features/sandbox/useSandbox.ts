import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { ProgressEvent } from '../../../main/contract/models.js';
import { useStreamRun } from '../../api/streams.js';
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

interface Progress {
  lines: ProgressLine[];
  doneMessage?: string;
}

function fold(p: Progress | undefined, event: ProgressEvent): Progress {
  const lines = p?.lines ?? [];
  if (event.type === 'done') return { lines, doneMessage: event.message };
  return { ...p, lines: [...lines, { step: event.step, message: event.message, elapsedMs: event.elapsedMs }] };
}

/** What `sandbox.status` said after a run, for the run it was asked for. */
type Check = { run: number } & ({ status: 'checking' } | { status: 'done'; context: string } | { status: 'error'; error: RpcErrorShape });

/**
 * Runs `sandbox.up`, keeping its progress lines; when it is done, asks `sandbox.status` for the sandbox's
 * context and hands it to onReady. Lives at the app's top so a run survives moving between pages.
 */
export function useSandboxUp(onReady: (context: string) => void): SandboxController {
  const client = useClient();
  const [check, setCheck] = useState<Check | undefined>();
  const runs = useRef(0);
  const checked = useRef(0);
  const onReadyRef = useRef(onReady);
  useLayoutEffect(() => {
    onReadyRef.current = onReady;
  });

  // Once per run, when its last event arrives or the stream ends: where is the sandbox now?
  const finish = useCallback(() => {
    const run = runs.current;
    if (checked.current === run) return;
    checked.current = run;
    setCheck({ run, status: 'checking' });
    client.call('sandbox.status', {}).then(
      (state) => {
        if (runs.current !== run) return;
        if (state.context) {
          setCheck({ run, status: 'done', context: state.context });
          onReadyRef.current(state.context);
        } else {
          const error: RpcErrorShape = { code: 'SANDBOX', message: `The sandbox finished starting but is ${state.state} and names no context to connect to.`, ...(state.reason ? { detail: state.reason } : {}) };
          setCheck({ run, status: 'error', error });
        }
      },
      (err: unknown) => {
        if (runs.current === run) setCheck({ run, status: 'error', error: toErrorShape(err) });
      },
    );
  }, [client]);

  const stream = useStreamRun('sandbox.up', fold, {
    onEvent: (event) => {
      if (event.type === 'done') finish();
    },
    onStop: (stop) => {
      if (stop.type === 'ended') finish();
    },
  });

  const status: SandboxRun['status'] =
    stream.status === 'idle' ? 'idle'
    : stream.status === 'error' ? 'error'
    : stream.status === 'cancelled' ? 'cancelled'
    : check && check.status !== 'checking' ? check.status
    : 'running';
  const error = stream.error ?? (check?.status === 'error' ? check.error : undefined);
  const run: SandboxRun = {
    status,
    lines: stream.data?.lines ?? [],
    ...(stream.data?.doneMessage ? { doneMessage: stream.data.doneMessage } : {}),
    ...(error ? { error } : {}),
    ...(check?.status === 'done' ? { context: check.context } : {}),
  };

  const busy = status === 'running';
  const { start: startStream, cancel: cancelStream } = stream;
  const start = useCallback(() => {
    if (busy) return;
    runs.current++;
    setCheck(undefined);
    startStream({}, { lines: [] });
  }, [busy, startStream]);
  const cancel = useCallback(() => {
    if (checked.current === runs.current) return; // already up: what is left is one status call
    cancelStream();
  }, [cancelStream]);

  return { run, start, cancel };
}
