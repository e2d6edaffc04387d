import { useCallback, useEffect, useRef, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { MeshPlan, MeshTarget, RestartStatus, WorkloadRef } from '../../../main/contract/inventory.js';
import { useCall } from '../../api/hooks.js';
import { useStreamRun } from '../../api/streams.js';
import { useClient } from '../../api/transport.js';

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
  /** The restart as the core last sent it. */
  status: RestartStatus | undefined;
  /** Why the stream itself failed or stopped early (not a workload: those are in `status`). */
  error: RpcErrorShape | undefined;
  /** Watching has begun. */
  started: boolean;
  /** Restarts these workloads (all that need it when absent). */
  start(workloads?: WorkloadRef[]): void;
}

const latest = (_: RestartStatus | undefined, status: RestartStatus) => status;
const stoppedEarly: RpcErrorShape = { code: 'CANCELLED', message: 'The restart stopped reporting before it finished; the workloads may still be rolling.' };

/** Runs `mesh.restart` for one namespace; the core sends the whole status each time. Stops watching when the dialog goes away. */
export function useMeshRestart(context: string, namespace: string): MeshRestart {
  const run = useStreamRun('mesh.restart', latest);
  const { start: startRun } = run;
  const start = useCallback(
    (workloads?: WorkloadRef[]) => startRun({ context, namespace, ...(workloads ? { workloads } : {}) }),
    [startRun, context, namespace],
  );
  const endedEarly = run.status === 'ended' && run.data?.phase !== 'done' && run.data?.phase !== 'failed';
  return { status: run.data, error: run.error ?? (endedEarly ? stoppedEarly : undefined), started: run.status !== 'idle', start };
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
