import type { ClusterConnection } from '../kube/connection.js';
import { LiveConfig } from './live.js';

/**
 * One live config per context, shared by the browse list, the editor's checks (a keystroke must not
 * wait for a LIST) and the simulator; stopped when nothing has used it for a while.
 */
export class LiveConfigs {
  private readonly live = new Map<string, { config: LiveConfig; users: number; lastUsed: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly idleMs = 5 * 60_000) {
    this.timer = setInterval(() => this.sweep(), Math.min(idleMs, 60_000));
    this.timer.unref();
  }

  /** The context's live config; `hold` keeps it alive until the returned release is called. */
  get(context: string, connect: () => Promise<ClusterConnection>): Promise<{ config: LiveConfig; release: () => void }> {
    return this.entry(context, connect).then((e) => {
      e.users++;
      let released = false;
      return { config: e.config, release: () => { if (!released) { released = true; e.users--; e.lastUsed = Date.now(); } } };
    });
  }

  private pending = new Map<string, Promise<{ config: LiveConfig; users: number; lastUsed: number }>>();

  private entry(context: string, connect: () => Promise<ClusterConnection>) {
    const found = this.live.get(context);
    if (found) { found.lastUsed = Date.now(); return Promise.resolve(found); }
    let p = this.pending.get(context);
    if (!p) {
      p = connect().then((conn) => {
        const e = { config: new LiveConfig(conn).start(), users: 0, lastUsed: Date.now() };
        this.live.set(context, e);
        return e;
      }).finally(() => this.pending.delete(context));
      this.pending.set(context, p);
    }
    return p;
  }

  private sweep(): void {
    for (const [context, e] of this.live) {
      if (e.users === 0 && Date.now() - e.lastUsed > this.idleMs) {
        e.config.stop();
        this.live.delete(context);
      }
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const e of this.live.values()) e.config.stop();
    this.live.clear();
  }
}
