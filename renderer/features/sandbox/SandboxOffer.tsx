import { useId } from 'react';
import type { SandboxState } from '../../../main/contract/models.js';
import { useCall } from '../../api/hooks.js';
import { Badge, Spinner, formatElapsed, type Tone } from '../../components/ui.js';
import type { SampleApp } from '../canary/target.js';
import { TrySample } from '../canary/TrySample.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import type { SandboxController } from './useSandbox.js';
import './sandbox.css';

const STATE_TEXT: Record<SandboxState['state'], { tone: Tone; label: string }> = {
  running: { tone: 'ok', label: 'Running' },
  stopped: { tone: 'neutral', label: 'Stopped' },
  degraded: { tone: 'warn', label: 'Degraded' },
  unavailable: { tone: 'error', label: 'Unavailable' },
};

interface Props {
  sandbox: SandboxController;
  onOpen(context: string): void;
  /** Why it is offered: says so in the first sentence. */
  reason: 'no-contexts' | 'none-reachable' | 'asked';
  /** The sample app was deployed in the running sandbox: open its canary page (absent: no offer). */
  onSample?: (context: string, sample: SampleApp) => void;
}

/** The offer to start Meshdeck's built-in sandbox cluster, its status, and the live progress of starting it. */
export function SandboxOffer({ sandbox, onOpen, reason, onSample }: Props) {
  const headingId = useId();
  const { run } = sandbox;
  const running = run.status === 'running';
  // Read again each time a run starts or ends.
  const status = useCall('sandbox.status', {}, { refresh: run.status });
  const state = status.data;
  const text = state ? STATE_TEXT[state.state] : undefined;
  const unavailable = state?.state === 'unavailable';
  const openable = !running && state?.state === 'running' && state.context ? state.context : undefined;
  return (
    <section className="panel sandbox-offer" aria-labelledby={headingId} data-testid="sandbox-offer">
      <h2 id={headingId}>Try the built-in sandbox cluster</h2>
      <p>
        {reason === 'no-contexts'
          ? 'Your kubeconfig has no contexts yet. '
          : reason === 'none-reachable'
            ? 'None of the contexts checked so far answered. '
            : ''}
        The sandbox is a small Kubernetes cluster that Meshdeck runs on this computer, so you can try everything without a cluster of
        your own.
      </p>
      <div className="sandbox-status">
        <p className="sandbox-state" data-testid="sandbox-state" data-state={state?.state ?? 'loading'}>
          <span className="label">Sandbox:</span>{' '}
          {text ? (
            <Badge tone={text.tone}>{text.label}</Badge>
          ) : status.error ? (
            <Badge tone="error">Unknown</Badge>
          ) : (
            <Spinner label="Checking…" />
          )}
          {state?.reason ? <span className="muted"> {state.reason}</span> : null}
        </p>
        {state && state.processes.length > 0 ? (
          <ul className="process-list" aria-label="Sandbox processes">
            {state.processes.map((p) => (
              <li key={`${p.role}-${p.pid}`}>
                <Badge tone={p.alive ? 'ok' : 'error'}>{p.alive ? 'alive' : 'exited'}</Badge> {p.role}{' '}
                <span className="muted">(pid {p.pid})</span>
              </li>
            ))}
          </ul>
        ) : null}
        {status.error ? <ErrorExplanation error={status.error} tone="warning" /> : null}
        <div className="button-row">
          {openable ? (
            <>
              <button type="button" className="btn btn-primary" onClick={() => onOpen(openable)}>
                Open the sandbox ({openable})
              </button>
              {onSample ? <TrySample context={openable} quiet onDeployed={(sample) => onSample(openable, sample)} /> : null}
            </>
          ) : (
            <button
              type="button"
              className="btn btn-primary"
              aria-disabled={running || unavailable}
              onClick={() => {
                if (!running && !unavailable) sandbox.start();
              }}
              data-testid="sandbox-start"
            >
              {running ? 'Starting…' : state?.state === 'degraded' ? 'Restart the sandbox' : 'Start the sandbox'}
            </button>
          )}
          {running ? (
            <button type="button" className="btn" onClick={sandbox.cancel}>
              Cancel
            </button>
          ) : null}
        </div>
      </div>

      {run.lines.length > 0 || running ? (
        <div role="log" aria-live="polite" aria-label="Sandbox start-up progress" className="progress-log" data-testid="sandbox-progress">
          <ol>
            {run.lines.map((line, i) => (
              <li key={i} className="progress-line">
                <span className="progress-step">{line.step}</span>
                <span className="progress-message">{line.message}</span>
                <span className="progress-elapsed">{formatElapsed(line.elapsedMs)}</span>
              </li>
            ))}
          </ol>
          {running ? <Spinner label="Starting the sandbox…" /> : null}
        </div>
      ) : null}

      {run.status === 'done' ? (
        <p role="status">
          <Badge tone="ok">Ready</Badge> {run.doneMessage ?? 'The sandbox is running.'}
          {run.context ? ` Opening ${run.context}…` : ''}
        </p>
      ) : null}
      {run.status === 'cancelled' ? <p role="status">Start-up cancelled.</p> : null}
      {run.status === 'error' && run.error ? (
        <ErrorExplanation
          error={run.error}
          retry={{ label: 'Try again', onClick: sandbox.start, quiet: true }}
        />
      ) : null}
    </section>
  );
}
