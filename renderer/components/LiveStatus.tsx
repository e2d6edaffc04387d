import type { StreamStatus } from '../api/streams.js';
import { Badge, Spinner, formatTime } from './ui.js';

interface Props {
  /** The live stream's status. */
  status: StreamStatus;
  /** When the shown data was last updated. */
  updatedAt: string | number | undefined;
  /** Data is shown already (from before): connecting again rather than for the first time. */
  hasData: boolean;
  testId: string;
}

/** The corner badge of a live page: live since when, connecting, or not updating (any more). */
export function LiveStatus({ status, updatedAt, hasData, testId }: Props) {
  return (
    <span className={`live live-${status}`} data-testid={testId} data-status={status}>
      {status === 'live' ? (
        <>
          <span className="live-dot" aria-hidden="true" />
          Live{updatedAt !== undefined ? ` · updated ${formatTime(updatedAt)}` : ''}
        </>
      ) : status === 'connecting' || status === 'idle' ? (
        <Spinner label={hasData ? 'Reconnecting…' : 'Connecting…'} />
      ) : status === 'error' ? (
        <Badge tone="error">Not updating</Badge>
      ) : (
        'Not updating'
      )}
    </span>
  );
}
