import { useId, useState } from 'react';
import { Spinner } from '../../components/ui.js';
import { RunButton, StageError, type StageProps } from './StageParts.js';
import { count, stageState } from './stage-words.js';

/** Stage 5: remove the old revision's control plane, after a confirmation: the one stage Undo cannot reverse. */
export function RemoveStage({ context, upgrade, view, runnable }: StageProps) {
  const titleId = useId();
  const [confirming, setConfirming] = useState(false);
  const state = stageState(view, 'remove');
  const from = view?.from ?? '';
  const to = view?.to ?? '';
  return (
    <>
      <p className="muted">
        Removes the control plane of revision <span className="mono">{from}</span>: its istiod, webhooks and configuration. The CRDs, your Istio config
        and what other revisions share stay. <strong>This is the one stage that cannot be undone.</strong>
      </p>
      {runnable && confirming ? (
        <div className="callout-error upgrade-confirm" role="group" aria-labelledby={titleId} data-testid="upgrade-remove-confirm-box">
          <p id={titleId} className="upgrade-confirm-title">
            Remove revision {from} now?
          </p>
          <p>After this, Undo is no longer possible: going back means installing {from} again.</p>
          <div className="button-row">
            <button type="button" className="btn" onClick={() => setConfirming(false)} data-testid="upgrade-remove-cancel">
              Keep it
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                setConfirming(false);
                upgrade.run('remove');
              }}
              data-testid="upgrade-remove-confirm"
            >
              Remove revision {from}
            </button>
          </div>
        </div>
      ) : null}
      {state === 'running' ? <Spinner label={`Removing revision ${from}…`} /> : null}
      {state === 'failed' || upgrade.failure?.action === 'remove' ? <StageError stage="remove" context={context} upgrade={upgrade} view={view} /> : null}
      {state === 'done' && view ? (
        <div className="success" data-testid="upgrade-done" role="status">
          <span className="success-mark" aria-hidden="true">
            ✓
          </span>
          <div>
            <h5 className="success-title">Upgraded to revision {to}</h5>
            <p className="success-detail">
              Revision {from} is removed ({count(view.removed, 'object')}).{' '}
              {view.moved.length ? `${view.moved.join(', ')} run${view.moved.length === 1 ? 's' : ''} on ${to}. ` : ''}
              {view.tagChanges.length ? `Tags now on ${to}: ${view.tagChanges.map((t) => t.tag).join(', ')}.` : ''}
            </p>
          </div>
        </div>
      ) : null}
      {runnable && !confirming ? (
        <RunButton label={state === 'failed' ? `Remove revision ${from} again…` : `Remove revision ${from}…`} onRun={() => setConfirming(true)} danger />
      ) : null}
    </>
  );
}
