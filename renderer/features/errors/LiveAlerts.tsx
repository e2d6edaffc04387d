import type { ReactNode } from 'react';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import { ErrorExplanation } from './ErrorExplanation.js';

interface Props {
  /** The live stream's status: 'error' shows the error with Retry, 'ended' says the updates stopped. */
  status: string;
  error: RpcErrorShape | undefined;
  context: string;
  errorTestId: string;
  /** Under the error, while older data is still shown: what it is and from when. */
  staleNote: ReactNode;
  /** The sentence when the updates stopped. */
  endedText: string;
  /** Retry, or Resume updates. */
  onRetry(): void;
}

/** The alerts at the top of a live page: its stream failed (with Retry), or ended (with Resume updates). */
export function LiveAlerts({ status, error, context, errorTestId, staleNote, endedText, onRetry }: Props) {
  return (
    <>
      {status === 'error' && error ? (
        <div role="alert" className="page-alert">
          <ErrorExplanation
            error={error}
            context={context}
            testId={errorTestId}
            retry={{ label: 'Retry', onClick: onRetry }}
          />
          {staleNote ? <p className="muted stale-note">{staleNote}</p> : null}
        </div>
      ) : null}
      {status === 'ended' ? (
        <div role="status" className="page-alert notice">
          <p>{endedText}</p>
          <button type="button" className="btn" onClick={onRetry}>
            Resume updates
          </button>
        </div>
      ) : null}
    </>
  );
}
