import { useId, useState, type ReactNode } from 'react';
import type { InstallOptions, MeshInstallStatus } from '../../../main/contract/install.js';
import { Badge, Spinner } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { CheckList } from './CheckList.js';
import { describeOptions } from './options.js';
import { RestartRows } from './RestartRows.js';
import { RunView } from './RunView.js';
import {
  STAGES,
  STAGE_LABEL,
  STAGE_STATE_WORDS,
  UPGRADE_TAGS,
  canRun,
  canUndo,
  currentStage,
  hasStarted,
  isBusy,
  moveBackTarget,
  moveTargets,
  namespacesOf,
  newRevisionError,
  restartOutcome,
  stageErrorWords,
  tagTarget,
  undoPlan,
  upgradeOptions,
  type StageId,
  type StageState,
  type UpgradeState,
} from './upgrade.js';
import type { Upgrade } from './useUpgrade.js';

interface Props {
  context: string;
  status: MeshInstallStatus | undefined;
  upgrade: Upgrade;
  pageOptions: InstallOptions | undefined;
  now: number;
}

const TONE: Record<StageState, 'ok' | 'error' | 'info' | 'neutral'> = { done: 'ok', failed: 'error', running: 'info', pending: 'neutral' };

/**
 * "Upgrade to a new revision": five stages, each run by its own button, in order. Until the old revision's
 * removal starts, Undo puts everything back.
 */
export function UpgradePanel({ context, status, upgrade, pageOptions, now }: Props) {
  const headingId = useId();
  const s = upgrade.state;
  const current = currentStage(s);
  const busy = isBusy(s);
  const recorded = status?.revisions.find((r) => r.revision === s.from)?.record?.options;
  const options = upgradeOptions(recorded, pageOptions, s.to);
  const stageNumber = current ? STAGES.indexOf(current) + 1 : STAGES.length;
  const announce = s.undo
    ? s.undo.status === 'running'
      ? 'Undoing the upgrade…'
      : s.undo.status === 'done'
        ? 'The upgrade is undone.'
        : 'Undo stopped.'
    : current
      ? `Stage ${stageNumber} of ${STAGES.length}, ${STAGE_LABEL[current]}: ${STAGE_STATE_WORDS[s.stages[current]].toLowerCase()}.`
      : 'The upgrade is done.';

  return (
    <section className="upgrade" aria-labelledby={headingId} data-testid="upgrade-panel" data-from={s.from} data-to={s.to}>
      <div className="section-head">
        <h3 id={headingId}>Upgrade to a new revision</h3>
        <button type="button" className="btn btn-small btn-ghost" onClick={upgrade.hide} data-testid="upgrade-close">
          {hasStarted(s) && !s.undo && s.stages.remove !== 'done' ? 'Hide' : 'Close'}
        </button>
      </div>
      <p className="muted">
        From revision <strong className="mono">{s.from}</strong> to <strong className="mono">{s.to || '…'}</strong>. Each stage runs when you press its
        button, and nothing moves before you do. Until the last stage, Undo puts everything back as it was.
      </p>
      <p className="sr-only" role="status">
        {announce}
      </p>

      <ol className="upgrade-stages">
        {STAGES.map((id, i) => (
          <Stage key={id} id={id} index={i} state={s.stages[id]} current={current === id && !s.undo}>
            <StageBody id={id} context={context} status={status} upgrade={upgrade} options={options} now={now} current={current === id} busy={busy} />
          </Stage>
        ))}
      </ol>

      <UndoArea context={context} status={status} upgrade={upgrade} />
    </section>
  );
}

function Stage({ id, index, state, current, children }: { id: StageId; index: number; state: StageState; current: boolean; children: ReactNode }) {
  return (
    <li className={`upgrade-stage upgrade-stage-${state}${current ? ' upgrade-stage-current' : ''}`} data-testid={`upgrade-stage-${id}`} data-state={state} aria-current={current ? 'step' : undefined}>
      <div className="upgrade-stage-head">
        <span className="upgrade-stage-mark" aria-hidden="true">
          {state === 'running' ? <span className="spinner" /> : state === 'done' ? '✓' : state === 'failed' ? '!' : index + 1}
        </span>
        <h4 className="upgrade-stage-title">
          <span className="sr-only">Stage {index + 1}: </span>
          {STAGE_LABEL[id]}
        </h4>
        <Badge tone={TONE[state]}>{STAGE_STATE_WORDS[state]}</Badge>
      </div>
      {children}
    </li>
  );
}

