import { useId, useState } from 'react';
import type { CanaryView } from '../../../main/contract/canary.js';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import { useClient } from '../../api/transport.js';
import { Dialog, DialogActions, useDialog } from '../../components/Dialog.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { askPermissionOnce } from './notifications.js';
import { CONTROLS, canaryErrorWords, type Control } from './words.js';

interface Props {
  context: string;
  view: CanaryView;
  /** The rollout as the core returned it after the control (the watch follows soon after). */
  onView(view: CanaryView): void;
  /** Plans the next rollout from this one (offered once nothing more can be done with it). */
  onPlanAgain?: (() => void) | undefined;
}

/**
 * The controls, each enabled exactly as `view.actions` says (a disabled one stays focusable and says it does not
 * apply now); abort and finalize ask first. A refusal shows in the errors feature's words.
 */
export function RolloutControls({ context, view, onView, onPlanAgain }: Props) {
  const client = useClient();
  const noteId = useId();
  const [busy, setBusy] = useState<Control['action'] | undefined>();
  const [asking, setAsking] = useState<Control | undefined>();
  const [error, setError] = useState<RpcErrorShape | undefined>();
  const { namespace, service } = view.spec;

  function run(control: Control) {
    if (busy) return;
    setBusy(control.action);
    setError(undefined);
    client.call('canary.act', { context, namespace, service, action: control.action }).then(
      (next) => {
        setBusy(undefined);
        onView(next);
      },
      (err: unknown) => {
        setBusy(undefined);
        setError(toErrorShape(err));
      },
    );
  }

  function press(control: Control) {
    if (!view.actions[control.flag] || busy) return;
    // A click is the gesture the browser wants before it asks for notification permission (asked once ever).
    void askPermissionOnce();
    if (control.confirm) setAsking(control);
    else run(control);
  }

  const none = CONTROLS.every((c) => !view.actions[c.flag]);
  return (
    <div className="controls" data-testid="canary-controls">
      <div className="button-row" role="group" aria-label="Rollout controls" aria-describedby={none ? noteId : undefined}>
        {CONTROLS.map((c) => {
          const enabled = view.actions[c.flag];
          return (
            <button
              key={c.action}
              type="button"
              className={`btn${c.confirm?.danger ? ' btn-danger-outline' : c.action === 'approve' && enabled ? ' btn-primary' : ''}`}
              aria-disabled={!enabled || !!busy}
              title={enabled ? undefined : 'Not possible in this phase'}
              onClick={() => press(c)}
              data-testid={`canary-action-${c.action}`}
              data-enabled={enabled}
            >
              {busy === c.action ? 'Working…' : c.label}
            </button>
          );
        })}
      </div>
      {none ? (
        <p className="controls-over">
          <span id={noteId} className="muted">
            This rollout is over: nothing more can be done with it.
          </span>
          {onPlanAgain ? (
            <button type="button" className="btn btn-primary" onClick={onPlanAgain} data-testid="canary-plan-again">
              Plan another rollout
            </button>
          ) : null}
        </p>
      ) : null}
      {error ? (
        <div role="alert">
          <ErrorExplanation error={error} context={context} words={canaryErrorWords(error)} testId="canary-action-error" />
        </div>
      ) : null}
      {asking?.confirm ? (
        <ConfirmDialog
          control={asking}
          view={view}
          onConfirm={() => run(asking)}
          onClose={() => setAsking(undefined)}
        />
      ) : null}
    </div>
  );
}

function ConfirmDialog({ control, view, onConfirm, onClose }: { control: Control; view: CanaryView; onConfirm(): void; onClose(): void }) {
  const dialog = useDialog();
  const descId = useId();
  const confirm = control.confirm!;
  return (
    <Dialog dialog={dialog} testId="canary-confirm" describedBy={descId} onClose={onClose}>
      <div className="dialog-body">
        <h2 id={dialog.titleId} className="dialog-title">
          {confirm.title(view)}
        </h2>
        <p id={descId}>{confirm.body(view)}</p>
        <DialogActions onCancel={dialog.close}>
          <button
            type="button"
            className={confirm.danger ? 'btn btn-danger' : 'btn btn-primary'}
            onClick={() => {
              onConfirm();
              dialog.close();
            }}
            data-testid="canary-confirm-ok"
          >
            {confirm.button}
          </button>
        </DialogActions>
      </div>
    </Dialog>
  );
}
