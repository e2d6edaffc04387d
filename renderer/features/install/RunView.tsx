import type { Blocker } from '../../../main/contract/install.js';
import { Badge, Spinner, formatElapsed } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { BLOCKER_LABEL, PHASE_LABEL, phaseCountText, phaseElapsed, runElapsed, type PhaseProgress, type RunProgress } from './progress.js';

interface Props {
  progress: RunProgress;
  now: number;
  context: string;
  onCancel(): void;
  onRetry(): void;
}

const WORDS = {
  install: { running: 'Installing Istio…', done: 'Installed', failed: 'The install stopped', cancelled: 'Install cancelled', again: 'Run the install again' },
  uninstall: { running: 'Removing Istio…', done: 'Removed', failed: 'The uninstall stopped', cancelled: 'Uninstall cancelled', again: 'Run the uninstall again' },
};

/** A run of install.apply or install.uninstall: phases with counts and times, what it waits for, what blocks it, Cancel/Retry. */
export function RunView({ progress, now, context, onCancel, onRetry }: Props) {
  const words = WORDS[progress.kind];
  const running = progress.status === 'running';
  const elapsed = formatElapsed(runElapsed(progress, now));
  const current = progress.phases.find((p) => p.state === 'running');
  return (
    <div className="run" data-testid={`run-${progress.kind}`} data-status={progress.status}>
      <div className="run-head">
        <p className="run-status" role="status">
          {running ? (
            <Spinner label={current ? `${words.running} ${PHASE_LABEL[current.phase]}` : words.running} />
          ) : progress.status === 'done' ? (
            <Badge tone="ok">{words.done}</Badge>
          ) : progress.status === 'cancelled' ? (
            <Badge tone="warn">{words.cancelled}</Badge>
          ) : (
            <Badge tone="error">{words.failed}</Badge>
          )}
        </p>
        <p className="run-totals muted">
          {progress.objects} object{progress.objects === 1 ? '' : 's'} · <span className="mono">{elapsed}</span>
        </p>
      </div>

      <ol className="phase-list" aria-label={progress.kind === 'install' ? 'Install phases' : 'Uninstall phases'}>
        {progress.phases.map((p) => (
          <PhaseRow key={p.phase} phase={p} kind={progress.kind} total={progress.totals?.[p.phase]} now={now} />
        ))}
      </ol>

      <div aria-live="polite" className="run-live">
        {running && progress.waiting ? (
          <p className="run-waiting" data-testid="install-waiting">
            <span className="spinner" aria-hidden="true" />
            <span>
              Waiting for {progress.waiting.what}
              {progress.waiting.blockers.length ? ` — ${progress.waiting.blockers.length === 1 ? 'something blocks it' : `${progress.waiting.blockers.length} things block it`}:` : '…'}
            </span>
          </p>
        ) : null}
        {!running && progress.waiting && progress.status !== 'done' ? (
          <p className="run-waiting muted">It stopped while waiting for {progress.waiting.what}.</p>
        ) : null}
        {progress.status !== 'done' && progress.waiting && progress.waiting.blockers.length > 0 ? <Blockers blockers={progress.waiting.blockers} /> : null}
      </div>

      {running ? (
        <div className="run-actions">
          <button type="button" className="btn" onClick={onCancel} data-testid="install-cancel">
            Cancel
          </button>
          <p className="muted">
            Cancelling stops after the object being {progress.kind === 'install' ? 'applied' : 'removed'}. What is done stays done:
            running it again continues where it stopped.
          </p>
        </div>
      ) : null}

      {progress.status === 'failed' && progress.error ? (
        <ErrorExplanation
          error={progress.error}
          context={context}
          testId="install-error"
          retry={{ label: 'Retry', onClick: onRetry, testId: 'install-retry' }}
        />
      ) : null}
      {progress.status === 'cancelled' ? (
        <div className="notice run-cancelled" data-testid="install-cancelled">
          <p>
            Cancelled after {progress.objects} object{progress.objects === 1 ? '' : 's'}. Nothing is rolled back; running it again
            continues where it stopped.
          </p>
          <button type="button" className="btn btn-primary" onClick={onRetry} data-testid="install-retry">
            {words.again}
          </button>
        </div>
      ) : null}
    </div>
  );
}

const STATE_WORDS: Record<PhaseProgress['state'], string> = { pending: 'Pending', running: 'Running', done: 'Done', stopped: 'Stopped' };

function PhaseRow({ phase: p, kind, total, now }: { phase: PhaseProgress; kind: RunProgress['kind']; total: number | undefined; now: number }) {
  const elapsed = phaseElapsed(p, now);
  return (
    <li className={`phase phase-${p.state}`} data-testid={`install-phase-${p.phase}`} data-state={p.state}>
      <span className="phase-mark" aria-hidden="true">
        {p.state === 'running' ? <span className="spinner" /> : p.state === 'done' ? '✓' : p.state === 'stopped' ? '✕' : '○'}
      </span>
      <span className="phase-label">{PHASE_LABEL[p.phase]}</span>
      <span className="sr-only">{STATE_WORDS[p.state]}:</span>
      <span className="phase-count">{p.state === 'pending' ? (total !== undefined ? `${total} to ${kind === 'install' ? 'apply' : 'remove'}` : '') : phaseCountText(p, kind, total)}</span>
      <span className="phase-elapsed mono">{elapsed !== undefined ? formatElapsed(elapsed) : ''}</span>
    </li>
  );
}

function Blockers({ blockers }: { blockers: Blocker[] }) {
  return (
    <ul className="blockers" aria-label="What blocks it">
      {blockers.map((b, i) => (
        <li key={`${b.reason}-${i}`} className="explanation explanation-warning blocker" data-testid="install-blocker" data-reason={b.reason}>
          <p className="explanation-title">
            <span className="explanation-icon" aria-hidden="true">
              !
            </span>
            {BLOCKER_LABEL[b.reason]}
            {b.pod ? <span className="blocker-pod mono">{b.pod}</span> : null}
          </p>
          <p className="explanation-message">{b.message}</p>
          {b.fix ? (
            <p className="explanation-hint">
              <span className="explanation-hint-label">How to fix: </span>
              {b.fix}
            </p>
          ) : null}
          {b.detail ? (
            <details className="explanation-detail">
              <summary>What Kubernetes said</summary>
              <pre tabIndex={0}>{b.detail}</pre>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
