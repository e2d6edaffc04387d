import type { OutputOf } from '../../../main/contract/api.js';
import type { CallState } from '../../api/hooks.js';
import { Badge, Spinner } from '../../components/ui.js';
import { sourceWords } from './source-form.js';
import { REASON_TITLE } from './DiagnosisView.js';

export type SourceStatus = CallState<OutputOf<'metrics.source'>>;

interface Props {
  source: SourceStatus;
  onChange(): void;
}

/** "Prometheus: Service monitoring/prometheus:9090 (found in the cluster), reached through the API server · Change…". */
export function SourceLine({ source, onChange }: Props) {
  const status = source.data;
  return (
    <p className="source-line" data-testid="metrics-source" data-kind={status?.source?.kind ?? 'none'}>
      <span className="label">Prometheus:</span>{' '}
      {status ? (
        status.source ? (
          <span className="source-words">{sourceWords(status.source)}</span>
        ) : (
          <span className="muted-strong">none</span>
        )
      ) : source.error ? (
        <span className="muted-strong">unknown</span>
      ) : (
        <Spinner label="Finding it…" />
      )}
      {status?.diagnosis ? (
        <>
          {' '}
          <Badge tone="warn">{REASON_TITLE[status.diagnosis.reason]}</Badge>
        </>
      ) : null}{' '}
      <button type="button" className="btn btn-small btn-ghost" onClick={onChange} data-testid="metrics-source-change">
        Change…
      </button>
    </p>
  );
}
