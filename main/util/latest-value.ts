/**
 * A stream of "something changed" signals coalesced into the latest state: producers call `mark()`,
 * the consumer awaits `next()`, and bursts of changes within `debounceMs` become one wake-up.
 */
export class ChangeSignal {
  private dirty = false;
  private waiter: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly debounceMs: number) {}

  mark(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dirty = true;
      this.waiter?.();
    }, this.debounceMs);
  }

  /** A change that must not wait for the debounce (e.g. the last list of a first snapshot). */
  now(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = true;
    this.waiter?.();
  }

  /** Resolves at the next change, or when `signal` aborts (then returns false). */
  next(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.dirty) {
      this.dirty = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const onAbort = () => { this.waiter = undefined; resolve(false); };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = () => {
        this.waiter = undefined;
        this.dirty = false;
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