interface BodyProps {
  id: StageId;
  context: string;
  status: MeshInstallStatus | undefined;
  upgrade: Upgrade;
  options: InstallOptions;
  now: number;
  /** The stage to run next. */
  current: boolean;
  busy: boolean;
}

function StageBody(p: BodyProps) {
  switch (p.id) {
    case 'install':
      return <InstallStage {...p} />;
    case 'move':
      return <MoveStage {...p} />;
    case 'restart':
      return <RestartStage {...p} />;
    case 'tags':
      return <TagsStage {...p} />;
    case 'remove':
      return <RemoveStage {...p} />;
  }
}

/** The one button that runs the current stage, with the reason when it cannot. */
function RunButton({ label, onRun, blocked, danger }: { label: string; onRun(): void; blocked?: string | undefined; danger?: boolean }) {
  const reasonId = useId();
  return (
    <div className="upgrade-run-row">
      <button
        type="button"
        className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
        aria-disabled={!!blocked}
        aria-describedby={blocked ? reasonId : undefined}
        onClick={() => {
          if (!blocked) onRun();
        }}
        data-testid="upgrade-run"
      >
        {label}
      </button>
      {blocked ? (
        <p id={reasonId} className="wizard-blocked upgrade-blocked">
          {blocked}
        </p>
      ) : null}
    </div>
  );
}

