import { useId, useState, type ReactNode } from 'react';
import { STAGE_LABEL, UPGRADE_STAGES, type UpgradeStage } from '../../../main/contract/upgrade.js';
import { InstallStage, type NamesDraft } from './InstallStage.js';
import { MoveStage } from './MoveStage.js';
import { RemoveStage } from './RemoveStage.js';
import { RestartStage } from './RestartStage.js';
import { StageFrame, type StageProps } from './StageParts.js';
import { stageState } from './stage-words.js';
import { TagsStage } from './TagsStage.js';
import { UndoArea } from './UndoArea.js';
import type { Upgrade } from './useUpgrade.js';
import { VersionChange, VersionFacts } from './VersionChange.js';

interface Props {
  context: string;
  upgrade: Upgrade;
  now: number;
}

const BODY: Record<Exclude<UpgradeStage, 'install'>, (p: StageProps) => ReactNode> = {
  move: MoveStage,
  restart: RestartStage,
  tags: TagsStage,
  remove: RemoveStage,
};

/**
 * "Upgrade to a new revision": five stages, each run by its own button, in order, as the core runs them and keeps
 * them in the cluster (so reopening the panel finds an upgrade where it is). Until the old revision's removal
 * starts, Undo puts everything back.
 */
export function UpgradePanel({ context, upgrade, now }: Props) {
  const headingId = useId();
  const { view, proposal } = upgrade;
  const [names, setNames] = useState<NamesDraft>(() => ({ from: proposal?.from ?? 'default', to: proposal?.to ?? 'canary' }));
  const from = view?.from ?? names.from;
  const to = view?.to ?? names.to;
  const next = view ? view.next : 'install';
  const idle = !view?.busy && !upgrade.running;
  const finished = !!view && (view.complete || view.undo?.status === 'done');
  const fromVersion = upgrade.revisions?.revisions.find((r) => r.revision === from)?.version;

  const close = () => {
    // A finished upgrade is forgotten on the way out, so the next one starts afresh.
    if (finished) upgrade.dismiss();
    upgrade.hide();
  };

  return (
    <section className="upgrade" aria-labelledby={headingId} data-testid="upgrade-panel" data-from={from} data-to={to}>
      <div className="section-head">
        <h3 id={headingId}>Upgrade to a new revision</h3>
        <button type="button" className="btn btn-small btn-ghost" onClick={close} data-testid="upgrade-close">
          {view && !finished ? 'Hide' : 'Close'}
        </button>
      </div>
      {view ? (
        <VersionChange change={view} />
      ) : proposal && names.from === proposal.from ? (
        <VersionChange change={proposal} />
      ) : proposal ? (
        <VersionFacts from={from} fromVersion={fromVersion} toVersion={proposal.toVersion} />
      ) : null}
      <p className="muted">
        From revision <strong className="mono">{from}</strong> to <strong className="mono">{to || '…'}</strong>. Each stage runs when you press its
        button, and nothing moves before you do. Until the last stage, Undo puts everything back as it was.
      </p>
      <p className="sr-only" role="status">
        {view?.summary ?? `Stage 1 of ${UPGRADE_STAGES.length}, ${STAGE_LABEL.install}: not started.`}
      </p>

      <ol className="upgrade-stages">
        {UPGRADE_STAGES.map((id, i) => {
          const props: StageProps = { context, upgrade, view, runnable: next === id && idle && !view?.undo };
          const Body = id === 'install' ? null : BODY[id];
          return (
            <StageFrame key={id} id={id} index={i} state={stageState(view, id)} current={next === id && !view?.undo}>
              {Body ? <Body {...props} /> : <InstallStage {...props} names={names} onNames={setNames} now={now} />}
            </StageFrame>
          );
        })}
      </ol>

      {view ? <UndoArea context={context} upgrade={upgrade} view={view} /> : null}
    </section>
  );
}
