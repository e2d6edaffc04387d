import { Badge, Spinner, formatElapsed } from '../../components/ui.js';
import { shortExplanation } from '../errors/explain.js';
import type { ProbeState } from './probing.js';

/**
 * Compact reachability: "Not checked" until the context is shown, a spinner while checking, then "Reachable · 12 ms",
 * "Unreachable · <why>", or "Plugin not confirmed".
 */
export function ProbeStatus({ state, testId }: { state: ProbeState; testId?: string }) {
  return (
    <span className="probe-status" data-testid={testId} data-status={state.status}>
      {state.status === 'unchecked' ? (
        <span className="muted">Not checked</span>
      ) : state.status === 'checking' ? (
        <Spinner label="Checking…" />
      ) : state.status === 'unconfirmed' ? (
        <Badge tone="warn">Plugin not confirmed</Badge>
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
