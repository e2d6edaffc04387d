import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import type { MeshPlane, NamespaceRow, RestartStatus, WorkloadRef, WorkloadRow } from '../../../main/contract/inventory.js';
import { Dialog, DialogActions, useDialog } from '../../components/Dialog.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { RestartProgress } from '../restart/RestartProgress.js';
import { restartRefs } from './mesh-restart.js';
import { initialRevision, revisionOptions, targetOf, type TargetChoice } from './mesh-target.js';
import { PlanView } from './PlanView.js';
import { TargetPicker } from './TargetPicker.js';
import { useMeshChange, useMeshRestart, type MeshChange } from './useMeshChange.js';
import { meshModeText, plural, podsWithProxyText } from './words.js';

/** Where the dialog opens: on the choice of a target, or straight on restarting what needs it. */
export type MeshDialogStart = 'change' | 'restart';

interface Props {
  context: string;
  /** The namespace as the live inventory has it now. */
  namespace: NamespaceRow;
  plane: MeshPlane;
  /** Its workloads whose pods need a restart (for the direct Restart). */
  restartable: readonly WorkloadRow[];
  start: MeshDialogStart;
  onClose(): void;
}

/**
 * "Change mesh" for one namespace, as a modal dialog: pick a target, read the plan (labels, checks, warnings, refusal,
 * restarts), apply it, then restart the workloads that need it and watch each one come back with the right proxy.
 * It is in the document only while open (the page mounts it); Escape closes it (stopping only the watching of a
 * restart, not the restart) and the focus goes back to the row's button.
 */
export function MeshDialog({ context, namespace, plane, restartable, start, onClose }: Props) {
  const dialog = useDialog();
  return (
    <Dialog dialog={dialog} wide testId="mesh-dialog" onClose={onClose}>
      <MeshDialogBody
        titleId={dialog.titleId}
        context={context}
        namespace={namespace}
        plane={plane}
        restartable={restartable}
        start={start}
        onDismiss={dialog.close}
      />
    </Dialog>
  );
}

type Step = 'choose' | 'applied' | 'confirm-restart' | 'restart';

interface BodyProps {
  titleId: string;
  context: string;
  namespace: NamespaceRow;
  plane: MeshPlane;
  restartable: readonly WorkloadRow[];
  start: MeshDialogStart;
  onDismiss(): void;
}

function MeshDialogBody({ titleId, context, namespace, plane, restartable, start, onDismiss }: BodyProps) {
  const ns = namespace.name;
  const change = useMeshChange(context, ns);
  const restart = useMeshRestart(context, ns);
  const [choice, setChoice] = useState<TargetChoice | undefined>();
  const [revision, setRevision] = useState(() => initialRevision(namespace, revisionOptions(plane)));
  const [chosenStep, setStep] = useState<Step>(start === 'restart' ? 'confirm-restart' : 'choose');
  const applied = change.applied;
  // A successful Apply moves on by itself.
  const step: Step = chosenStep === 'choose' && applied ? 'applied' : chosenStep;
  const stepRef = useRef<HTMLHeadingElement>(null);
  const applyHintId = useId();

  // A new step replaces the buttons that had the focus: put it on the step's heading.
  const firstStep = useRef(step);
  useEffect(() => {
    if (step !== firstStep.current) stepRef.current?.focus();
  }, [step]);

  function choose(next: TargetChoice, rev: string) {
    setChoice(next);
    setRevision(rev);
    change.choose(targetOf(next, rev));
  }

  function runRestart(workloads: WorkloadRef[] | undefined) {
    setStep('restart');
    restart.start(workloads);
  }

  const mode = meshModeText(namespace);
  const title = start === 'restart' ? `Restart workloads in ${ns}` : `Change the mesh of ${ns}`;

  return (
    <div className="dialog-body">
      <div>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <p className="muted">
          Now: {mode ? mode.text : 'not in the mesh'}
          {namespace.revision ? ` · revision ${namespace.revision}` : ''} · {podsWithProxyText(namespace)}
          {namespace.needsRestart > 0 ? ` · ${plural(namespace.needsRestart, 'pod')} to restart` : ''}
        </p>
      </div>

      {step === 'choose' ? (
        <>
          {namespace.system ? (
            <p className="notice notice-warn mesh-system">
              <span>
                <strong>{ns} is a system namespace.</strong> A sidecar there can break the cluster or the mesh itself; change it only if you know why.
              </span>
            </p>
          ) : null}
          <TargetPicker namespace={namespace} plane={plane} choice={choice} revision={revision} onChoose={choose} disabled={change.applying} />
          {change.applyError ? (
            <ErrorExplanation
              error={change.applyError}
              context={context}
              tone={change.applyError.code === 'CONFLICT' ? 'warning' : 'error'}
              testId="mesh-apply-error"
              words={
                change.applyError.code === 'CONFLICT'
                  ? { title: `Namespace ${ns} changed since this preview`, hint: 'Nothing was changed. The plan below has been made again from the namespace as it is now: review it, then apply.' }
                  : undefined
              }
            />
          ) : null}
          <PlanView
            context={context}
            namespace={ns}
            target={change.target}
            plan={change.plan}
            planning={change.planning}
            error={change.planError}
            onRetry={change.replan}
          />
          <ApplyBar change={change} hintId={applyHintId} onCancel={onDismiss} />
        </>
      ) : null}

      {step === 'applied' && applied ? (
        <>
          <div className="mesh-step" role="status">
            <h3 ref={stepRef} tabIndex={-1} className="success-line">
              <span aria-hidden="true">✓ </span>
              {applied.unchanged ? `Namespace ${ns} already had these labels.` : `The labels of namespace ${ns} are changed.`}
            </h3>
            <p>
              {applied.restart.length > 0
                ? `${plural(applied.restart.length, 'workload')} still ${applied.restart.length === 1 ? 'runs' : 'run'} pods that do not match. Restart them now: each is rolled like kubectl rollout restart, and the proxy of its new pods is checked.`
                : 'No running pod needs a restart.'}
            </p>
          </div>
          <DialogActions>
            <button type="button" className="btn" onClick={onDismiss} data-testid="mesh-done">
              Done
            </button>
            {applied.restart.length > 0 ? (
              <button type="button" className="btn btn-primary" data-testid="mesh-restart" onClick={() => runRestart(restartRefs(applied.restart))}>
                Restart {plural(applied.restart.length, 'workload')} now
              </button>
            ) : null}
          </DialogActions>
        </>
      ) : null}

      {step === 'confirm-restart' ? (
        <ConfirmRestart namespace={namespace} restartable={restartable} onCancel={onDismiss} onConfirm={runRestart} />
      ) : null}

      {step === 'restart' && restart.started ? (
        <RestartProgressView context={context} namespace={ns} status={restart.status} error={restart.error} headingRef={stepRef} onDone={onDismiss} />
      ) : null}
    </div>
  );
}

