import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { InstallEvent, InstallOptions } from '../../../main/contract/install.js';
import { useCall } from '../../api/hooks.js';
import { PageHead } from '../../components/PageHead.js';
import { OptionsStep } from './OptionsStep.js';
import { defaultDraft, draftFromOptions, optionsKey, validateDraft, type OptionsDraft } from './options.js';
import { PrecheckStep } from './PrecheckStep.js';
import { PreviewStep } from './PreviewStep.js';
import { phaseTotals } from './progress.js';
import { usePush } from '../images/usePush.js';
import { RevisionsSection } from '../upgrade/RevisionsSection.js';
import { useUpgrade } from '../upgrade/useUpgrade.js';
import { applyPush } from './image-source.js';
import { RunView } from './RunView.js';
import { StepPanel, WizardNav } from './StepPanel.js';
import { Stepper, type StepInfo } from './Stepper.js';
import { STEPS, precheckGate, stepAvailable, stepIndex, type PrecheckView, type StepAvailability, type StepId } from './steps.js';
import { UninstallDialog } from './UninstallDialog.js';
import { useInstallRun, useNow } from './useInstallRun.js';
import { usePrecheck } from './usePrecheck.js';
import { VerifyStep } from './VerifyStep.js';
import './install.css';

export type InstallMode = 'install' | 'manage';

interface Props {
  context: string;
  /** install: start at the precheck; manage: an Istio is there, start at Verify / Uninstall. */
  mode: InstallMode;
  /** Revisions of the control planes found ('' = default), first one managed by default. */
  revisions: readonly string[];
  /** On arrival: resume an unfinished install (at the preview, with the options it was started with), open the upgrade, or the uninstall. */
  task?: 'resume' | 'upgrade' | 'uninstall' | undefined;
  onBack(): void;
  /** Opens the mesh inventory, where namespaces join the mesh. */
  onOpenInventory?: () => void;
}

/** What the user typed, per context, for as long as the app runs: leaving the page and coming back keeps it. */
const drafts = new Map<string, OptionsDraft>();

/**
 * The guided install: Precheck → Options → Preview → Apply → Verify, every step visible in the stepper;
 * and, for an Istio already there, Verify and Uninstall.
 */
