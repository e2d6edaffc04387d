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
  /** The watch itself has sent the rollout (not only a control's or the start's answer). */
  watched: boolean;
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
 * approvals as they come. `watching` false stops (a new rollout is being planned: the driver's lock must go).
 */
export function useRollout(context: string, namespace: string, service: string, watching = true): Rollout {
  // Not watching (while the next rollout is planned) lets go of the rollout's lock, so that it can start from here.
  const stream = useStream('canary.watch', watching ? { context, namespace, service } : null);
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
    watched: !!watched,
    status: stream.status,
    error: stream.error,
    receivedAt: stream.receivedAt,
    adopt: setAdopted,
    restart: stream.restart,
  };
}
