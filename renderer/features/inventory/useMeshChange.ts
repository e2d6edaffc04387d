import { useCallback, useEffect, useRef, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { MeshPlan, MeshTarget, WorkloadRef } from '../../../main/contract/inventory.js';
import { useCall } from '../../api/hooks.js';
import { useClient } from '../../api/transport.js';
import { failRestart, reduceMeshRestart, startedRestart, type MeshRestartProgress } from './mesh-restart.js';

export interface MeshChange {
  target: MeshTarget | undefined;
  choose(target: MeshTarget | undefined): void;
  /** The plan of the chosen target (the previous one stays while a new one loads: see `planning`). */
  plan: MeshPlan | undefined;
  planning: boolean;
  planError: RpcErrorShape | undefined;
  replan(): void;
  applying: boolean;
  /** Why the last Apply did not go through (CONFLICT: the plan is made again by itself). */
  applyError: RpcErrorShape | undefined;
  /** The plan as applied, once it is. */
  applied: MeshPlan | undefined;
  apply(): void;
}

/** Plans a namespace's mesh change whenever the target changes, and applies it against the planned resourceVersion. */
export function useMeshChange(context: string, namespace: string): MeshChange {
  const client = useClient();
  const [target, setTarget] = useState<MeshTarget | undefined>();
  const [replans, setReplans] = useState(0);
  const planned = useCall('mesh.plan', target ? { context, namespace, target } : null, { refresh: replans });
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<RpcErrorShape | undefined>();
  const [applied, setApplied] = useState<MeshPlan | undefined>();
  const alive = useAlive();

  const choose = useCallback((next: MeshTarget | undefined) => {
    setTarget(next);
    setApplyError(undefined);
  }, []);
  const replan = useCallback(() => setReplans((n) => n + 1), []);

  const plan = planned.data;
  const ready = !!target && !!plan && !planned.loading && !plan.refusal && !plan.unchanged;
  const apply = useCallback(() => {
    if (!ready || !target || !plan || applying) return;
    setApplying(true);
    setApplyError(undefined);
    client.call('mesh.apply', { context, namespace, target, resourceVersion: plan.resourceVersion }).then(
      (result) => {
        if (!alive.current) return;
        setApplying(false);
        setApplied(result);
      },
      (err: unknown) => {
        if (!alive.current) return;
        const error = toErrorShape(err);
        setApplying(false);
        setApplyError(error);
        // The namespace changed, or the change is refused now: show the plan as it is now.
        if (error.code === 'CONFLICT' || error.code === 'REFUSED') replan();
      },
    );
  }, [ready, target, plan, applying, client, context, namespace, alive, replan]);

  return { target, choose, plan, planning: planned.loading, planError: planned.error, replan, applying, applyError, applied, apply };
}

export interface MeshRestart {
  progress: MeshRestartProgress | undefined;
  /** Restarts these workloads (all that need it when absent). */
  start(workloads?: WorkloadRef[]): void;
}

/** Runs `mesh.restart` for one namespace, folding its events; cancelled when the dialog goes away. */
export function useMeshRestart(context: string, namespace: string): MeshRestart {
  const client = useClient();
  const [progress, setProgress] = useState<MeshRestartProgress | undefined>();
  const cancelRef = useRef<(() => void) | null>(null);
  useEffect(() => () => cancelRef.current?.(), []);

  const start = useCallback(
    (workloads?: WorkloadRef[]) => {
      cancelRef.current?.();
      setProgress(startedRestart());
      let finished = false;
      const stop = (error?: RpcErrorShape) => {
        finished = true;
        cancelRef.current = null;
        if (error) setProgress((p) => failRestart(p ?? startedRestart(), error));
      };
      const cancel = client.stream('mesh.restart', { context, namespace, ...(workloads ? { workloads } : {}) }, {
        onEvent(event) {
          if (finished) return;
          setProgress((p) => reduceMeshRestart(p ?? startedRestart(), event, namespace));
          if (event.type === 'done') stop();
        },
        onError: (error) => {
          if (!finished) stop(error);
        },
        onEnd: () => {
          if (!finished) stop({ code: 'CANCELLED', message: 'The restart stopped reporting before it finished; the workloads may still be rolling.' });
        },
      });
      if (!finished) cancelRef.current = cancel;
    },
    [client, context, namespace],
  );

  return { progress, start };
}

/** False once the component is gone, so late answers are dropped. */
function useAlive() {
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  return alive;
}
