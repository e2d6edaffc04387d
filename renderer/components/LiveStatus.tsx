import type { StreamStatus } from '../api/streams.js';
import { Badge, Spinner, formatTime } from './ui.js';
import './live-status.css';

interface Props {
  /** The live stream's status. */
  status: StreamStatus;
  /** When the shown data was last updated. */
  updatedAt: string | number | undefined;
  /** Data is shown already (from before): connecting again rather than for the first time. */
  hasData: boolean;
  testId: string;
  /** Words of its own for a page that is not a cluster's: what "live" and "connecting" mean there. */
  words?: { live: string; connecting: string; title: string };
}

/** The corner badge of a live page: live since when, connecting, or not updating (any more). */
export function LiveStatus({ status, updatedAt, hasData, testId, words }: Props) {
  return (
    <span className={`live live-${status}`} data-testid={testId} data-status={status} title={words?.title}>
      {status === 'live' ? (
        <>
          <span className="live-dot" aria-hidden="true" />
          {words?.live ?? `Live${updatedAt !== undefined ? ` · updated ${formatTime(updatedAt)}` : ''}`}
        </>
      ) : status === 'connecting' || status === 'idle' ? (
        <Spinner label={words?.connecting ?? (hasData ? 'Reconnecting…' : 'Connecting…')} />
      ) : status === 'error' ? (
        <Badge tone="error">Not updating</Badge>
      ) : (
        'Not updating'
      )}
    </span>
  );
}
