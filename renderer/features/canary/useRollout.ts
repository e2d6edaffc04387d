import { useEffect, useRef, useState } from 'react';
import type { CanaryView } from '../../../main/contract/canary.js';
import { useStream, type StreamStatus } from '../../api/streams.js';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import { notableChanges, notify } from './notifications.js';

export interface Rollout {
  /** The rollout as last seen: the watch's, or a control's answer when newer. */
  view: CanaryView | undefined;
  /** The watch says there is no rollout of this service. */
  gone: boolean;
  status: StreamStatus;
  error: RpcErrorShape | undefined;
  receivedAt: number | undefined;
  /** A control's (or the start's) answer, shown until the watch catches up. */
  adopt(view: CanaryView): void;
  restart(): void;
}

/** The later of two views: a rollout started later wins (its generation starts again at 1), else the higher generation. */
function newer(a: CanaryView | undefined, b: CanaryView | undefined): CanaryView | undefined {
  if (!a || !b) return a ?? b;
  const started = Date.parse(b.state.startedAt) - Date.parse(a.state.startedAt);
  if (started !== 0) return started > 0 ? b : a;
  return b.state.generation > a.state.generation ? b : a;
}

/**
 * `canary.watch` while the page is open: the rollout as it goes. Watching is also what makes this Meshdeck drive it
 * when nobody else does (its Lease), so the page says who drives. Notifies the desktop of promotions, rollbacks and
 * approvals as they come.
 */
export function useRollout(context: string, namespace: string, service: string): Rollout {
  const stream = useStream('canary.watch', { context, namespace, service });
  const [adopted, setAdopted] = useState<CanaryView | undefined>();
  const watched = stream.data?.type === 'view' ? stream.data.view : undefined;
  const view = newer(watched, adopted);

  const last = useRef<CanaryView | undefined>(undefined);
  useEffect(() => {
    if (!view) return;
    for (const n of notableChanges(last.current, view)) notify(n);
    last.current = view;
  }, [view]);

  return {
    view,
    gone: stream.data?.type === 'gone' && !adopted,
    status: stream.status,
    error: stream.error,
    receivedAt: stream.receivedAt,
    adopt: setAdopted,
    restart: stream.restart,
  };
}
