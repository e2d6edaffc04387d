import { useId, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { WorkloadRow } from '../../../main/contract/inventory.js';
import { useClient } from '../../api/transport.js';
import { Dialog, DialogActions, useDialog } from '../../components/Dialog.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';

interface Props {
  context: string;
  workload: WorkloadRow;
  onClose(): void;
}

/**
 * Opting a workload out of sidecar injection (or back in) changes its pod template, which rolls its pods: the
 * dialog says so before anything happens. In the document only while open (the page mounts it).
 */
export function OptOutDialog({ context, workload, onClose }: Props) {
  const dialog = useDialog();
  return (
    <Dialog dialog={dialog} testId="mesh-optout-dialog" onClose={onClose}>
      <OptOutBody titleId={dialog.titleId} context={context} workload={workload} onDismiss={dialog.close} />
    </Dialog>
  );
}

function OptOutBody({ titleId, context, workload, onDismiss }: { titleId: string; context: string; workload: WorkloadRow; onDismiss(): void }) {
  const client = useClient();
  const descId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcErrorShape | undefined>();
  const optOut = !workload.optedOut;
  const what = `${workload.kind} ${workload.name}`;

  function confirm() {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    client.call('mesh.optOut', { context, namespace: workload.namespace, workload: { kind: workload.kind, name: workload.name }, optOut }).then(
      () => onDismiss(),
      (err: unknown) => {
        setBusy(false);
        setError(toErrorShape(err));
      },
    );
  }

  return (
    <div className="dialog-body">
      <h2 id={titleId} className="dialog-title">
        {optOut ? `Opt ${what} out of sidecar injection?` : `Opt ${what} back in to sidecar injection?`}
      </h2>
      <div id={descId} className="notice notice-warn optout-text">
        {optOut ? (
          <p>
            This sets <code>sidecar.istio.io/inject=false</code> on the pod template of {what} in namespace {workload.namespace}.{' '}
            <strong>Kubernetes then replaces its pods</strong> (a rolling restart), and the new pods start without the Istio proxy, even though the namespace asks
            for one.
          </p>
        ) : (
          <p>
            This removes <code>sidecar.istio.io/inject=false</code> from the pod template of {what} in namespace {workload.namespace}.{' '}
            <strong>Kubernetes then replaces its pods</strong> (a rolling restart); the new pods get the proxy if the namespace has sidecar injection on.
          </p>
        )}
      </div>
      {error ? <ErrorExplanation error={error} context={context} testId="mesh-optout-error" /> : null}
      <DialogActions onCancel={onDismiss}>
        <button type="button" className="btn btn-primary" aria-disabled={busy} aria-describedby={descId} onClick={confirm} data-testid="mesh-optout-confirm">
          {busy ? 'Changing…' : optOut ? 'Opt out and roll its pods' : 'Opt back in and roll its pods'}
        </button>
      </DialogActions>
    </div>
  );
}
