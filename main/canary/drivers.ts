import type { CanaryAction, CanaryEvent, CanaryPhase, CanaryView } from '../contract/canary.js';
import { MeshdeckError } from '../contract/errors.js';
import { acquireLock, lockHolder, type HeldLock } from '../kube/lease-lock.js';
import { sleep } from '../util/sleep.js';
import { canaryLock, type CanaryController } from './controller.js';
import { viewOf } from './rules.js';

/** How often the driver judges a progressing step (the time from a breaching sample to the rollback rests on it). */
const DRIVE_MS = 500;
const IDLE_MS = 3000;
const FINISHED: readonly CanaryPhase[] = ['finalized', 'rolled-back', 'aborted'];

/**
 * The rollouts this process drives: one loop per rollout while someone watches it, holding its Lease.
 * A person's controls go through the loop that holds the lock (between two turns); where no loop of
 * this process holds it, they take the lock themselves.
 */
export class CanaryDrivers {
  private readonly loops = new Map<string, { queue: Promise<unknown>; watchers: number }>();

  constructor(private readonly controllerFor: (context: string) => Promise<CanaryController>) {}

  private key = (context: string, namespace: string, service: string) => `${context}\u0000${namespace}\u0000${service}`;

  async act(context: string, namespace: string, service: string, action: CanaryAction, by: string): Promise<CanaryView> {
    const controller = await this.controllerFor(context);
    const loop = this.loops.get(this.key(context, namespace, service));
    if (!loop) return controller.act(namespace, service, action, by);
    // Run between two turns of the loop that holds the lock.
    const run = loop.queue.then(() => controller.actHeld(namespace, service, action, by));
    loop.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The rollout as it goes: drives it while this process holds its Lease (taking the Lease over once
   * its holder stops renewing), otherwise watches whoever drives it.
   */
  async *watch(context: string, namespace: string, service: string, signal: AbortSignal): AsyncGenerator<CanaryEvent> {
    const controller = await this.controllerFor(context);
    const key = this.key(context, namespace, service);
    let lock: HeldLock | undefined;
    let last = '';
    // A finished rollout needs no driver: its Lease is let go, so a new rollout of the service can start
    // (from this page or elsewhere), and taken again only if one does.
    let finished = false;
    const loop = this.loops.get(key) ?? { queue: Promise.resolve(), watchers: 0 };
    const letGo = async () => {
      if (!lock) return;
      const held = lock;
      lock = undefined;
      loop.watchers--;
      if (loop.watchers <= 0) this.loops.delete(key);
      await held.release();
    };
    try {
      while (!signal.aborted) {
        if (!lock && !finished && !this.loops.has(key)) {
          lock = await acquireLock(controller.connection, canaryLock(namespace, service)).catch((e: unknown) => {
            if (e instanceof MeshdeckError && e.shape.reason === 'canary-driven') return undefined;
            throw e;
          });
          if (lock) { this.loops.set(key, loop); loop.watchers++; }
        }
        let view: CanaryView | undefined;
        if (lock) {
          const turn = loop.queue.then(() => controller.drive(namespace, service));
          loop.queue = turn.catch(() => undefined);
          const r = await turn;
          view = r ? viewOf(r.spec, r.state, controller.identity, true, Date.now()) : undefined;
        } else {
          view = await controller.view(namespace, service);
        }
        if (!view) { yield { type: 'gone' }; return; }
        finished = FINISHED.includes(view.state.phase);
        if (finished && lock) {
          await letGo();
          view = { ...view, driver: undefined, drivingHere: false };
        }
        const key2 = JSON.stringify([view.state.generation, view.state.updatedAt, view.driver, view.holdRemaining, view.state.phase]);
        if (key2 !== last) {
          last = key2;
          yield { type: 'view', view };
        }
        await sleep(lock && view.state.phase === 'progressing' ? DRIVE_MS : IDLE_MS, signal);
      }
    } finally {
      await letGo();
    }
  }

  /** Whether a rollout's Lease is held by someone (for the list). */
  static holder = lockHolder;
}
