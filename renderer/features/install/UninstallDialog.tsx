import { useId, type FormEvent } from 'react';
import { Dialog, DialogActions, useDialog } from '../../components/Dialog.js';
import { confirmsUninstall, revisionsText, UNINSTALL_CONFIRM_WORD } from './options.js';

interface Props {
  open: boolean;
  context: string;
  /** Every control plane in the cluster ('' = default): the uninstall removes them all. */
  revisions: readonly string[];
  /** What is typed so far (kept by the page, so closing the dialog does not lose it). */
  typed: string;
  onType(value: string): void;
  onConfirm(): void;
  onClose(): void;
}

/**
 * The uninstall confirmation: a modal <dialog> that says plainly what goes, and asks for the word that confirms it.
 * Escape or Cancel closes it; the focus goes back to the button that opened it.
 */
export function UninstallDialog({ open, context, revisions, typed, onType, onConfirm, onClose }: Props) {
  const dialog = useDialog(open);
  const descId = useId();
  const inputId = useId();
  const hintId = useId();
  const ok = confirmsUninstall(typed);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (ok) onConfirm();
  }

  return (
    <Dialog dialog={dialog} testId="uninstall-dialog" closedLabel="Uninstall Istio" describedBy={descId} onClose={onClose}>
      <form className="dialog-body" onSubmit={submit} noValidate>
        <h2 id={dialog.titleId} className="dialog-title">
          Uninstall Istio from {context}?
        </h2>
        <div id={descId} className="callout-error">
          <p>
            <strong>This deletes Istio’s CustomResourceDefinitions, and with them every Istio object in every namespace</strong>: VirtualServices,
            DestinationRules, Gateways, ServiceEntries, AuthorizationPolicies, PeerAuthentications and the rest. They cannot be brought back.
          </p>
          <p>
            Every control plane ({revisionsText(revisions)}), its webhooks, roles and the <code>istio-system</code> namespace go too. Pods that already
            have sidecars keep running, but without a control plane; restart them after removing the injection label.
          </p>
        </div>
        <div className="field">
          <label htmlFor={inputId}>
            Type <strong className="mono">{UNINSTALL_CONFIRM_WORD}</strong> to confirm
          </label>
          <input
            id={inputId}
            type="text"
            className="input mono"
            value={typed}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={hintId}
            onChange={(e) => onType(e.target.value)}
            data-testid="uninstall-confirm-input"
          />
          <p id={hintId} className="field-hint">
            {ok ? 'Confirmed. Uninstall starts when you press the button.' : 'The Uninstall button works once the word matches.'}
          </p>
        </div>
        <DialogActions onCancel={dialog.close}>
          <button type="submit" className="btn btn-danger" aria-disabled={!ok} data-testid="uninstall-confirm">
            Uninstall Istio
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
