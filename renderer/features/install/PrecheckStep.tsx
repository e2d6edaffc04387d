import { useId, type Ref } from 'react';
import type { InstallOptions } from '../../../main/contract/install.js';
import { Badge, Skeleton, Spinner } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { CheckList } from '../../components/CheckList.js';
import { describeOptions } from './options.js';
import { StepPanel, WizardNav } from './StepPanel.js';
import { summarizeChecks } from './steps.js';
import type { PrecheckState } from './usePrecheck.js';

interface Props {
  context: string;
  headingRef: Ref<HTMLHeadingElement>;
  state: PrecheckState | undefined;
  /** The options on screen now (undefined while the form has errors). */
  options: InstallOptions | undefined;
  /** The report is for exactly these options. */
  current: boolean;
  gate: { ok: boolean; reason?: string };
  /** Set when the install was about to start and these checks stopped it. */
  stoppedApply: boolean;
  onRun(): void;
  onNext(): void;
  onEditOptions(): void;
}

export function PrecheckStep({ context, headingRef, state, options, current, gate, stoppedApply, onRun, onNext, onEditOptions }: Props) {
  const reasonId = useId();
  const report = current ? state?.report : undefined;
  const summary = report ? summarizeChecks(report.checks) : undefined;
  const loading = !!state?.loading;
  return (
    <StepPanel
      step="precheck"
      title="Precheck"
      headingRef={headingRef}
      intro="Reads the cluster before anything changes: the Kubernetes version, your permissions for every object, an Istio already there, overlapping webhooks, and a node that can run istiod."
      footer={
        <WizardNav
          next={
            <button
              type="button"
              className="btn btn-primary"
              aria-disabled={!gate.ok}
              aria-describedby={gate.ok ? undefined : reasonId}
              onClick={() => {
                if (gate.ok) onNext();
              }}
              data-testid="install-next"
            >
              Next: Options <span aria-hidden="true">→</span>
            </button>
          }
          blockedReason={gate.ok ? undefined : gate.reason}
          blockedId={reasonId}
        />
      }
    >
      {stoppedApply && !loading && report && !report.ok ? (
        <p className="notice notice-warn" role="alert">
          The install did not start: with your options, the checks below fail.
        </p>
      ) : null}
      <div className="precheck-bar">
        <p className="muted">
          {options ? (
            <>
              Checking with: <span className="options-line">{describeOptions(options)}</span>
            </>
          ) : (
            'Some options are not valid, so the checks cannot run with them.'
          )}
        </p>
        {options ? (
          <button type="button" className="btn btn-small" onClick={onRun} aria-disabled={loading} data-testid="precheck-rerun">
            {loading ? 'Checking…' : report || state?.error ? 'Run the checks again' : 'Run the checks'}
          </button>
        ) : (
          <button type="button" className="btn btn-small" onClick={onEditOptions}>
            Fix the options
          </button>
        )}
      </div>

      <div aria-live="polite" aria-busy={loading}>
        {loading ? (
          <div className="checklist-loading">
            <Spinner label="Running the checks… (a few seconds: one permission check per kind of object)" />
            <Skeleton lines={5} className="checklist-skeleton" />
          </div>
        ) : state?.error && current ? (
          <ErrorExplanation
            error={state.error}
            context={context}
            testId="precheck-error"
            retry={{ label: 'Try again', onClick: onRun }}
          />
        ) : report && summary ? (
          <>
            <p className="check-summary" data-testid="precheck-summary" data-ok={report.ok}>
              <Badge tone={summary.tone}>{summary.tone === 'error' ? 'Blocked' : summary.tone === 'warn' ? 'Warnings' : 'Ready'}</Badge>
              <span>
                {summary.text}{' '}
                {summary.fail ? 'Fix the failures, then run the checks again.' : summary.warn ? 'You can continue; read the warnings first.' : 'Nothing stands in the way.'}
              </span>
            </p>
            <CheckList checks={report.checks} testIdPrefix="precheck-check" label="Precheck results" />
          </>
        ) : state && !current && options ? (
          <p className="muted">The options changed since the last check. Run the checks again to continue.</p>
        ) : null}
      </div>
    </StepPanel>
  );
}
