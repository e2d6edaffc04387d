import type { Diagnosis, NoDataReason } from '../../../main/contract/metrics.js';
import { formatTime } from '../../components/ui.js';

/** A plain title per reason; the core's message says the particulars, its fix what to do. */
export const REASON_TITLE: Record<NoDataReason, string> = {
  'no-prometheus': 'No Prometheus to read metrics from',
  unreachable: 'Prometheus did not answer',
  'no-istio-metrics': 'Prometheus has no Istio metrics',
  'no-traffic': 'No traffic in this range',
  stale: 'The metrics stopped updating',
  'query-error': 'Prometheus refused a query',
};

/** Reasons that are about Prometheus itself (where to read from), not about this service's traffic. */
const ABOUT_THE_SOURCE: ReadonlySet<NoDataReason> = new Set(['no-prometheus', 'unreachable', 'no-istio-metrics', 'stale']);

interface Props {
  diagnosis: Diagnosis;
  /** Opens the control-plane wizard, whose Options step has the Prometheus add-on (shown for no-prometheus). */
  onOpenInstall?: (() => void) | undefined;
  /** Opens the choice of Prometheus (shown when the source is the problem). */
  onChooseSource?: (() => void) | undefined;
  testId?: string;
}

/**
 * Why there are no numbers, honestly: the reason, the core's sentence, what to do, and for a refused query the
 * query and Prometheus's own message.
 */
export function DiagnosisView({ diagnosis, onOpenInstall, onChooseSource, testId = 'diagnosis' }: Props) {
  const { reason } = diagnosis;
  const quiet = reason === 'no-traffic';
  return (
    <div className={`diagnosis ${quiet ? 'diagnosis-info' : 'diagnosis-warn'}`} data-testid={testId} data-reason={reason} role="status">
      <p className="diagnosis-title">
        <span className="diagnosis-icon" aria-hidden="true">
          {quiet ? 'i' : '!'}
        </span>
        {REASON_TITLE[reason]}
      </p>
      <p className="diagnosis-text">{diagnosis.message}</p>
      {diagnosis.lastSampleAt ? <p className="diagnosis-text">The newest sample was taken at {formatTime(diagnosis.lastSampleAt)}.</p> : null}
      <p className="diagnosis-text">
        <span className="diagnosis-label">What to do: </span>
        {diagnosis.fix}
      </p>
      {diagnosis.query ? (
        <div className="diagnosis-text">
          <p className="diagnosis-label">The query</p>
          <pre className="detail-box mono" tabIndex={0} data-testid={`${testId}-query`}>
            {diagnosis.query}
          </pre>
        </div>
      ) : null}
      {diagnosis.detail ? (
        <div className="diagnosis-text">
          <p className="diagnosis-label">{reason === 'query-error' ? 'What Prometheus said' : 'Technical detail'}</p>
          <pre className="detail-box" tabIndex={0}>
            {diagnosis.detail}
          </pre>
        </div>
      ) : null}
      {(reason === 'no-prometheus' && onOpenInstall) || (ABOUT_THE_SOURCE.has(reason) && onChooseSource) ? (
        <div className="button-row diagnosis-actions">
          {reason === 'no-prometheus' && onOpenInstall ? (
            <button type="button" className="btn btn-primary" onClick={onOpenInstall} data-testid="diagnosis-install-prometheus">
              Add Istio’s Prometheus (install wizard, Options)
            </button>
          ) : null}
          {ABOUT_THE_SOURCE.has(reason) && onChooseSource ? (
            <button type="button" className="btn" onClick={onChooseSource} data-testid="diagnosis-choose-source">
              Use another Prometheus…
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
