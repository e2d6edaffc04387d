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
  // What was asked for, shown at once while the core makes it so.
  const [asked, setAsked] = useState<boolean | undefined>();
  const busy = asked !== undefined;
  const [error, setError] = useState<RpcErrorShape | undefined>();

  function flip(next: boolean) {
    if (busy) return;
    setAsked(next);
    setError(undefined);
    client.call('sample.canaryHealth', { context, healthy: !next }).then(
      (r) => {
        setAsked(undefined);
        setBad(!r.healthy);
      },
      (err: unknown) => {
        setAsked(undefined);
        setError(toErrorShape(err));
      },
    );
  }

  return (
    <div className="sample-switch" data-testid="sample-switch" data-bad={bad}>
      <label className="check-inline" htmlFor={id}>
        <input id={id} type="checkbox" role="switch" checked={asked ?? bad} aria-busy={busy} onChange={(e) => flip(e.target.checked)} data-testid="sample-bad" aria-describedby={`${id}-hint`} />
        Make the canary bad
      </label>
      <p id={`${id}-hint`} className="muted">
        In the sandbox only: the canary then fails many of its requests and answers slowly. Watch its gates fail and the rollout roll back.
      </p>
      {error ? <ErrorExplanation error={error} context={context} tone="warning" /> : null}
    </div>
  );
}
