import { useId, type Ref } from 'react';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import type { VerifyReport } from '../../../main/contract/install.js';
import { Skeleton, Spinner } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { CheckList } from '../../components/CheckList.js';
import { revisionLabel, revisionsText } from './options.js';
import type { RunProgress } from './progress.js';
import { LeftoverLabels } from './LeftoverLabels.js';
import { RunView } from './RunView.js';
import { StepPanel, WizardNav } from './StepPanel.js';
import { summarizeChecks } from './steps.js';

interface Props {
  context: string;
  headingRef: Ref<HTMLHeadingElement>;
  /** The Uninstall heading: takes the focus when an uninstall starts. */
  uninstallHeadingRef: Ref<HTMLHeadingElement>;
  manage: boolean;
  /** The revision installed (undefined: none known). */
  revision: string | undefined;
  /** Control planes found in the cluster, to choose from when there are several. */
  revisions: readonly string[];
  onSelectRevision(revision: string): void;
  report: VerifyReport | undefined;
  verifying: boolean;
  error: RpcErrorShape | undefined;
  onVerify(): void;
  uninstall: RunProgress | undefined;
  now: number;
  onOpenUninstall(): void;
  onCancelUninstall(): void;
  onRetryUninstall(): void;
  onBack: (() => void) | undefined;
  onDone(): void;
  onInstallAgain(): void;
  /** Opens the mesh inventory, where a namespace joins the mesh. */
  onOpenInventory?: () => void;
}

export function VerifyStep({ headingRef, uninstallHeadingRef, ...p }: Props) {
  const revisionsId = useId();
  const uninstallId = useId();
  const { report, uninstall } = p;
  const uninstalling = !!uninstall;
  const summary = report ? summarizeChecks(report.checks) : undefined;
  return (
    <StepPanel
      step="verify"
      title={p.manage ? 'Verify or uninstall' : 'Verify'}
      headingRef={headingRef}
      intro="Proves the control plane works: istiod is ready, its sidecar injector answers, and its validating webhook rejects invalid config."
      footer={
        <WizardNav
          onBack={p.onBack}
          next={
            <button type="button" className="btn btn-primary" onClick={p.onDone} data-testid="install-finish">
              Back to the overview
            </button>
          }
        />
      }
    >
      {p.revisions.length > 1 && !uninstalling ? (
        <fieldset className="field-group revision-choice">
          <legend id={revisionsId}>Control plane</legend>
          <div className="choice-row">
            {p.revisions.map((r) => (
              <label key={r || 'default'} className="choice choice-inline">
                <input type="radio" name="manage-revision" value={r} checked={p.revision === r} onChange={() => p.onSelectRevision(r)} />
                <span>revision {revisionLabel(r)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {uninstalling ? null : (
        <div className="verify-body" aria-live="polite" aria-busy={p.verifying}>
          {report && summary ? (
            <>
              {report.ok ? (
                <div className="success" data-testid="install-success" role="status">
                  <span className="success-mark" aria-hidden="true">
                    ✓
                  </span>
                  <div>
                    <h3 className="success-title">Istio {report.version ?? ''} is installed and working</h3>
                    <p className="success-detail">
                      Revision <strong>{revisionLabel(report.revision)}</strong> · {summary.text}
                    </p>
                    <p className="success-next">
                      Next, add workloads to the mesh: in the mesh inventory, choose <strong>Change mesh…</strong> on their namespace. It sets the
                      namespace’s label, checks the injector first and restarts the workloads for you.
                    </p>
                    {p.onOpenInventory ? (
                      <div className="button-row">
                        <button type="button" className="btn" onClick={p.onOpenInventory} data-testid="install-open-inventory">
                          Open the mesh inventory
                        </button>
                      </div>
                    ) : null}
                  </div>
                </div>
              ) : (
                <div className="explanation explanation-error verify-problem" data-testid="verify-problem" role="status">
                  <h3 className="explanation-title">
                    <span className="explanation-icon" aria-hidden="true">
                      ✕
                    </span>
                    Istio is installed, but not everything works
                  </h3>
                  <p className="explanation-message">{summary.text} Each failed check below says how to fix it.</p>
                </div>
              )}
              <dl className="facts verify-facts">
                <dt>Installed version</dt>
                <dd className="mono" data-testid="verify-version">
                  {report.version ?? 'unknown'}
                </dd>
                <dt>Revision</dt>
                <dd data-testid="verify-revision">{revisionLabel(report.revision)}</dd>
              </dl>
              <CheckList checks={report.checks} testIdPrefix="verify-check" label="Verification results" />
            </>
          ) : p.error ? (
            <ErrorExplanation error={p.error} context={p.context} testId="verify-error" />
          ) : p.verifying ? (
            <div className="checklist-loading">
              <Spinner label="Verifying… (a dry-run pod and an invalid VirtualService are sent to istiod; this can take up to a minute)" />
              <Skeleton lines={3} className="checklist-skeleton" />
            </div>
          ) : p.revision === undefined ? (
            <p className="muted">Nothing to verify: no Istio control plane is known here.</p>
          ) : null}
          {p.revision !== undefined ? (
            <div className="button-row">
              <button type="button" className="btn" onClick={p.onVerify} aria-disabled={p.verifying} data-testid="verify-rerun">
                {p.verifying ? 'Verifying…' : 'Verify again'}
              </button>
            </div>
          ) : null}
        </div>
      )}

      {p.revision !== undefined || uninstalling ? (
        <section className="danger-zone" aria-labelledby={uninstallId}>
          <h3 id={uninstallId} ref={uninstallHeadingRef} tabIndex={-1}>
            Uninstall
          </h3>
          {uninstall ? (
            <>
              <RunView progress={uninstall} now={p.now} context={p.context} onCancel={p.onCancelUninstall} onRetry={p.onRetryUninstall} />
              {uninstall.status === 'done' ? (
                <div className="success" data-testid="uninstall-done" role="status">
                  <span className="success-mark" aria-hidden="true">
                    ✓
                  </span>
                  <div>
                    <h4 className="success-title">{uninstall.labelledNamespaces ? 'Istio is removed' : 'Nothing left behind'}</h4>
                    <p className="success-detail">
                      Istio’s control plane, its CRDs, every object it created and what istiod made on its own are gone; a final check found none of
                      them.
                    </p>
                    {uninstall.labelledNamespaces ? <LeftoverLabels context={p.context} namespaces={uninstall.labelledNamespaces} /> : null}
                    <div className="button-row">
                      <button type="button" className="btn" onClick={p.onInstallAgain}>
                        Install again
                      </button>
                    </div>
                  </div>
                </div>
              ) : null}
            </>
          ) : (
            <div className="danger-row">
              <p>
                Removes every control plane ({revisionsText(p.revisions)}), Istio’s CRDs and, with them,{' '}
                <strong>every Istio object in the cluster</strong>.
              </p>
              <button type="button" className="btn btn-danger" onClick={p.onOpenUninstall} data-testid="uninstall-open">
                Uninstall Istio…
              </button>
            </div>
          )}
        </section>
      ) : null}
    </StepPanel>
  );
}
