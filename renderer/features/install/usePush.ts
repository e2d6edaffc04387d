import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../../api/transport.js';
import type { PushResult } from './options.js';
import { cancelPush, endPush, failPush, initialPush, pushResult, reducePush, type PushInput, type PushProgress } from './push.js';

export interface Push {
  progress: PushProgress | undefined;
  /** Streams `images.push`; the input (with the password) goes to the core and is not kept here. */
  start(input: PushInput): void;
  cancel(): void;
}

/** The air-gapped push, kept by the page so that leaving the Options step does not stop it. `onDone` gets the result. */
export function usePush(onDone: (result: PushResult) => void): Push {
  const client = useClient();
  const [progress, setProgress] = useState<PushProgress | undefined>();
  const cancelRef = useRef<(() => void) | null>(null);
  const runId = useRef(0);
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  });
  useEffect(() => () => cancelRef.current?.(), []);

  const start = useCallback(
    (input: PushInput) => {
      cancelRef.current?.();
      const id = ++runId.current;
      const mine = () => id === runId.current;
      let current = initialPush(input.registry, input.repository ?? 'istio');
      setProgress(current);
      const update = (next: PushProgress) => {
        current = next;
        setProgress(next);
      };
      let over = false;
      const cancel = client.stream('images.push', input, {
        onEvent(event) {
          if (!mine()) return;
          update(reducePush(current, event));
          const result = pushResult(current);
          if (result) onDoneRef.current(result);
        },
        onError(error) {
          over = true;
          if (mine()) update(failPush(current, error));
        },
        onEnd() {
          over = true;
          if (mine() && current.status === 'running') update(endPush(current));
        },
      });
      cancelRef.current = over ? null : cancel;
    },
    [client],
  );

  const cancel = useCallback(() => {
    const c = cancelRef.current;
    cancelRef.current = null;
    runId.current++;
    c?.();
    setProgress((p) => (p ? cancelPush(p) : p));
  }, []);

  return { progress, start, cancel };
}
