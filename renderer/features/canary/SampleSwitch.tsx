import { useId, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import { useClient } from '../../api/transport.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';

/**
 * The sandbox's switch for the sample app: "make the canary bad" (errors and slow answers), so that a newcomer can
 * watch the gates fail and the rollout roll back; off makes it healthy again.
 */
export function SampleSwitch({ context }: { context: string }) {
  const client = useClient();
  const id = useId();
  const [bad, setBad] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcErrorShape | undefined>();

  function flip(next: boolean) {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    client.call('sample.canaryHealth', { context, healthy: !next }).then(
      (r) => {
        setBusy(false);
        setBad(!r.healthy);
      },
      (err: unknown) => {
        setBusy(false);
        setError(toErrorShape(err));
      },
    );
  }

  return (
    <div className="sample-switch" data-testid="sample-switch" data-bad={bad}>
      <label className="check" htmlFor={id}>
        <input id={id} type="checkbox" role="switch" checked={bad} aria-busy={busy} onChange={(e) => flip(e.target.checked)} data-testid="sample-bad" aria-describedby={`${id}-hint`} />
        Make the canary bad
      </label>
      <p id={`${id}-hint`} className="muted">
        In the sandbox only: the canary then fails many of its requests and answers slowly. Watch its gates fail and the rollout roll back.
      </p>
      {error ? <ErrorExplanation error={error} context={context} tone="warning" /> : null}
    </div>
  );
}
