import { makeInformer, type KubeConfig, type KubernetesObject, type ListPromise, type ObjectCache } from '@kubernetes/client-node';

export interface LiveList<T extends KubernetesObject> {
  /** Current objects (list once, then watch; relisted on 410 Gone). */
  cache: ObjectCache<T>;
  /** While waiting to retry after a failure, retry at once (e.g. the CRD it watches was just created). */
  retryNow(): void;
  stop(): void;
}

export interface LiveListOptions {
  labelSelector?: string;
  /** Called after any add/update/delete, and once the first list (or a restart's) is in. */
  onChange(): void;
  /** Called on every failure before the retry; `attempt` counts consecutive failures. */
  onError?(err: unknown, attempt: number): void;
  /** Backoff before the n-th retry (injectable for tests). */
  delayMs?(attempt: number): number;
}

const defaultDelay = (attempt: number) => Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));

/**
 * client-node's informer stops for good on any error but 410; this keeps it alive with backoff
 * (a CRD that is not installed yet, an API server restart) and resets the backoff once it reconnects.
 */
export function liveList<T extends KubernetesObject>(kc: KubeConfig, path: string, list: ListPromise<T>, o: LiveListOptions): LiveList<T> {
  const informer = makeInformer<T>(kc, path, list, o.labelSelector);
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    failures = 0;
    o.onChange();
  };
  informer.on('add', changed);
  informer.on('update', changed);
  informer.on('delete', changed);
  // start() resolves even when its list failed (the error goes to the 'error' callback instead).
  let failedSinceStart = false;
  let starting: Promise<void> | undefined;
  const restart = () => {
    if (stopped) return;
    failedSinceStart = false;
    starting = informer.start().then(() => { if (!failedSinceStart && !stopped) { failures = 0; o.onChange(); } }, onFailure);
  };
  function onFailure(err: unknown) {
    if (stopped) return;
    failedSinceStart = true;
    failures++;
    o.onError?.(err, failures);
    clearTimeout(timer);
    timer = setTimeout(() => { timer = undefined; restart(); }, (o.delayMs ?? defaultDelay)(failures));
  }
  informer.on('error', onFailure);
  restart();
  return {
    cache: informer,
    retryNow() {
      if (!timer) return;
      clearTimeout(timer);
      timer = undefined;
      restart();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      void informer.stop();
      // client-node opens the watch even if stop() came while its list was in flight: stop again after.
      void starting?.finally(() => informer.stop());
    },
  };
}