function InstallStage({ context, status, upgrade, options, now, current }: BodyProps) {
  const s = upgrade.state;
  const ids = { from: useId(), to: useId(), hint: useId(), error: useId() };
  const [touched, setTouched] = useState(false);
  const state = s.stages.install;
  const error = newRevisionError(s.to, status);
  const shown = touched ? error : undefined;
  const progress = upgrade.install.progress;
  const revisions = status?.revisions.map((r) => r.revision) ?? [];
  const editable = state === 'pending' && !s.undo;
  const run = () => {
    setTouched(true);
    if (!error) upgrade.runInstall(options);
  };
  return (
    <div className="upgrade-stage-body">
      <p className="muted">
        Installs a second control plane next to <span className="mono">{s.from}</span>. Nothing uses it yet, so nothing changes for running workloads.
      </p>
      {editable ? (
        <div className="upgrade-fields">
          {revisions.length > 1 ? (
            <div className="field">
              <label htmlFor={ids.from}>Upgrade from revision</label>
              <select id={ids.from} className="input" value={s.from} onChange={(e) => upgrade.configure({ from: e.target.value })} data-testid="upgrade-from">
                {revisions.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={ids.to}>New revision</label>
            <input
              id={ids.to}
              type="text"
              className="input mono"
              value={s.to}
              spellCheck={false}
              autoComplete="off"
              maxLength={60}
              aria-invalid={!!shown}
              aria-describedby={`${ids.hint}${shown ? ` ${ids.error}` : ''}`}
              onChange={(e) => upgrade.configure({ to: e.target.value.trim() })}
              onBlur={() => setTouched(true)}
              data-testid="upgrade-new-revision"
            />
            <p id={ids.hint} className="field-hint">
              A name for the new control plane (istiod-&lt;name&gt;), for example <code>canary</code> or the version, <code>1-25</code>.
            </p>
            {shown ? (
              <p id={ids.error} className="field-error">
                {shown}
              </p>
            ) : null}
          </div>
          <p className="muted">
            Installed with the options of revision {s.from}, under the new name: {describeOptions(options)}.
          </p>
        </div>
      ) : null}
      {progress && state === 'done' ? (
        <details className="upgrade-run-details">
          <summary>
            What was applied ({progress.objects} object{progress.objects === 1 ? '' : 's'})
          </summary>
          <RunView progress={progress} now={now} context={context} onCancel={upgrade.cancelInstall} onRetry={() => upgrade.runInstall(options)} />
        </details>
      ) : progress && state !== 'pending' ? (
        <RunView progress={progress} now={now} context={context} onCancel={upgrade.cancelInstall} onRetry={() => upgrade.runInstall(options)} />
      ) : null}
      {state === 'failed' && !progress ? <StageError stage="install" upgrade={upgrade} context={context} /> : null}
      {state === 'done' && progress?.verify && !progress.verify.ok ? (
        <CheckList checks={progress.verify.checks} testIdPrefix="upgrade-verify-check" label={`Verification of revision ${s.to}`} />
      ) : null}
      {state === 'done' ? (
        <p className="upgrade-result">
          Revision <span className="mono">{s.to}</span> is installed beside <span className="mono">{s.from}</span>.
        </p>
      ) : null}
      {current && state === 'pending' && canRun(s, 'install') ? <RunButton label={`Install revision ${s.to || '…'}`} onRun={run} blocked={touched ? error : undefined} /> : null}
    </div>
  );
}

function MoveStage({ context, status, upgrade, current }: BodyProps) {
  const s = upgrade.state;
  const targetId = useId();
  const legendId = useId();
  const [selected, setSelected] = useState<string[]>([]);
  const [target, setTarget] = useState('');
  const state = s.stages.move;
  const candidates = namespacesOf(status, s.from);
  const chosen = selected.filter((n) => candidates.includes(n));
  const targets = moveTargets(status, s.to);
  const chosenTarget = targets.some((t) => t.value === target) ? target : s.to;
  const runnable = current && canRun(s, 'move');
  const toggle = (ns: string, on: boolean) => setSelected((list) => (on ? [...new Set([...list, ns])] : list.filter((n) => n !== ns)));

  return (
    <div className="upgrade-stage-body">
      <p className="muted">
        Labels the namespaces you choose <code>istio.io/rev={chosenTarget}</code> (and drops <code>istio-injection</code>). Their running pods keep the old
        proxy until the next stage restarts them.
      </p>
      {state === 'done' ? (
        <p className="upgrade-result">
          {s.moved.length ? (
            <>
              Moved <span className="mono">{s.moved.join(', ')}</span> to <span className="mono">{s.moveTarget}</span>.
            </>
          ) : (
            'No namespace was moved.'
          )}
        </p>
      ) : runnable || state === 'failed' ? (
        candidates.length ? (
          <>
            <fieldset className="field-group" aria-describedby={legendId}>
              <legend>Namespaces using revision {s.from}</legend>
              <p id={legendId} className="field-hint">
                Move one first to try the new revision on it, or all of them at once.
              </p>
              <div className="choice-row upgrade-namespaces">
                {candidates.map((ns) => (
                  <label key={ns} className="choice choice-inline">
                    <input type="checkbox" checked={chosen.includes(ns)} onChange={(e) => toggle(ns, e.target.checked)} data-testid={`upgrade-namespace-${ns}`} />
                    <span className="mono">{ns}</span>
                  </label>
                ))}
              </div>
              {candidates.length > 1 ? (
                <div className="button-row">
                  <button type="button" className="btn btn-small" onClick={() => setSelected(candidates)}>
                    Choose all
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setSelected([])}>
                    Choose none
                  </button>
                </div>
              ) : null}
            </fieldset>
            {targets.length > 1 ? (
              <div className="field">
                <label htmlFor={targetId}>Label them with</label>
                <select id={targetId} className="input" value={chosenTarget} onChange={(e) => setTarget(e.target.value)} data-testid="upgrade-move-target">
                  {targets.map((t) => (
                    <option key={t.value} value={t.value}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
          </>
        ) : (
          <p className="muted">No namespace uses revision {s.from}: there is nothing to move.</p>
        )
      ) : null}
      {state === 'failed' ? <StageError stage="move" upgrade={upgrade} context={context} /> : null}
      {runnable ? (
        <RunButton
          label={!candidates.length ? 'Continue: nothing to move' : chosen.length ? `Move ${chosen.length} namespace${chosen.length === 1 ? '' : 's'} to ${chosenTarget}` : 'Move namespaces'}
          onRun={() => upgrade.runMove(chosen, chosenTarget)}
          blocked={candidates.length && !chosen.length ? 'Choose the namespaces to move.' : undefined}
        />
      ) : null}
      {state === 'running' ? <Spinner label="Labelling the namespaces…" /> : null}
    </div>
  );
}

function RestartStage({ context, upgrade, current }: BodyProps) {
  const s = upgrade.state;
  const state = s.stages.restart;
  const runnable = current && canRun(s, 'restart');
  const outcome = s.restart.status === 'done' || s.restart.status === 'failed' ? restartOutcome(s.restart, s.to) : undefined;
  const n = s.moved.length;
  return (
    <div className="upgrade-stage-body">
      <p className="muted">
        Rolls every Deployment, StatefulSet and DaemonSet in the moved namespaces, like <code>kubectl rollout restart</code>, and checks that the new pods carry
        the proxy of revision <span className="mono">{s.to}</span>.
      </p>
      {s.restart.rows.length ? <RestartRows rows={s.restart.rows} expected={s.to} /> : null}
      {state === 'running' ? <Spinner label={s.restart.rows.length ? 'Restarting…' : 'Listing the workloads…'} /> : null}
      {outcome && outcome.ok && state === 'done' ? <p className="upgrade-result">{outcome.text}</p> : null}
      {outcome && !outcome.ok ? (
        <div className="explanation explanation-error" data-testid="upgrade-restart-problem">
          <p className="explanation-title">
            <span className="explanation-icon" aria-hidden="true">
              ✕
            </span>
            Not every workload is on revision {s.to}
          </p>
          <p className="explanation-message">{outcome.text}</p>
        </div>
      ) : null}
      {state === 'failed' && s.errors.restart ? <StageError stage="restart" upgrade={upgrade} context={context} /> : null}
      {runnable ? (
        <RunButton
          label={n ? `${state === 'failed' ? 'Restart again' : 'Restart workloads'} in ${n === 1 ? s.moved[0] : `${n} namespaces`}` : 'Continue: nothing to restart'}
          onRun={upgrade.runRestart}
        />
      ) : null}
    </div>
  );
}

function TagsStage({ context, status, upgrade, current }: BodyProps) {
  const s = upgrade.state;
  const legendId = useId();
  const [chosen, setChosen] = useState<string[]>(['default']);
  const state = s.stages.tags;
  const runnable = current && canRun(s, 'tags');
  const toggle = (tag: string, on: boolean) => setChosen((list) => (on ? [...new Set([...list, tag])] : list.filter((t) => t !== tag)));
  const needsDefault = s.from === 'default' && !chosen.includes('default') && tagTarget(status, 'default') !== s.to;
  return (
    <div className="upgrade-stage-body">
      <p className="muted">
        Points tags at <span className="mono">{s.to}</span>. The <code>default</code> tag decides which revision serves <code>istio-injection=enabled</code>{' '}
        namespaces and validates config; <code>prod-stable</code> and <code>prod-canary</code> are for namespaces labelled with those names.
      </p>
      {state === 'done' ? (
        <p className="upgrade-result">
          {s.tagChanges.length ? (
            <>
              Now pointing at <span className="mono">{s.to}</span>: {s.tagChanges.map((t) => t.tag).join(', ')}.
            </>
          ) : (
            'No tag was changed.'
          )}
        </p>
      ) : runnable || state === 'failed' ? (
        <fieldset className="field-group" aria-describedby={legendId}>
          <legend>Tags to point at {s.to}</legend>
          <div className="choice-row">
            {UPGRADE_TAGS.map((tag) => {
              const now = tagTarget(status, tag);
              return (
                <label key={tag} className="choice choice-inline">
                  <input type="checkbox" checked={chosen.includes(tag)} onChange={(e) => toggle(tag, e.target.checked)} data-testid={`upgrade-tag-${tag}`} />
                  <span>
                    <span className="mono">{tag}</span> <span className="muted">({now ? `now → ${now}` : 'not set yet'})</span>
                  </span>
                </label>
              );
            })}
          </div>
          <p id={legendId} className="field-hint">
            {needsDefault
              ? `Revision ${s.from} can only be removed once the “default” tag points elsewhere: keep it chosen.`
              : 'Namespaces that use a tag follow it after their next restart.'}
          </p>
        </fieldset>
      ) : null}
      {state === 'failed' ? <StageError stage="tags" upgrade={upgrade} context={context} /> : null}
      {state === 'running' ? <Spinner label="Pointing the tags…" /> : null}
      {runnable ? (
        <RunButton
          label={chosen.length ? `Point ${chosen.length === 1 ? `“${chosen[0]}”` : `${chosen.length} tags`} at ${s.to}` : 'Continue without changing tags'}
          onRun={() => upgrade.runTags(UPGRADE_TAGS.filter((t) => chosen.includes(t)), status)}
        />
      ) : null}
    </div>
  );
}

function RemoveStage({ context, upgrade, current }: BodyProps) {
  const s = upgrade.state;
  const titleId = useId();
  const [confirming, setConfirming] = useState(false);
  const state = s.stages.remove;
  const runnable = current && canRun(s, 'remove');
  return (
    <div className="upgrade-stage-body">
      <p className="muted">
        Removes the control plane of revision <span className="mono">{s.from}</span>: its istiod, webhooks and configuration. The CRDs, your Istio config
        and what other revisions share stay. <strong>This is the one stage that cannot be undone.</strong>
      </p>
      {runnable && confirming ? (
        <div className="upgrade-confirm" role="group" aria-labelledby={titleId} data-testid="upgrade-remove-confirm-box">
          <p id={titleId} className="upgrade-confirm-title">
            Remove revision {s.from} now?
          </p>
          <p>After this, Undo is no longer possible: going back means installing {s.from} again.</p>
          <div className="button-row">
            <button type="button" className="btn" onClick={() => setConfirming(false)} data-testid="upgrade-remove-cancel">
              Keep it
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                setConfirming(false);
                upgrade.runRemove();
              }}
              data-testid="upgrade-remove-confirm"
            >
              Remove revision {s.from}
            </button>
          </div>
        </div>
      ) : null}
      {state === 'running' ? <Spinner label={`Removing revision ${s.from}… (${s.removed} object${s.removed === 1 ? '' : 's'} so far)`} /> : null}
      {state === 'failed' ? (
        <StageError stage="remove" upgrade={upgrade} context={context} />
      ) : null}
      {state === 'done' ? (
        <div className="success" data-testid="upgrade-done" role="status">
          <span className="success-mark" aria-hidden="true">
            ✓
          </span>
          <div>
            <h5 className="success-title">Upgraded to revision {s.to}</h5>
            <p className="success-detail">
              Revision {s.from} is removed ({s.removed} object{s.removed === 1 ? '' : 's'}).{' '}
              {s.moved.length ? `${s.moved.join(', ')} run${s.moved.length === 1 ? 's' : ''} on ${s.to}. ` : ''}
              {s.tagChanges.length ? `Tags now on ${s.to}: ${s.tagChanges.map((t) => t.tag).join(', ')}.` : ''}
            </p>
          </div>
        </div>
      ) : null}
      {runnable && !confirming ? (
        <RunButton label={state === 'failed' ? `Remove revision ${s.from} again…` : `Remove revision ${s.from}…`} onRun={() => setConfirming(true)} danger />
      ) : null}
    </div>
  );
}

function StageError({ stage, upgrade, context }: { stage: StageId; upgrade: Upgrade; context: string }) {
  const s = upgrade.state;
  const error = s.errors[stage];
  if (!error) return null;
  return <ErrorExplanation error={error} context={context} words={stageErrorWords(stage, error, s.from)} testId={`upgrade-error-${stage}`} />;
}

function UndoArea({ context, status, upgrade }: { context: string; status: MeshInstallStatus | undefined; upgrade: Upgrade }) {
  const s: UpgradeState = upgrade.state;
  const headingId = useId();
  const undo = s.undo;
  if (!undo && !canUndo(s)) return null;
  const plan = undo?.steps ?? undoPlan(s);
  return (
    <section className="upgrade-undo" aria-labelledby={headingId} data-testid="upgrade-undo-area" data-state={undo?.status ?? 'available'}>
      <h4 id={headingId}>Undo</h4>
      {undo?.status === 'done' ? (
        <div className="success" data-testid="upgrade-undone" role="status">
          <span className="success-mark" aria-hidden="true">
            ✓
          </span>
          <div>
            <h5 className="success-title">Back on revision {s.from}</h5>
            <p className="success-detail">
              {s.moved.length ? `${s.moved.join(', ')} ${s.moved.length === 1 ? 'is' : 'are'} labelled istio.io/rev=${moveBackTarget(s.from)} again and restarted; ` : ''}
              revision {s.to} is removed.
            </p>
            <div className="button-row">
              <button type="button" className="btn" onClick={() => upgrade.startOver(status)} data-testid="upgrade-start-over">
                Start a new upgrade
              </button>
            </div>
          </div>
        </div>
      ) : (
        <>
          <p className="muted">{undo ? 'Undo, step by step:' : 'Puts everything back, in this order:'}</p>
          <ol className="phase-list upgrade-undo-steps">
            {plan.map((st) => (
              <li key={st.id} className={`phase phase-${st.state === 'failed' ? 'stopped' : st.state}`} data-testid={`upgrade-undo-step-${st.id}`} data-state={st.state}>
                <span className="phase-mark" aria-hidden="true">
                  {st.state === 'running' ? <span className="spinner" /> : st.state === 'done' ? '✓' : st.state === 'failed' ? '✕' : '○'}
                </span>
                <span className="phase-label">{st.label}</span>
                <span className="sr-only">: {STAGE_STATE_WORDS[st.state]}</span>
              </li>
            ))}
          </ol>
          {undo?.status === 'failed' && undo.error ? (
            <ErrorExplanation error={undo.error} context={context} words={upgrade.undoWords ?? stageErrorWords('undo', undo.error, s.to)} testId="upgrade-undo-error" />
          ) : null}
          {undo?.status !== 'running' ? (
            <div className="button-row">
              <button type="button" className="btn" onClick={upgrade.undo} data-testid="upgrade-undo">
                {undo?.status === 'failed' ? 'Undo again' : 'Undo the upgrade'}
              </button>
            </div>
          ) : (
            <Spinner label="Undoing…" />
          )}
        </>
      )}
    </section>
  );
}
