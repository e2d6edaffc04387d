import { useId, useState } from 'react';
import type { UpgradeView } from '../../../main/contract/upgrade.js';
import { Spinner } from '../../components/ui.js';
import { RunButton, StageError, type StageProps } from './StageParts.js';
import { count, stageState } from './stage-words.js';

/** Stage 2: label the chosen namespaces for the new revision (their pods keep the old proxy until stage 3). */
export function MoveStage({ context, upgrade, view, runnable }: StageProps) {
  const legendId = useId();
  const [selected, setSelected] = useState<string[]>([]);
  const state = stageState(view, 'move');
  const from = view?.from ?? '';
  const target = view?.moveTarget ?? view?.to ?? '';
  const candidates = namespacesUsing(upgrade.revisions?.revisions, view);
  const chosen = selected.filter((n) => candidates.includes(n));
  const toggle = (ns: string, on: boolean) => setSelected((list) => (on ? [...new Set([...list, ns])] : list.filter((n) => n !== ns)));
  const move = () => upgrade.run('move', { from, to: view?.to ?? '', namespaces: chosen });

  return (
    <>
      <p className="muted">
        Labels the namespaces you choose <code>istio.io/rev={target || '…'}</code> (and drops <code>istio-injection</code>). Their running pods keep the old
        proxy until the next stage restarts them.
      </p>
      {state === 'done' && view ? (
        <p className="upgrade-result">
          {view.moved.length ? (
            <>
              Moved <span className="mono">{view.moved.join(', ')}</span> to <span className="mono">{view.moveTarget}</span>.
            </>
          ) : (
            'No namespace was moved.'
          )}
        </p>
      ) : runnable || state === 'failed' ? (
        candidates.length ? (
          <fieldset className="field-group" aria-describedby={legendId}>
            <legend>Namespaces using revision {from}</legend>
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
        ) : (
          <p className="muted">No namespace uses revision {from}: there is nothing to move.</p>
        )
      ) : null}
      {state === 'failed' || upgrade.failure?.action === 'move' ? <StageError stage="move" context={context} upgrade={upgrade} view={view} /> : null}
      {runnable ? (
        <RunButton
          label={!candidates.length ? 'Continue: nothing to move' : chosen.length ? `Move ${count(chosen.length, 'namespace')} to ${target}` : 'Move namespaces'}
          onRun={move}
          blocked={candidates.length && !chosen.length ? 'Choose the namespaces to move.' : undefined}
        />
      ) : null}
      {state === 'running' ? <Spinner label="Labelling the namespaces…" /> : null}
    </>
  );
}

/** The namespaces that use the old revision now (as upgrade.status reads them), sorted; before the first read, those the upgrade recorded. */
function namespacesUsing(revisions: { revision: string; namespaces: string[] }[] | undefined, view: UpgradeView | undefined): string[] {
  if (!view) return [];
  const live = revisions?.find((r) => r.revision === view.from)?.namespaces ?? view.namespaces;
  return [...live].sort((a, b) => a.localeCompare(b));
}
