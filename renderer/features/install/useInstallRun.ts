import { useCallback, useEffect, useState } from 'react';
import type { InputOf } from '../../../main/contract/api.js';
import type { InstallEvent, InstallPhase } from '../../../main/contract/install.js';
import { useStreamRun, type StreamStop } from '../../api/streams.js';
import { cancelProgress, endProgress, failProgress, initialProgress, reduceProgress, type RunKind, type RunProgress } from './progress.js';

type RunMethod = 'install.apply' | 'install.uninstall';

export interface InstallRun {
  progress: RunProgress | undefined;
  /** Starts (or starts again) the run; the previous one, if any, is cancelled first. */
  start(input: InputOf<RunMethod>, totals?: Partial<Record<InstallPhase, number>>): void;
  /** Cancels the stream; the core stops after the object it is applying. */
  cancel(): void;
  /** Forgets the run (cancelling it if it still runs). */
  reset(): void;
}

const fold = (p: RunProgress | undefined, event: InstallEvent) => (p ? reduceProgress(p, event, Date.now()) : p);

/** How the stream stopped, folded into the progress: a run still going when it stops did not succeed. */
export function settleProgress(p: RunProgress | undefined, stop: StreamStop): RunProgress | undefined {
  if (!p) return p;
  const now = Date.now();
  if (stop.type === 'cancelled') return cancelProgress(p, now);
  return stop.type === 'error' ? failProgress(p, stop.error, now) : endProgress(p, now);
}

/**
 * Runs `install.apply` or `install.uninstall`, folding its events into a RunProgress. `onFinished` is told
 * about the last event (done or failed) as it arrives, and about a stream that broke or ended early (as a
 * failed event). Not about a cancel: the caller asked for that. The stream is cancelled when the page goes away.
 */
export function useInstallRun(method: RunMethod, onFinished?: (event: InstallEvent) => void): InstallRun {
  const kind: RunKind = method === 'install.apply' ? 'install' : 'uninstall';
  const run = useStreamRun<RunMethod, RunProgress>(method, fold, {
    onEvent: (event) => {
      if (event.type === 'done' || event.type === 'failed') onFinished?.(event);
    },
    settle: settleProgress,
    onStop: (stop, before, after) => {
      if (stop.type !== 'cancelled' && before?.status === 'running' && after?.error) onFinished?.({ type: 'failed', error: after.error, elapsedMs: after.elapsedMs });
    },
  });
  const { start: startRun } = run;
  const start = useCallback(
    (input: InputOf<RunMethod>, totals?: Partial<Record<InstallPhase, number>>) => startRun(input, initialProgress(kind, Date.now(), totals)),
    [startRun, kind],
  );
  return { progress: run.data, start, cancel: run.cancel, reset: run.reset };
}

/** The wall clock, ticking every second while `active` (for elapsed times of what is still running). */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
