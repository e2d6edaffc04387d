import { useId } from 'react';
import type { UpgradeView } from '../../../main/contract/upgrade.js';
import { Spinner } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { RestartProgress } from '../restart/RestartProgress.js';
import { upgradeRowTestId } from './RestartStage.js';
import { STAGE_STATE_WORDS } from './stage-words.js';
import type { Upgrade } from './useUpgrade.js';

const MARK = { running: null, done: '✓', failed: '✕', pending: '○' } as const;

/** Undo, from the first change until the old revision's removal starts: the core's plan, step by step, and how it went. */
export function UndoArea({ context, upgrade, view }: { context: string; upgrade: Upgrade; view: UpgradeView }) {
  const headingId = useId();
  const undo = view.undo;
  const running = undo?.status === 'running' || upgrade.undoing;
  if (!undo && !view.canUndo) return null;
  const restartStep = view.undoPlan.find((s) => s.id === 'restart');
  const failedStep = view.undoPlan.find((s) => s.state === 'failed');
  return (
    <section className="upgrade-undo" aria-labelledby={headingId} data-testid="upgrade-undo-area" data-state={undo?.status ?? 'available'}>
      <h4 id={headingId}>Undo</h4>
      {undo?.status === 'done' ? (
        <div className="success" data-testid="upgrade-undone" role="status">
          <span className="success-mark" aria-hidden="true">
            ✓
          </span>
          <div>
            <h5 className="success-title">Back on revision {view.from}</h5>
            <p className="success-detail">
              {view.moved.length ? `${view.moved.join(', ')} ${view.moved.length === 1 ? 'has' : 'have'} its labels from before again and restarted; ` : ''}
              revision {view.to} is removed.
            </p>
            <div className="button-row">
              <button type="button" className="btn" onClick={upgrade.dismiss} data-testid="upgrade-start-over">
                Start a new upgrade
              </button>
            </div>
          </div>
        </div>
      ) : (
        <>
          <p className="muted">{undo ? 'Undo, step by step:' : 'Puts everything back, in this order:'}</p>
          <ol className="phase-list upgrade-undo-steps">
            {view.undoPlan.map((st) => (
              <li key={st.id} className={`phase phase-${st.state === 'failed' ? 'stopped' : st.state}`} data-testid={`upgrade-undo-step-${st.id}`} data-state={st.state}>
                <span className="phase-mark" aria-hidden="true">
                  {MARK[st.state] ?? <span className="spinner" />}
                </span>
                <span className="phase-label">{st.label}</span>
                <span className="sr-only">: {STAGE_STATE_WORDS[st.state]}</span>
              </li>
            ))}
          </ol>
          {undo && restartStep && restartStep.state !== 'pending' ? (
            <RestartProgress status={view.restart} caption={`Workloads restarted back onto revision ${view.from}`} showNamespace rowTestId={upgradeRowTestId} />
          ) : null}
          {undo?.status === 'failed' && undo.error ? (
            <ErrorExplanation
              error={undo.error}
              context={context}
              testId="upgrade-undo-error"
              words={
                failedStep?.id === 'restart'
                  ? { title: `Some workloads did not come back on revision ${view.from}`, hint: 'Check their pods (kubectl describe), then undo again: it moves and restarts them once more.' }
                  : undefined
              }
            />
          ) : null}
          {upgrade.failure?.action === 'undo' ? <ErrorExplanation error={upgrade.failure.error} context={context} testId="upgrade-undo-error" /> : null}
          {running ? (
            <Spinner label="Undoing…" />
          ) : view.canUndo ? (
            <div className="button-row">
              <button type="button" className="btn" onClick={upgrade.undo} data-testid="upgrade-undo">
                {undo?.status === 'failed' ? 'Undo again' : 'Undo the upgrade'}
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
