import { useCallback } from 'react';
import type { PushEvent } from '../../../main/contract/install.js';
import { useStreamRun, type StreamStop } from '../../api/streams.js';
import { cancelPush, endPush, failPush, initialPush, pushResult, reducePush, type PushInput, type PushProgress, type PushResult } from './push.js';

export interface Push {
  progress: PushProgress | undefined;
  /** Streams `images.push`; the input (with the password) goes to the core and is not kept here. */
  start(input: PushInput): void;
  cancel(): void;
}

const fold = (p: PushProgress | undefined, event: PushEvent) => reducePush(p ?? initialPush('', ''), event);

function settle(p: PushProgress | undefined, stop: StreamStop): PushProgress | undefined {
  if (!p) return p;
  if (stop.type === 'cancelled') return cancelPush(p);
  return stop.type === 'error' ? failPush(p, stop.error) : endPush(p);
}

/** The air-gapped push, kept by the page so that leaving the Options step does not stop it. `onDone` gets the result. */
export function usePush(onDone: (result: PushResult) => void): Push {
  const run = useStreamRun('images.push', fold, {
    settle,
    onStop: (_stop, _before, after) => {
      const result = after && pushResult(after);
      if (result) onDone(result);
    },
  });
  const { start: startRun } = run;
  const start = useCallback((input: PushInput) => startRun(input, initialPush(input.registry, input.repository ?? 'istio')), [startRun]);
  return { progress: run.data, start, cancel: run.cancel };
}
