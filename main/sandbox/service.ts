import { existsSync } from 'node:fs';
import type { ProgressEvent, SandboxState } from '../contract/models.js';
import { MeshdeckError } from '../contract/errors.js';
import { sandboxLayout } from './layout.js';
import { sandboxStatus, sandboxUp } from './up.js';

/** The built-in sandbox as the app sees it: its state, and `up` with progress. */
export class SandboxService {
  private starting = false;

  kubeconfigPath(): string {
    return sandboxLayout().kubeconfig;
  }

  status(): SandboxState {
    if (process.platform !== 'linux') {
      return { state: 'unavailable', processes: [], reason: 'The built-in sandbox runs on Linux only.' };
    }
    const s = sandboxStatus();
    return { state: s.state, processes: s.processes, context: existsSync(s.kubeconfig) ? 'sandbox-admin' : undefined };
  }

  async *up(signal: AbortSignal): AsyncGenerator<ProgressEvent> {
    if (this.starting) throw new MeshdeckError({ code: 'SANDBOX', message: 'The sandbox is already starting.' });
    this.starting = true;
    try {
      for await (const e of sandboxUp()) {
        yield e;
        if (signal.aborted) return;
      }
    } catch (err) {
      throw new MeshdeckError({ code: 'SANDBOX', message: 'The sandbox could not start.', detail: err instanceof Error ? err.message : String(err) });
    } finally {
      this.starting = false;
    }
  }
}