export function InstallPage({ context, mode, revisions, task, onBack, onOpenInventory }: Props) {
  const resuming = mode === 'install' && task === 'resume';
  // Managing, the first revision found; installing, the one an unfinished install left (none on a cluster without Istio).
  const [draft, setDraftState] = useState<OptionsDraft>(() => (resuming ? undefined : drafts.get(context)) ?? defaultDraft(revisions[0] ?? ''));
  const setDraft = useCallback(
    (d: OptionsDraft) => {
      drafts.set(context, d);
      setDraftState(d);
    },
    [context],
  );
  // The latest draft, for what finishes later (a push) and must not undo an edit made meanwhile.
  const draftRef = useRef(draft);
  useEffect(() => {
    draftRef.current = draft;
  });
  const push = usePush((result) => {
    const next = applyPush(draftRef.current, result);
    draftRef.current = next;
    setDraft(next);
  });
  // Resuming: the options the unfinished install was started with, from Meshdeck's record of it in the cluster.
  const record = useCall('revisions.status', resuming ? { context } : null);
  const [recordApplied, setRecordApplied] = useState(false);
  const recordOptions = record.data?.revisions.find((r) => r.revision === (revisions[0] || 'default'))?.record?.options;
  if (resuming && recordOptions && !recordApplied) {
    setRecordApplied(true);
    setDraft(draftFromOptions(recordOptions));
  }
  const validation = useMemo(() => validateDraft(draft), [draft]);
  const options = validation.options;
  const key = options ? optionsKey(options) : undefined;

  const [step, setStep] = useState<StepId>(mode === 'manage' ? 'verify' : resuming ? 'preview' : 'precheck');
  /** The furthest step reached through the install flow (a step before it counts as done). */
  const [furthest, setFurthest] = useState(resuming ? stepIndex('preview') : 0);
  const [blockedStep, setBlockedStep] = useState<{ step: StepId; reason: string } | undefined>();
  const [stoppedApply, setStoppedApply] = useState(false);
  const [applyChecking, setApplyChecking] = useState(false);
  const [appliedOptions, setAppliedOptions] = useState<InstallOptions | undefined>();
  const [installedRevision, setInstalledRevision] = useState<string | undefined>(mode === 'manage' ? (revisions[0] ?? '') : undefined);
  const [verifyFromCall, setVerifyFromCall] = useState(mode === 'manage');
  const [uninstallOpen, setUninstallOpen] = useState(mode === 'manage' && task === 'uninstall');
  const [confirmText, setConfirmText] = useState('');

  const precheck = usePrecheck(context, mode === 'install' ? options : undefined);
  const precheckView: PrecheckView = {
    current: !!precheck.state && precheck.state.key === key,
    loading: !!precheck.state?.loading,
    ...(precheck.state?.report ? { report: precheck.state.report } : {}),
    failed: !!precheck.state?.error,
  };
  const gate = precheckGate(precheckView);

  const onApplyFinished = (event: InstallEvent) => {
    if (event.type !== 'done') return;
    setInstalledRevision(appliedOptions?.revision ?? '');
    setVerifyFromCall(false);
    setFurthest(stepIndex('verify'));
    setStep('verify');
  };
  const apply = useInstallRun('install.apply', onApplyFinished);
  const uninstall = useInstallRun('install.uninstall');
  const applyStatus = apply.progress?.status ?? 'idle';

  // The preview: rendered for the options on screen, from the Preview step on.
  const wantPreview = !!options && (step === 'preview' || step === 'apply');
  const preview = useCall('install.preview', wantPreview && options ? { context, options } : null);
  // Install only what the preview showed: not while it renders, nor after it failed.
  const previewReady = !!preview.data && !preview.loading && !preview.error;

  // Verify: the report the install ended with, or a fresh `install.verify`.
  const applyVerify = apply.progress?.status === 'done' ? apply.progress.verify : undefined;
  const uninstalled = uninstall.progress?.status === 'done';
  const needVerifyCall = installedRevision !== undefined && !uninstall.progress && (verifyFromCall || (applyStatus === 'done' && !applyVerify));
  const verify = useCall('install.verify', needVerifyCall ? { context, revision: installedRevision ?? '' } : null);
  const verifyReport = uninstall.progress ? undefined : verifyFromCall ? verify.data : (applyVerify ?? verify.data);

  const hasInstall = installedRevision !== undefined && !uninstalled;

  // Revisions (manage view): the control planes side by side, and the upgrade from one to the next.
  const showRevisions = step === 'verify' && hasInstall && !uninstall.progress;
  const upgrade = useUpgrade(context, showRevisions, (to) => {
    // The old control plane is gone: verify and manage the new one from now on.
    setInstalledRevision(to === 'default' ? '' : to);
    setVerifyFromCall(true);
  });
  // Arriving to upgrade (from the palette): the upgrade panel opens once the revisions are read.
  const [upgradeOpened, setUpgradeOpened] = useState(false);
  if (task === 'upgrade' && upgrade.revisions && !upgradeOpened) {
    setUpgradeOpened(true);
    upgrade.show();
  }
  const knownRevisions = upgrade.revisions ? upgrade.revisions.revisions.map((r) => (r.revision === 'default' ? '' : r.revision)) : revisions;
  const running = applyStatus === 'running' || uninstall.progress?.status === 'running' || upgrade.install?.status === 'running';
  const now = useNow(running);
  const availability: StepAvailability = { precheck: precheckView, optionsValid: validation.valid, applyStatus, hasInstall: hasInstall || uninstall.progress !== undefined };

  // Focus: the page title when it opens, the step's title when the step changes.
  const titleRef = useRef<HTMLHeadingElement>(null);
  const stepHeadingRef = useRef<HTMLHeadingElement>(null);
  const uninstallHeadingRef = useRef<HTMLHeadingElement>(null);
  const focusUninstall = useRef(false);
  const lastStep = useRef<StepId | null>(null);
  useEffect(() => {
    if (lastStep.current === null) titleRef.current?.focus();
    else if (lastStep.current !== step) stepHeadingRef.current?.focus();
    lastStep.current = step;
  }, [step]);

  function goTo(target: StepId) {
    const available = stepAvailable(target, availability);
    if (!available.ok && target !== step) {
      setBlockedStep({ step: target, reason: available.reason ?? 'Not available yet.' });
      return;
    }
    setBlockedStep(undefined);
    if (target !== 'precheck') setStoppedApply(false);
    // Back at the precheck with other options than it ran with: run it again.
    if (target === 'precheck' && options && !precheckView.current && !precheckView.loading) void precheck.run(options);
    if (target !== 'verify' || applyStatus !== 'idle') setFurthest((f) => Math.max(f, stepIndex(target)));
    setStep(target);
  }

  const previousStep = (from: StepId): StepId | undefined => {
    for (let i = stepIndex(from) - 1; i >= 0; i--) {
      const s = STEPS[i]!.id;
      if (stepAvailable(s, availability).ok) return s;
    }
    return undefined;
  };
  const backFrom = (from: StepId) => {
    const prev = previousStep(from);
    return prev ? () => goTo(prev) : undefined;
  };

  /** Install with the options on screen: the precheck runs again first when it was for other options. */
  async function startApply() {
    if (!options || !previewReady || applyChecking || applyStatus === 'running') return;
    let ok = gate.ok;
    // Still running (a resumed install opens at the preview while the page's first check runs): wait for a report too.
    if (!precheckView.current || precheckView.failed || precheckView.loading) {
      setApplyChecking(true);
      const report = await precheck.run(options);
      setApplyChecking(false);
      ok = !!report && precheckGate({ current: true, loading: false, report }).ok;
    }
    if (!ok) {
      setStoppedApply(true);
      setBlockedStep(undefined);
      setStep('precheck');
      return;
    }
    setAppliedOptions(options);
    apply.start({ context, options }, phaseTotals(preview.data) ?? apply.progress?.totals);
    setBlockedStep(undefined);
    setFurthest((f) => Math.max(f, stepIndex('apply')));
    setStep('apply');
  }

  function startUninstall() {
    uninstall.start({ context });
    // The button that opened the dialog gives way to the progress: the focus goes to its heading instead.
    focusUninstall.current = uninstallOpen;
    setUninstallOpen(false);
    setConfirmText('');
  }

  function installAgain() {
    apply.reset();
    uninstall.reset();
    setInstalledRevision(undefined);
    setVerifyFromCall(false);
    setBlockedStep(undefined);
    if (options) void precheck.run(options);
    setFurthest(0);
    setStep('precheck');
  }

  const stepInfo = ((): Record<StepId, StepInfo> => {
    const info = {} as Record<StepId, StepInfo>;
    for (const s of STEPS) {
      const a = stepAvailable(s.id, availability);
      info[s.id] = { status: 'upcoming', available: a.ok, ...(a.reason ? { reason: a.reason } : {}) };
    }
    const r = precheckView.current ? precheckView.report : undefined;
    if (r) info.precheck.status = r.ok ? 'complete' : 'problem';
    if (!validation.valid) info.options.status = 'problem';
    else if (furthest > stepIndex('options') || applyStatus !== 'idle') info.options.status = 'complete';
    if (applyStatus !== 'idle' || furthest > stepIndex('preview')) info.preview.status = validation.valid ? 'complete' : 'upcoming';
    if (applyStatus === 'done') info.apply.status = 'complete';
    else if (applyStatus === 'failed' || applyStatus === 'cancelled') info.apply.status = 'problem';
    if (verifyReport) info.verify.status = verifyReport.ok ? 'complete' : 'problem';
    return info;
  })();

  const manageTitle = mode === 'manage';
  const applyState = applyChecking ? 'checking' : applyStatus === 'running' ? 'running' : 'idle';

  return (
    <div className="page install-wizard" data-testid="install-wizard" data-context={context} data-step={step}>
      <PageHead
        title={manageTitle ? 'Manage Istio' : 'Install Istio'}
        headingRef={titleRef}
        subtitle={
          <>
            {context}
            <IstioVersion />
          </>
        }
        back={{ label: 'Overview', onClick: onBack, testId: 'install-back-overview' }}
      />

      {/* Managing an Istio that is there is a page of its own: the install's steps (and their defaults) do not apply to it. */}
      {manageTitle ? null : (
        <>
          <Stepper current={step} info={stepInfo} onSelect={goTo} />
          <p className="stepper-note" role="status" data-testid="install-step-unavailable">
            {blockedStep ? `${STEPS[stepIndex(blockedStep.step)]!.label} is not available yet: ${blockedStep.reason}` : ''}
          </p>
        </>
      )}
      {resuming && step !== 'verify' && applyStatus === 'idle' ? (
        <p className="notice" role="status" data-testid="install-resume-note">
          Resuming the unfinished install of revision {revisions[0] || 'default'}
          {recordOptions ? ', with the options it was started with' : ''}: the install applies everything again and continues where it stopped.
          Nothing already applied is lost.
        </p>
      ) : null}

      {step === 'precheck' ? (
        <PrecheckStep
          context={context}
          headingRef={stepHeadingRef}
          state={precheck.state}
          options={options}
          current={precheckView.current}
          gate={gate}
          stoppedApply={stoppedApply}
          onRun={() => {
            if (options && !precheckView.loading) void precheck.run(options);
          }}
          onNext={() => goTo('options')}
          onEditOptions={() => goTo('options')}
        />
      ) : step === 'options' ? (
        <OptionsStep
          headingRef={stepHeadingRef}
          draft={draft}
          errors={validation.errors}
          valid={validation.valid}
          locked={applyStatus === 'running'}
          precheckStale={!!precheck.state && !precheckView.current}
          onChange={setDraft}
          onBack={() => goTo('precheck')}
          onNext={() => goTo('preview')}
          push={push}
        />
      ) : step === 'preview' ? (
        <PreviewStep
          context={context}
          headingRef={stepHeadingRef}
          options={options}
          preview={preview.data}
          error={preview.error}
          loading={preview.loading}
          ready={previewReady}
          resume={resuming}
          applyState={applyState}
          onReload={preview.reload}
          onBack={() => goTo('options')}
          onApply={() => void startApply()}
        />
      ) : step === 'apply' ? (
        <StepPanel
          step="apply"
          title="Apply"
          headingRef={stepHeadingRef}
          intro="Applies the manifest phase by phase with server-side apply, waits until each part is ready, and says what blocks it while it waits."
          footer={
            <WizardNav
              onBack={backFrom('apply')}
              next={
                apply.progress ? (
                  <button
                    type="button"
                    className="btn btn-primary"
                    aria-disabled={applyStatus !== 'done'}
                    onClick={() => {
                      if (applyStatus === 'done') goTo('verify');
                    }}
                    data-testid="install-next"
                  >
                    Next: Verify <span aria-hidden="true">→</span>
                  </button>
                ) : (
                  <button
                    type="button"
                    className="btn btn-primary"
                    aria-disabled={applyState !== 'idle' || !previewReady}
                    onClick={() => void startApply()}
                    data-testid="install-apply"
                  >
                    {applyState === 'checking' ? 'Checking the cluster…' : resuming ? 'Resume the install' : 'Install Istio'}
                  </button>
                )
              }
              blockedReason={
                applyStatus === 'running'
                  ? 'Verify opens when the install is done.'
                  : !apply.progress && !previewReady
                    ? preview.error
                      ? 'The preview failed: go back to Preview and try again.'
                      : 'Waiting for the preview of the manifest.'
                    : undefined
              }
            />
          }
        >
          {apply.progress ? (
            <RunView progress={apply.progress} now={now} context={context} onCancel={apply.cancel} onRetry={() => void startApply()} />
          ) : (
            <p className="muted">Nothing has been applied yet. Install Istio starts it; you can follow every phase here.</p>
          )}
        </StepPanel>
      ) : (
        <VerifyStep
          context={context}
          headingRef={stepHeadingRef}
          uninstallHeadingRef={uninstallHeadingRef}
          manage={manageTitle}
          revision={installedRevision}
          revisions={knownRevisions}
          onSelectRevision={(r) => {
            setInstalledRevision(r);
            setVerifyFromCall(true);
          }}
          report={verifyReport}
          verifying={needVerifyCall && verify.loading}
          error={needVerifyCall ? verify.error : undefined}
          onVerify={() => {
            if (verifyFromCall) verify.reload();
            else setVerifyFromCall(true);
          }}
          uninstall={uninstall.progress}
          now={now}
          onOpenUninstall={() => setUninstallOpen(true)}
          onCancelUninstall={uninstall.cancel}
          onRetryUninstall={startUninstall}
          onBack={mode === 'install' || applyStatus !== 'idle' ? backFrom('verify') : undefined}
          onDone={onBack}
          onInstallAgain={installAgain}
          {...(onOpenInventory ? { onOpenInventory } : {})}
        />
      )}

      {showRevisions ? <RevisionsSection context={context} upgrade={upgrade} now={now} /> : null}

      <UninstallDialog
        open={uninstallOpen}
        context={context}
        revisions={knownRevisions}
        typed={confirmText}
        onType={setConfirmText}
        onConfirm={startUninstall}
        onClose={() => {
          setUninstallOpen(false);
          if (focusUninstall.current) {
            focusUninstall.current = false;
            uninstallHeadingRef.current?.focus();
          }
        }}
      />
    </div>
  );
}

function IstioVersion() {
  const info = useCall('app.info', {});
  return info.data ? <> · Istio {info.data.istio}</> : null;
}
