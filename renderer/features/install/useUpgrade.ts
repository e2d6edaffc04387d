import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { EventOf, InputOf, StreamMethod } from '../../../main/contract/api.js';
import { MeshdeckError, toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { InstallEvent, InstallOptions, MeshInstallStatus } from '../../../main/contract/install.js';
import { useClient } from '../../api/transport.js';
import {
  canRun,
  canUndo,
  defaultFromRevision,
  initialUpgrade,
  moveBackTarget,
  reduceRestart,
  restartOutcome,
  suggestRevision,
  tagRestoreTarget,
  tagTarget,
  undoPlan,
  upgradeOptions,
  upgradeReducer,
  type RestartProgress,
  type UndoStepId,
  type UpgradeState,
} from './upgrade.js';
import { useInstallRun, type InstallRun } from './useInstallRun.js';

type Client = ReturnType<typeof useClient>;

export interface Upgrade {
  state: UpgradeState;
  /** The panel is open (kept here, so that leaving the step and coming back keeps the flow where it was). */
  open: boolean;
  /** Undo's failure, in words that fit it better than the error code's (when there are such words). */
  undoWords: { title: string; hint: string } | undefined;
  /** The new revision's install run (stage 1), shown with the wizard's RunView. */
  install: InstallRun;
  show(status: MeshInstallStatus | undefined): void;
  hide(): void;
  configure(change: { from?: string; to?: string }): void;
  runInstall(options: InstallOptions | undefined): void;
  cancelInstall(): void;
  runMove(namespaces: string[], target: string): void;
  runRestart(): void;
  runTags(tags: string[], status: MeshInstallStatus | undefined): void;
  runRemove(): void;
  undo(): void;
  startOver(status: MeshInstallStatus | undefined): void;
}

/** Runs a stream to its end, handing each event over; rejects with the error shape when it breaks. */
function streamToEnd<K extends StreamMethod>(
  client: Client,
  method: K,
  input: InputOf<K>,
  onEvent: (event: EventOf<K>) => void,
  running: Set<() => void>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const held: { cancel?: () => void } = {};
    let over = false;
    const stop = () => {
      over = true;
      if (held.cancel) running.delete(held.cancel);
    };
    const cancel = client.stream(method, input, {
      onEvent,
      onError(error) {
        stop();
        reject(error);
      },
      onEnd() {
        stop();
        resolve();
      },
    });
    held.cancel = cancel;
    if (!over) running.add(cancel);
  });
}

const shape = (err: unknown): RpcErrorShape => (err && typeof err === 'object' && 'code' in err && 'message' in err && !(err instanceof Error) ? (err as RpcErrorShape) : toErrorShape(err));
const stoppedEarly = (what: string): RpcErrorShape => ({ code: 'INTERNAL', message: `The core stopped reporting before the ${what} finished, so it is not known to be complete.` });

/**
 * Upgrade by revision, stage by stage (see upgrade.ts for the rules). `onChanged` is told whenever the
 * cluster changed (to reload revisions.status); `onComplete` when the old revision is gone.
 */