function ApplyBar({ change, hintId, onCancel }: { change: MeshChange; hintId: string; onCancel(): void }) {
  const { target, plan, planning, applying } = change;
  const why = !target
    ? 'Choose a target first.'
    : planning || (!plan && !change.planError)
      ? 'Wait for the checks.'
      : !plan
        ? 'The change could not be checked.'
        : plan.refusal
          ? 'This change is refused (see above).'
          : plan.unchanged
            ? 'There is nothing to change.'
            : undefined;
  const blocked = !!why || applying;
  return (
    <DialogActions note={why} noteId={hintId} onCancel={onCancel}>
      <button
        type="button"
        className="btn btn-primary"
        aria-disabled={blocked}
        aria-describedby={why ? hintId : undefined}
        data-testid="mesh-apply"
        onClick={() => {
          if (!blocked) change.apply();
        }}
      >
        {applying ? 'Applying…' : 'Apply'}
      </button>
    </DialogActions>
  );
}

interface ConfirmProps {
  namespace: NamespaceRow;
  restartable: readonly WorkloadRow[];
  onCancel(): void;
  onConfirm(workloads: WorkloadRef[] | undefined): void;
}

/** The direct Restart of a namespace row asks first: it replaces the pods of running workloads. */
function ConfirmRestart({ namespace, restartable, onCancel, onConfirm }: ConfirmProps) {
  const n = restartable.length;
  return (
    <>
      <div className="callout-error">
        <p>
          <strong>
            {n > 0 ? `This restarts ${plural(n, 'workload')}` : 'This restarts the workloads'} in namespace {namespace.name}
          </strong>{' '}
          whose pods do not match the namespace’s mesh setting ({plural(namespace.needsRestart, 'pod')}). Each is rolled like <code>kubectl rollout restart</code>:
          new pods start and the old ones stop, so a workload with a single replica is briefly unavailable.
        </p>
      </div>
      {n > 0 ? (
        <ul className="restart-list" aria-label="Workloads to restart">
          {restartable.map((w) => (
            <li key={w.id}>
              <span className="mono">{w.name}</span> <span className="muted">{w.kind}</span> · {plural(w.needsRestart, 'pod')} to restart
            </li>
          ))}
        </ul>
      ) : null}
      <DialogActions onCancel={onCancel}>
        <button type="button" className="btn btn-primary" data-testid="mesh-restart" onClick={() => onConfirm(restartRefs(restartable))}>
          {n > 0 ? `Restart ${plural(n, 'workload')}` : 'Restart workloads'}
        </button>
      </DialogActions>
    </>
  );
}

interface ProgressProps {
  context: string;
  namespace: string;
  status: RestartStatus | undefined;
  /** The stream failed or stopped early. */
  error: RpcErrorShape | undefined;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onDone(): void;
}

const meshRowTestId = () => 'mesh-restart-row';

/** Each workload's restart: waiting, restarting (new pods ready of desired), ready with the proxy its new pods carry, or failed and why. */
export function RestartProgressView({ context, namespace, status, error, headingRef, onDone }: ProgressProps) {
  const phase = error ? 'failed' : (status?.phase ?? 'running');
  const running = phase === 'running';
  return (
    <>
      <div className="mesh-step" data-testid="mesh-restart-progress" data-status={phase}>
        <h3 ref={headingRef} tabIndex={-1}>
          {running ? 'Restarting…' : status?.phase === 'done' ? 'Restart finished' : 'The restart stopped'}
        </h3>
        <RestartProgress status={error ? (status ?? NOTHING) : status} caption={`Workloads restarted in namespace ${namespace}`} showNamespace={false} rowTestId={meshRowTestId} />
        <p role="status" className={status && status.failed > 0 ? 'text-warn' : undefined}>
          {status && !running ? status.summary : ''}
        </p>
        {error ? <ErrorExplanation error={error} context={context} /> : null}
      </div>
      <DialogActions note={running ? 'Closing only stops watching: the restarts go on in the cluster.' : undefined}>
        <button type="button" className={running ? 'btn' : 'btn btn-primary'} onClick={onDone} data-testid={running ? undefined : 'mesh-done'}>
          {running ? 'Close' : 'Done'}
        </button>
      </DialogActions>
    </>
  );
}

/** A restart that broke before the core said anything: nothing to list, nothing to wait for. */
const NOTHING: RestartStatus = { phase: 'failed', workloads: [], restarted: 0, failed: 0, summary: '' };
