import { MeshdeckError } from '../contract/errors.js';
import type { ClusterConnection } from './connection.js';
import { ListSplitter } from './list-splitter.js';

/** The metadata every listed or watched object carries; the rest stays untyped until projected. */
export interface RawObject {
  metadata: { name: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export const objectKey = (o: RawObject) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name);

export interface ReflectorHandlers<T> {
  /** Turns a raw object into the small record kept in memory (the raw one is dropped at once). */
  project(o: RawObject): T;
  /** A complete list (the first one, or after 410 Gone): replaces everything held before. */
  onList(items: Map<string, T>): void;
  onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', key: string, item: T): void;
  /** Every failure before its retry; `attempt` counts consecutive failures. */
  onError(err: MeshdeckError, attempt: number): void;
}

export interface ReflectorOptions {
  labelSelector?: string;
  /** Objects per LIST page (default: one request; items are parsed one by one as they arrive anyway). */
  pageSize?: number;
  delayMs?(attempt: number): number;
  /** The server ends each watch after this long (a random part spreads the re-opens). */
  watchSeconds?(): number;
}

export interface Reflector {
  /** While waiting to retry after a failure, retry at once. */
  retryNow(): void;
  stop(): void;
}

const defaultDelay = (attempt: number) => Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1));
const defaultWatchSeconds = () => 300 + Math.floor(Math.random() * 300);

class Gone extends Error {}

interface ListPage { metadata?: { resourceVersion?: string; continue?: string }; items?: RawObject[] }
interface WatchEvent { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: RawObject & { code?: number; message?: string } }

/**
 * List once (in pages), then watch from that point, like client-go's reflector: a watch the server
 * ends is re-opened from the last version seen, 410 Gone lists again, any other failure backs off.
 * Only projections are kept, so memory follows what the caller needs, not the objects' size.
 */
export function reflect<T>(conn: ClusterConnection, path: string, handlers: ReflectorHandlers<T>, o: ReflectorOptions = {}): Reflector {
  const abort = new AbortController();
  const delay = o.delayMs ?? defaultDelay;
  const watchSeconds = o.watchSeconds ?? defaultWatchSeconds;
  const selector = o.labelSelector ? `&labelSelector=${encodeURIComponent(o.labelSelector)}` : '';
  let wake: (() => void) | undefined;

  const pause = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); wake = undefined; abort.signal.removeEventListener('abort', done); resolve(); }
    wake = done;
    abort.signal.addEventListener('abort', done, { once: true });
  });

  /** One LIST (page), read as it downloads: each item projected on arrival, the raw text dropped. */
  async function listPage(items: Map<string, T>, next: string): Promise<ListPage['metadata']> {
    const query = [o.pageSize ? `limit=${o.pageSize}` : '', selector.slice(1), next ? `continue=${encodeURIComponent(next)}` : ''].filter(Boolean).join('&');
    const res = await conn.openStream(`${path}${query ? `?${query}` : ''}`, abort.signal, 60_000);
    const splitter = new ListSplitter((json) => {
      const item = JSON.parse(json) as RawObject;
      items.set(objectKey(item), handlers.project(item));
    });
    res.setEncoding('utf8');
    try {
      for await (const chunk of res as AsyncIterable<string>) splitter.push(chunk);
      if (!res.complete) throw Object.assign(new Error('the connection closed before the whole list arrived'), { code: 'ECONNRESET' });
      return splitter.finish<ListPage>().metadata;
    } catch (err) {
      throw err instanceof MeshdeckError ? err : conn.classify(err);
    }
  }

  async function list(): Promise<string> {
    const items = new Map<string, T>();
    let next = '';
    let resourceVersion = '';
    do {
      const meta = await listPage(items, next);
      resourceVersion = meta?.resourceVersion ?? resourceVersion;
      next = meta?.continue ?? '';
    } while (next && !abort.signal.aborted);
    if (!abort.signal.aborted) handlers.onList(items);
    return resourceVersion;
  }

  /** Follows one watch until the server ends it; returns the last version seen. */
  async function watch(from: string): Promise<string> {
    let resourceVersion = from;
    const res = await conn.openStream(`${path}?watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(from)}&timeoutSeconds=${watchSeconds()}${selector}`, abort.signal);
    let buffer = '';
    res.setEncoding('utf8');
    try {
      for await (const chunk of res as AsyncIterable<string>) {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (!line.trim()) continue;
          const event = JSON.parse(line) as WatchEvent;
          if (event.type === 'ERROR') {
            if (event.object.code === 410) throw new Gone();
            throw conn.classify({ code: event.object.code ?? 500, body: event.object });
          }
          resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
          if (event.type === 'BOOKMARK') continue;
          handlers.onEvent(event.type, objectKey(event.object), handlers.project(event.object));
        }
      }
    } catch (err) {
      if (abort.signal.aborted) return resourceVersion;
      if (err instanceof Gone || err instanceof MeshdeckError) throw err;
      throw conn.classify(err);
    }
    return resourceVersion;
  }

  void (async () => {
    let failures = 0;
    let resourceVersion: string | undefined;
    while (!abort.signal.aborted) {
      try {
        resourceVersion ??= await list();
        if (abort.signal.aborted) break;
        const from = resourceVersion;
        const opened = Date.now();
        resourceVersion = await watch(from);
        failures = 0;
        // A server that ends watches at once must not turn this into a busy loop.
        if (Date.now() - opened < 1000) await pause(1000);
      } catch (err) {
        if (abort.signal.aborted) break;
        const gone = err instanceof Gone || (err instanceof MeshdeckError && err.code === 'GONE');
        if (gone) {
          resourceVersion = undefined; // list again, at once
          continue;
        }
        failures++;
        handlers.onError(err instanceof MeshdeckError ? err : conn.classify(err), failures);
        await pause(delay(failures));
      }
    }
  })();

  return {
    retryNow: () => wake?.(),
    stop: () => abort.abort(),
  };
}