export function useUpgrade(context: string, onChanged: () => void, onComplete: (to: string) => void): Upgrade {
  const client = useClient();
  const [state, dispatch] = useReducer(upgradeReducer, undefined, () => initialUpgrade('default', 'canary'));
  const [open, setOpen] = useState(false);
  const [undoWords, setUndoWords] = useState<{ title: string; hint: string } | undefined>();
  const stateRef = useRef(state);
  const callbacks = useRef({ onChanged, onComplete });
  useEffect(() => {
    stateRef.current = state;
    callbacks.current = { onChanged, onComplete };
  });
  const running = useRef(new Set<() => void>());
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    const streams = running.current;
    return () => {
      alive.current = false;
      for (const cancel of streams) cancel();
      streams.clear();
    };
  }, []);
  const changed = () => {
    if (alive.current) callbacks.current.onChanged();
  };

  const install = useInstallRun('install', (event: InstallEvent) => {
    if (event.type === 'done') dispatch({ type: 'done', stage: 'install' });
    else if (event.type === 'failed') dispatch({ type: 'fail', stage: 'install', error: event.error });
    changed();
  });

  const show = useCallback((status: MeshInstallStatus | undefined) => {
    // A flow not started yet takes the names the cluster suggests now.
    if (stateRef.current.stages.install === 'pending' && !stateRef.current.undo) {
      dispatch({ type: 'reset', from: defaultFromRevision(status), to: suggestRevision(status) });
    }
    setOpen(true);
  }, []);

  const hide = useCallback(() => setOpen(false), []);
  const configure = useCallback((change: { from?: string; to?: string }) => dispatch({ type: 'configure', ...change }), []);

  function runInstall(options: InstallOptions | undefined) {
    const s = stateRef.current;
    if (!canRun(s, 'install')) return;
    dispatch({ type: 'start', stage: 'install' });
    install.start({ context, options: upgradeOptions(undefined, options, s.to) });
  }

  function cancelInstall() {
    install.cancel();
    dispatch({ type: 'fail', stage: 'install', error: { code: 'CANCELLED', message: 'Install cancelled. What was applied stays; running it again continues, Undo removes it.' } });
  }

  function runMove(namespaces: string[], target: string) {
    const s = stateRef.current;
    if (!canRun(s, 'move')) return;
    dispatch({ type: 'start', stage: 'move' });
    if (!namespaces.length) {
      dispatch({ type: 'moved', namespaces: [], target });
      return;
    }
    client.call('revisions.move', { context, namespaces, target }).then(
      (r) => {
        dispatch({ type: 'moved', namespaces: r.moved, target });
        changed();
      },
      (err: unknown) => {
        dispatch({ type: 'fail', stage: 'move', error: toErrorShape(err) });
        changed();
      },
    );
  }

  function runRestart() {
    const s = stateRef.current;
    if (!canRun(s, 'restart')) return;
    dispatch({ type: 'start', stage: 'restart' });
    if (!s.moved.length) {
      dispatch({ type: 'restart-event', event: { type: 'done', restarted: 0, wrongRevision: 0 } });
      return;
    }
    let sawDone = false;
    streamToEnd(
      client,
      'revisions.restart',
      { context, namespaces: s.moved, expectRevision: s.to },
      (event) => {
        if (event.type === 'done') sawDone = true;
        dispatch({ type: 'restart-event', event });
      },
      running.current,
    ).then(
      () => {
        if (!sawDone) dispatch({ type: 'fail', stage: 'restart', error: stoppedEarly('restart') });
      },
      (err: unknown) => dispatch({ type: 'fail', stage: 'restart', error: shape(err) }),
    );
  }

  function runTags(tags: string[], status: MeshInstallStatus | undefined) {
    const s = stateRef.current;
    if (!canRun(s, 'tags')) return;
    dispatch({ type: 'start', stage: 'tags' });
    void (async () => {
      try {
        for (const tag of tags) {
          const current = tagTarget(status, tag);
          await client.call('revisions.tag', { context, tag, revision: s.to });
          dispatch({ type: 'tagged', tag, previous: current === s.to ? undefined : current });
        }
        dispatch({ type: 'done', stage: 'tags' });
      } catch (err) {
        dispatch({ type: 'fail', stage: 'tags', error: toErrorShape(err) });
      }
      changed();
    })();
  }

  function runRemove() {
    const s = stateRef.current;
    if (!canRun(s, 'remove')) return;
    dispatch({ type: 'start', stage: 'remove' });
    let terminal: InstallEvent | undefined;
    streamToEnd(
      client,
      'revisions.remove',
      { context, revision: s.from },
      (event) => {
        if (event.type === 'object') dispatch({ type: 'removed-object' });
        else if (event.type === 'done' || event.type === 'failed') terminal = event;
      },
      running.current,
    ).then(
      () => {
        if (terminal?.type === 'done') {
          dispatch({ type: 'done', stage: 'remove' });
          if (alive.current) callbacks.current.onComplete(s.to);
        } else {
          dispatch({ type: 'fail', stage: 'remove', error: terminal?.type === 'failed' ? terminal.error : stoppedEarly('removal') });
        }
        changed();
      },
      (err: unknown) => {
        dispatch({ type: 'fail', stage: 'remove', error: shape(err) });
        changed();
      },
    );
  }

  function undo() {
    const s = stateRef.current;
    if (!canUndo(s)) return;
    const steps = undoPlan(s);
    setUndoWords(undefined);
    dispatch({ type: 'undo-start', steps });
    const step = (id: UndoStepId, st: 'running' | 'done') => dispatch({ type: 'undo-step', id, state: st });
    void (async () => {
      try {
        for (const { id } of steps) {
          step(id, 'running');
          if (id === 'tags') {
            for (const change of s.tagChanges) await client.call('revisions.tag', { context, tag: change.tag, revision: tagRestoreTarget(change, s.from) });
          } else if (id === 'move') {
            await client.call('revisions.move', { context, namespaces: s.moved, target: moveBackTarget(s.from) });
          } else if (id === 'restart') {
            let progress: RestartProgress = { status: 'running', rows: [] };
            await streamToEnd(client, 'revisions.restart', { context, namespaces: s.moved, expectRevision: s.from }, (e) => (progress = reduceRestart(progress, e)), running.current);
            const outcome = restartOutcome(progress, s.from);
            if (progress.status === 'running') throw new MeshdeckError(stoppedEarly('restart'));
            if (!outcome.ok) {
              setUndoWords({ title: `Some workloads did not come back on revision ${s.from}`, hint: 'Check their pods (kubectl describe), then undo again: it moves and restarts them once more.' });
              throw new MeshdeckError({ code: 'INTERNAL', message: outcome.text });
            }
          } else {
            let terminal: InstallEvent | undefined;
            await streamToEnd(client, 'revisions.remove', { context, revision: s.to }, (e) => {
              if (e.type === 'done' || e.type === 'failed') terminal = e;
            }, running.current);
            if (terminal?.type === 'failed') throw new MeshdeckError(terminal.error);
            if (!terminal) throw new MeshdeckError(stoppedEarly('removal'));
          }
          step(id, 'done');
          changed();
        }
        dispatch({ type: 'undo-done' });
      } catch (err) {
        dispatch({ type: 'undo-fail', error: shape(err) });
      }
      changed();
    })();
  }

  function startOver(status: MeshInstallStatus | undefined) {
    if (stateRef.current.undo?.status === 'running') return;
    install.reset();
    setUndoWords(undefined);
    dispatch({ type: 'reset', from: defaultFromRevision(status), to: suggestRevision(status) });
  }

  return { state, open, undoWords, install, show, hide, configure, runInstall, cancelInstall, runMove, runRestart, runTags, runRemove, undo, startOver };
}
