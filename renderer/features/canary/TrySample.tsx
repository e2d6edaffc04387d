import { useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import { useClient } from '../../api/transport.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import type { SampleApp } from './target.js';

interface Props {
  context: string;
  /** The sample is in the cluster: open the canary page prefilled with it. */
  onDeployed(sample: SampleApp): void;
  /** A quieter button (beside other actions) rather than the main one. */
  quiet?: boolean;
}

/** "Try a canary rollout": deploys the sample app (two versions and a caller), then opens the canary page for it. */
export function TrySample({ context, onDeployed, quiet = false }: Props) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcErrorShape | undefined>();

  function deploy() {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    client.call('sample.deploy', { context }).then(
      (sample) => {
        setBusy(false);
        onDeployed(sample);
      },
      (err: unknown) => {
        setBusy(false);
        setError(toErrorShape(err));
      },
    );
  }

  return (
    <>
      <button type="button" className={quiet ? 'btn' : 'btn btn-primary'} aria-disabled={busy} onClick={deploy} data-testid="try-sample">
        {busy ? 'Deploying the sample app…' : 'Try a canary rollout on a sample app'}
      </button>
      {error ? <ErrorExplanation error={error} context={context} testId="try-sample-error" /> : null}
    </>
  );
}
