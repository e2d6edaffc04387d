import type { CanaryView } from '../../../main/contract/canary.js';
import type { CallState } from '../../api/hooks.js';
import { Badge, EmptyState, Skeleton } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { PHASE_WORDS } from './words.js';

interface Props {
  context: string;
  list: CallState<{ rollouts: CanaryView[] }>;
  onOpen(namespace: string, service: string): void;
}

/** The rollouts recorded in the cluster (any phase), each with where it stands and who drives it. */
export function RolloutList({ context, list, onOpen }: Props) {
  const rollouts = list.data?.rollouts;
  if (list.error && !rollouts) return <ErrorExplanation error={list.error} context={context} tone="warning" retry={{ label: 'Retry', onClick: list.reload, quiet: true }} />;
  if (!rollouts) return <Skeleton lines={2} />;
  if (rollouts.length === 0) {
    return (
      <EmptyState title="No rollouts in this cluster yet" testId="rollouts-empty">
        <p>Plan one below, or try the sample app.</p>
      </EmptyState>
    );
  }
  return (
    <table className="table" data-testid="rollout-list">
      <caption className="sr-only">Canary rollouts in this cluster</caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Phase</th>
          <th scope="col">Where it stands</th>
          <th scope="col">Driven by</th>
          <th scope="col">
            <span className="sr-only">Open</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rollouts.map((r) => {
          const phase = PHASE_WORDS[r.state.phase];
          return (
            <tr key={`${r.spec.namespace}/${r.spec.service}`} data-testid="rollout-row" data-phase={r.state.phase}>
              <td className="mono">
                {r.spec.namespace}/{r.spec.service}
              </td>
              <td>
                <Badge tone={phase.tone}>{phase.label}</Badge>
              </td>
              <td>{r.summary}</td>
              <td className="muted">{r.driver ?? 'nobody'}</td>
              <td>
                <button type="button" className="btn btn-small" onClick={() => onOpen(r.spec.namespace, r.spec.service)}>
                  Open<span className="sr-only"> the rollout of {r.spec.service}</span>
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
