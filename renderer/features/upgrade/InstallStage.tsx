import { useId, useState } from 'react';
import { InstallOptions } from '../../../main/contract/install.js';
import { draftProblems } from '../../../main/contract/upgrade.js';
import { CheckList } from '../../components/CheckList.js';
import { TextField } from '../../components/TextField.js';
import { Spinner } from '../../components/ui.js';
import { describeOptions } from '../install/options.js';
import { RunView } from '../install/RunView.js';
import { RunButton, StageError, type StageProps } from './StageParts.js';
import { stageState } from './stage-words.js';

/** The names the user chooses before the upgrade starts. */
export interface NamesDraft {
  from: string;
  to: string;
}

interface Props extends StageProps {
  names: NamesDraft;
  onNames(names: NamesDraft): void;
  now: number;
}

/** Stage 1: name the new revision and install it beside the old one (nothing uses it yet). */
export function InstallStage({ context, upgrade, view, runnable, names, onNames, now }: Props) {
  const ids = { from: useId(), to: useId() };
  const [touched, setTouched] = useState(false);
  const state = stageState(view, 'install');
  const revisions = upgrade.revisions;
  const from = view?.from ?? names.from;
  const to = view?.to ?? names.to;
  const problems = revisions ? draftProblems(names, revisions) : {};
  const problem = problems.to ?? problems.from;
  const shown = touched ? problem : undefined;
  const progress = upgrade.install;
  // Until it starts, the new revision takes the old one's recorded options (or the defaults), under its own name.
  const recorded = revisions?.revisions.find((r) => r.revision === from)?.record?.options;
  const options = { ...(recorded ?? InstallOptions.parse({})), revision: to };
  const start = () => {
    setTouched(true);
    if (!problem) upgrade.run('install', { from: names.from, to: names.to.trim() });
  };
  const again = () => upgrade.run('install');
  const run = progress ? <RunView progress={progress} now={now} context={context} onCancel={upgrade.cancel} onRetry={again} /> : null;

  return (
    <>
      <p className="muted">
        Installs a second control plane next to <span className="mono">{from}</span>. Nothing uses it yet, so nothing changes for running workloads.
      </p>
      {!view ? (
        <div className="upgrade-fields">
          {revisions && revisions.revisions.length > 1 ? (
            <div className="field">
              <label htmlFor={ids.from}>Upgrade from revision</label>
              <select id={ids.from} className="input" value={names.from} onChange={(e) => onNames({ ...names, from: e.target.value })} data-testid="upgrade-from">
                {revisions.revisions.map((r) => (
                  <option key={r.revision} value={r.revision}>
                    {r.revision}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <TextField
            id={ids.to}
            label="New revision"
            value={names.to}
            maxLength={60}
            hint={
              <>
                A name for the new control plane (istiod-&lt;name&gt;), for example <code>canary</code> or the version, <code>1-25</code>.
              </>
            }
            error={shown}
            onChange={(v) => onNames({ ...names, to: v.trim() })}
            onBlur={() => setTouched(true)}
            testId="upgrade-new-revision"
          />
          <p className="muted">
            {recorded ? `Installed with the options of revision ${from}, under the new name` : `Revision ${from} has no install record from Meshdeck: installed with the default options`}:{' '}
            {describeOptions(options)}.
          </p>
        </div>
      ) : null}
      {progress && state === 'done' ? (
        <details className="upgrade-run-details">
          <summary>
            What was applied ({progress.objects} object{progress.objects === 1 ? '' : 's'})
          </summary>
          {run}
        </details>
      ) : state !== 'pending' ? (
        run
      ) : null}
      {state === 'running' && !progress ? <Spinner label={`Installing revision ${to}…`} /> : null}
      {(state === 'failed' && !progress) || upgrade.failure?.action === 'install' ? <StageError stage="install" context={context} upgrade={upgrade} view={view} /> : null}
      {state === 'done' && progress?.verify && !progress.verify.ok ? (
        <CheckList checks={progress.verify.checks} testIdPrefix="upgrade-verify-check" label={`Verification of revision ${to}`} />
      ) : null}
      {state === 'done' ? (
        <p className="upgrade-result">
          Revision <span className="mono">{to}</span> is installed beside <span className="mono">{from}</span>.
        </p>
      ) : null}
      {runnable && state === 'pending' ? <RunButton label={`Install revision ${to || '…'}`} onRun={start} blocked={touched ? problem : undefined} /> : null}
      {runnable && state === 'failed' && !progress ? <RunButton label={`Install revision ${to} again`} onRun={again} /> : null}
    </>
  );
}
