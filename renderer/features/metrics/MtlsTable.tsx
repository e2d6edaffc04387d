import type { MtlsPosture } from '../../../main/contract/metrics.js';
import { Badge, None } from '../../components/ui.js';
import { OBSERVED_WORDS, modeWords } from './words.js';

/** Per namespace: the PeerAuthentication mode in force (and where it comes from) next to what traffic shows, the mismatch named. */
export function MtlsTable({ posture }: { posture: MtlsPosture }) {
  return (
    <table className="table" data-testid="mtls-table">
      <caption className="sr-only">mTLS posture per namespace: the policy in force against what traffic shows</caption>
      <thead>
        <tr>
          <th scope="col">Namespace</th>
          <th scope="col">Mode in force</th>
          <th scope="col">Traffic shows</th>
          <th scope="col">Mismatch</th>
        </tr>
      </thead>
      <tbody>
        {posture.namespaces.map((n) => {
          const observed = OBSERVED_WORDS[n.observed];
          return (
            <tr key={n.namespace} data-testid="mtls-row" data-namespace={n.namespace} data-mode={n.mode} data-observed={n.observed} data-mismatch={n.mismatch ? 'yes' : 'no'}>
              <td className="mono">{n.namespace}</td>
              <td>
                <span className="mono">{modeWords(n.mode)}</span>
                {n.modeFrom ? <span className="muted"> from {n.modeFrom}</span> : null}
              </td>
              <td>
                <Badge tone={observed.tone} icon={observed.tone !== 'neutral'}>
                  {observed.label}
                </Badge>
              </td>
              <td>{n.mismatch ? <span className="mtls-mismatch"><Badge tone="warn">Mismatch</Badge> {n.mismatch}</span> : <None />}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
