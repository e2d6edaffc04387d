import type { RestartWorkload } from '../../../main/contract/inventory.js';
import { RestartProgress } from '../restart/RestartProgress.js';
import { RunButton, StageError, type StageProps } from './StageParts.js';
import { count, stageState } from './stage-words.js';

export const upgradeRowTestId = (r: RestartWorkload) => `restart-row-${r.namespace}-${r.name}`;

/** Stage 3: roll the moved namespaces' workloads and check that their new pods carry the new revision's proxy. */
export function RestartStage({ context, upgrade, view, runnable }: StageProps) {
  const state = stageState(view, 'restart');
  const to = view?.to ?? '';
  const moved = view?.moved ?? [];
  // After an undo, the restart shown is the undo's: it belongs to the Undo area then.
  const restart = view && !view.undo ? view.restart : undefined;
  const n = moved.length;
  return (
    <>
      <p className="muted">
        Rolls every Deployment, StatefulSet and DaemonSet in the moved namespaces, like <code>kubectl rollout restart</code>, and checks that the new pods carry
        the proxy of revision <span className="mono">{to}</span>.
      </p>
      {restart || state === 'running' ? (
        <RestartProgress status={restart} caption={`Workloads restarted onto revision ${to}`} showNamespace rowTestId={upgradeRowTestId} />
      ) : null}
      {restart?.phase === 'done' && state === 'done' ? <p className="upgrade-result">{restart.summary}</p> : null}
      {restart?.phase === 'failed' ? (
        <div className="explanation explanation-error" data-testid="upgrade-restart-problem">
          <p className="explanation-title">
            <span className="explanation-icon" aria-hidden="true">
              ✕
            </span>
            Not every workload came back on revision {to}
          </p>
          <p className="explanation-message">{restart.summary}</p>
          <p className="explanation-hint">
            <span className="explanation-hint-label">What to do: </span>
            Check that the namespace is labelled for {to} and that its injector is running (the rows above say what each workload carries), then restart
            again.
          </p>
        </div>
      ) : null}
      {(state === 'failed' && restart?.phase !== 'failed') || upgrade.failure?.action === 'restart' ? (
        <StageError stage="restart" context={context} upgrade={upgrade} view={view} />
      ) : null}
      {runnable ? (
        <RunButton
          label={n ? `${state === 'failed' ? 'Restart again' : 'Restart workloads'} in ${n === 1 ? moved[0] : count(n, 'namespace')}` : 'Continue: nothing to restart'}
          onRun={() => upgrade.run('restart')}
        />
      ) : null}
    </>
  );
}
