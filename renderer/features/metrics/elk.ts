import ELK, { type ELK as ElkEngine } from 'elkjs/lib/elk-api.js';
// The layout engine runs in a worker of its own, loaded from this app (worker-src 'self'): it has no eval, and the
// page stays responsive while a large graph is laid out. The file is copied as it is (?url), never bundled.
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';

let engine: ElkEngine | undefined;

/** One layout worker for the app, started when the first graph is drawn. */
export function layoutEngine(): ElkEngine {
  engine ??= new ELK({ workerFactory: () => new Worker(workerUrl, { name: 'graph-layout' }) });
  return engine;
}
