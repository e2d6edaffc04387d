import { useId, useState } from 'react';
import { UPGRADE_TAGS } from '../../../main/contract/upgrade.js';
import { Spinner } from '../../components/ui.js';
import { RunButton, StageError, type StageProps } from './StageParts.js';
import { stageState } from './stage-words.js';

/** Stage 4: point tags (by default "default") at the new revision. */
export function TagsStage({ context, upgrade, view, runnable }: StageProps) {
  const legendId = useId();
  const [chosen, setChosen] = useState<string[]>(['default']);
  const state = stageState(view, 'tags');
  const from = view?.from ?? '';
  const to = view?.to ?? '';
  const tags = UPGRADE_TAGS.filter((t) => chosen.includes(t));
  const pointsAt = (tag: string) => upgrade.revisions?.tags.find((t) => t.tag === tag)?.revision;
  const toggle = (tag: string, on: boolean) => setChosen((list) => (on ? [...new Set([...list, tag])] : list.filter((t) => t !== tag)));
  return (
    <>
      <p className="muted">
        Points tags at <span className="mono">{to}</span>. The <code>default</code> tag decides which revision serves <code>istio-injection=enabled</code>{' '}
        namespaces and validates config; <code>prod-stable</code> and <code>prod-canary</code> are for namespaces labelled with those names.
      </p>
      {state === 'done' && view ? (
        <p className="upgrade-result">
          {view.tagChanges.length ? (
            <>
              Now pointing at <span className="mono">{to}</span>: {view.tagChanges.map((t) => t.tag).join(', ')}.
            </>
          ) : (
            'No tag was changed.'
          )}
        </p>
      ) : runnable || state === 'failed' ? (
        <fieldset className="field-group" aria-describedby={legendId}>
          <legend>Tags to point at {to}</legend>
          <div className="choice-row">
            {UPGRADE_TAGS.map((tag) => {
              const now = pointsAt(tag);
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
            {from === 'default' && !chosen.includes('default')
              ? 'Revision default can only be removed once the “default” tag points elsewhere: keep it chosen.'
              : 'Namespaces that use a tag follow it after their next restart.'}
          </p>
        </fieldset>
      ) : null}
      {state === 'failed' || upgrade.failure?.action === 'tags' ? <StageError stage="tags" context={context} upgrade={upgrade} view={view} /> : null}
      {state === 'running' ? <Spinner label="Pointing the tags…" /> : null}
      {runnable ? (
        <RunButton
          label={tags.length ? `Point ${tags.length === 1 ? `“${tags[0]}”` : `${tags.length} tags`} at ${to}` : 'Continue without changing tags'}
          onRun={() => upgrade.run('tags', { from, to, tags })}
        />
      ) : null}
    </>
  );
}
