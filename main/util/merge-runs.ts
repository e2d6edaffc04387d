/**
 * Runs `task` for every item, at most `concurrency` at a time, and yields the events they emit in
 * the order they happen (an async generator cannot be fed from several tasks directly).
 */
export async function* mergeRuns<T, E>(items: readonly T[], concurrency: number, task: (item: T, emit: (e: E) => void) => Promise<void>): AsyncGenerator<E> {
  const queue: E[] = [];
  let wake: (() => void) | undefined;
  let running = 0;
  let next = 0;
  let failure: unknown;
  const emit = (e: E) => { queue.push(e); wake?.(); };
  const startMore = () => {
    while (running < concurrency && next < items.length) {
      const item = items[next++]!;
      running++;
      task(item, emit).catch((e: unknown) => { failure ??= e; }).finally(() => { running--; startMore(); wake?.(); });
    }
  };
  startMore();
  while (queue.length > 0 || running > 0) {
    if (queue.length === 0) await new Promise<void>((r) => { wake = r; });
    wake = undefined;
    while (queue.length > 0) yield queue.shift()!;
    if (failure) throw failure;
  }
}
