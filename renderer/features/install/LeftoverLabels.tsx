import { useState } from 'react';
import { MeshdeckError, toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { RestartStatus } from '../../../main/contract/inventory.js';
import type { MeshdeckClient } from '../../../main/contract/client.js';
import { useClient } from '../../api/transport.js';
import { Spinner } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';

type Cleanup =
  | { state: 'idle' }
  | { state: 'running'; step: string }
  | { state: 'done'; summaries: string[] }
  | { state: 'failed'; error: RpcErrorShape };

/**
 * After an uninstall: the namespaces whose labels still ask for the removed mesh (their pods keep proxies nothing
 * configures any more). One button removes those labels and restarts the namespaces' workloads, so they run
 * without a proxy again.
 */
export function LeftoverLabels({ context, namespaces }: { context: string; namespaces: readonly string[] }) {
  const client = useClient();
  const [cleanup, setCleanup] = useState<Cleanup>({ state: 'idle' });

  async function clearAndRestart() {
    if (cleanup.state === 'running') return;
    try {
      setCleanup({ state: 'running', step: 'Removing the mesh labels…' });
      await client.call('mesh.clearLabels', { context, namespaces: [...namespaces] });
      const summaries: string[] = [];
      for (const namespace of namespaces) {
        setCleanup({ state: 'running', step: `Restarting the workloads of ${namespace}…` });
        const last = await lastStatus(client, context, namespace);
        summaries.push(`${namespace}: ${last?.summary ?? 'nothing to restart.'}`);
      }
      setCleanup({ state: 'done', summaries });
    } catch (err) {
      setCleanup({ state: 'failed', error: toErrorShape(err) });
    }
  }

  return (
    <div className="explanation explanation-warning leftover-labels" data-testid="uninstall-labelled" role="status">
      <p className="explanation-title">
        <span className="explanation-icon" aria-hidden="true">
          !
        </span>
        {namespaces.length === 1 ? 'One namespace still points at the removed mesh' : `${namespaces.length} namespaces still point at the removed mesh`}
      </p>
      <p className="explanation-message">
        Their labels still ask for Istio’s sidecar, and their running pods keep proxies that nothing configures any more (the inventory shows them as
        orphaned): <span className="mono">{namespaces.join(', ')}</span>.
      </p>
      {cleanup.state === 'done' ? (
        <ul className="leftover-results" data-testid="uninstall-labels-cleared">
          <li>Labels removed.</li>
          {cleanup.summaries.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      ) : cleanup.state === 'running' ? (
        <Spinner label={cleanup.step} />
      ) : (
        <div className="button-row">
          <button type="button" className="btn" onClick={() => void clearAndRestart()} data-testid="uninstall-clear-labels">
            Remove their mesh labels and restart them
          </button>
        </div>
      )}
      {cleanup.state === 'failed' ? <ErrorExplanation error={cleanup.error} context={context} testId="uninstall-clear-error" /> : null}
    </div>
  );
}

/** Runs a namespace's restart to its end; resolves with the last status the core sent. */
function lastStatus(client: MeshdeckClient, context: string, namespace: string): Promise<RestartStatus | undefined> {
  return new Promise((resolve, reject) => {
    let last: RestartStatus | undefined;
    client.stream('mesh.restart', { context, namespace }, {
      onEvent: (status) => {
        last = status;
      },
      onError: (error) => reject(new MeshdeckError(error)),
      onEnd: () => resolve(last),
    });
  });
}
