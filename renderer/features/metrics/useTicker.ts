import { useEffect, useState } from 'react';

/** A count that goes up every `ms` while `enabled` (a refresh key for calls that are asked again periodically). */
export function useTicker(ms: number, enabled = true): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(timer);
  }, [ms, enabled]);
  return tick;
}
