/** Waits `ms`, or less when `signal` aborts first (never rejects: callers check the signal themselves). */
export const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  const onAbort = () => { clearTimeout(t); resolve(); };
  const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
  signal?.addEventListener('abort', onAbort, { once: true });
});
