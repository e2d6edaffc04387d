import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactText } from './redact.js';

/**
 * The last errors and log lines, kept in a small file under Meshdeck's home so that a diagnostics export from any
 * process (the CLI after the app failed) sees them. Redacted before they are written: no credential reaches the disk
 * through here. Appends only; trimmed to the newest lines once the file passes MAX_BYTES.
 */
export interface LogEntry {
  at: string;
  level: 'error' | 'warn';
  /** The contract method that failed, for a failure. */
  method?: string;
  message: string;
}

const MAX_BYTES = 512 * 1024;
const KEEP_LINES = 500;
const MAX_MESSAGE = 4000;

export class RecentLog {
  constructor(readonly file: string, private readonly now: () => Date = () => new Date()) {}

  write(entry: Omit<LogEntry, 'at'>): void {
    const line: LogEntry = { at: this.now().toISOString(), ...entry, message: redactText(entry.message).slice(0, MAX_MESSAGE) };
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      appendFileSync(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
      if (statSync(this.file).size > MAX_BYTES) writeFileSync(this.file, `${this.lines().slice(-KEEP_LINES).join('\n')}\n`, { mode: 0o600 });
    } catch {
      // The log is a help for diagnosis; failing to keep it must never fail what was being logged.
    }
  }

  failure(method: string, err: unknown): void {
    const shape = err && typeof err === 'object' ? (err as { shape?: { code?: string; message?: string; detail?: string } }).shape : undefined;
    const message = shape
      ? [shape.code, shape.message, shape.detail].filter(Boolean).join(': ')
      : err instanceof Error ? err.message : String(err);
    this.write({ level: 'error', method, message });
  }

  /** The newest `count` entries, oldest first. */
  entries(count = 200): LogEntry[] {
    return this.lines()
      .slice(-count)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogEntry];
        } catch {
          return [];
        }
      });
  }

  private lines(): string[] {
    try {
      return readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  }
}

type AnyHandler = (...args: never[]) => unknown;

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return !!value && typeof value === 'object' && Symbol.asyncIterator in value;
}

/** The same handlers, each failure (a rejected call, a stream that throws) also written to the log. */
export function recordFailures<T extends Record<string, AnyHandler>>(handlers: T, log: RecentLog): T {
  const wrapped: Record<string, AnyHandler> = {};
  for (const [method, handler] of Object.entries(handlers)) {
    wrapped[method] = (...args: never[]) => {
      let result: unknown;
      try {
        result = handler(...args);
      } catch (err) {
        log.failure(method, err);
        throw err;
      }
      if (result instanceof Promise) {
        return result.catch((err: unknown) => {
          log.failure(method, err);
          throw err;
        });
      }
      if (isAsyncIterable(result)) {
        const source = result;
        return (async function* () {
          try {
            yield* source;
          } catch (err) {
            log.failure(method, err);
            throw err;
          }
        })();
      }
      return result;
    };
  }
  return wrapped as T;
}

function describeArg(arg: unknown): string {
  if (arg instanceof Error) return arg.message;
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

const TAPPED = Symbol.for('meshdeck.recentLog.tapped');

/** Also writes console.warn and console.error lines to the log (once per process, whatever calls it again). */
export function tapConsole(log: RecentLog): void {
  const marked = console as Console & { [TAPPED]?: boolean };
  if (marked[TAPPED]) return;
  marked[TAPPED] = true;
  for (const level of ['warn', 'error'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      original(...args);
      log.write({ level, message: args.map(describeArg).join(' ') });
    };
  }
}
