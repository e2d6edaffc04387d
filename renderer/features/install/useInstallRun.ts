import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf } from '../../../main/contract/api.js';
import type { InstallEvent, InstallPhase } from '../../../main/contract/install.js';
import { useClient } from '../../api/transport.js';
import { cancelProgress, endProgress, failProgress, initialProgress, reduceProgress, type RunKind, type RunProgress } from './progress.js';

export interface InstallRun {
  progress: RunProgress | undefined;
  /** Starts (or starts again) the run; the previous one, if any, is cancelled first. */
  start(input: InputOf<'install.apply'>, totals?: Partial<Record<InstallPhase, number>>): void;
  /** Cancels the stream; the core stops after the object it is applying. */
  cancel(): void;
  /** Forgets the run (cancelling it if it still runs). */
  reset(): void;
}

/**
 * Runs `install.apply` or `install.uninstall`, folding its events into a RunProgress. `onFinished` is told
 * about the last event (done or failed) as it arrives, and about a stream that broke or ended early (as a
 * failed event). Not about a cancel: the caller asked for that. The stream is cancelled when the page goes away.
 */
export function useInstallRun(kind: RunKind, onFinished?: (event: InstallEvent) => void): InstallRun {
  const client = useClient();
  const [progress, setProgress] = useState<RunProgress | undefined>();
  const cancelRef = useRef<(() => void) | null>(null);
  const runId = useRef(0);
  const onFinishedRef = useRef(onFinished);
  useEffect(() => {
    onFinishedRef.current = onFinished;
  });
  useEffect(() => () => cancelRef.current?.(), []);

  const start = useCallback(
    (input: InputOf<'install.apply'>, totals?: Partial<Record<InstallPhase, number>>) => {
      cancelRef.current?.();
      cancelRef.current = null;
      const id = ++runId.current;
      const mine = () => id === runId.current;
      setProgress(initialProgress(kind, Date.now(), totals));
      let finished = false;
      const finish = () => {
        finished = true;
        if (mine()) cancelRef.current = null;
      };
      const cancel = client.stream(kind === 'install' ? 'install.apply' : 'install.uninstall', input, {
        onEvent(event) {
          if (!mine() || finished) return;
          setProgress((s) => (s ? reduceProgress(s, event, Date.now()) : s));
          if (event.type === 'done' || event.type === 'failed') {
            finish();
            onFinishedRef.current?.(event);
          }
        },
        onError(error) {
          if (!mine() || finished) return;
          finish();
          setProgress((s) => (s ? failProgress(s, error, Date.now()) : s));
          onFinishedRef.current?.({ type: 'failed', error, elapsedMs: 0 });
        },
        onEnd() {
          if (!mine() || finished) return;
          finish();
          const ended = endProgress(initialProgress(kind, Date.now()), Date.now());
          setProgress((s) => (s ? endProgress(s, Date.now()) : s));
          if (ended.error) onFinishedRef.current?.({ type: 'failed', error: ended.error, elapsedMs: 0 });
        },
      });
      if (!finished) cancelRef.current = cancel;
    },
    [client, kind],
  );

  const cancel = useCallback(() => {
    const c = cancelRef.current;
    if (!c) return;
    cancelRef.current = null;
    runId.current++;
    c();
    setProgress((s) => (s ? cancelProgress(s, Date.now()) : s));
  }, []);

  const reset = useCallback(() => {
    const c = cancelRef.current;
    cancelRef.current = null;
    runId.current++;
    c?.();
    setProgress(undefined);
  }, []);

  return { progress, start, cancel, reset };
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
