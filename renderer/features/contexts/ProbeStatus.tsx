import { Badge, Spinner, formatElapsed } from '../../components/ui.js';
import { shortExplanation } from '../errors/explain.js';
import type { ProbeState } from './useContexts.js';

/** Compact reachability: a spinner while checking, then "Reachable · 12 ms" or "Unreachable · <why>". */
export function ProbeStatus({ state, testId }: { state: ProbeState; testId?: string }) {
  return (
    <span className="probe-status" data-testid={testId} data-status={state.status}>
      {state.status === 'checking' ? (
        <Spinner label="Checking…" />
      ) : state.status === 'reachable' ? (
        <>
          <Badge tone="ok">Reachable</Badge>
          <span className="probe-latency">{formatElapsed(state.result.latencyMs)}</span>
        </>
      ) : (
        <>
          <Badge tone="error">Unreachable</Badge>
          <span className="probe-reason">{shortExplanation(state.error)}</span>
        </>
      )}
    </span>
  );
}
