import { useCallback, useEffect, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { MeshInstallStatus } from '../../../main/contract/install.js';
import type { UpgradeDraft, UpgradeEvent, UpgradeProposal, UpgradeStage, UpgradeStatus, UpgradeView } from '../../../main/contract/upgrade.js';
import { useCall, type CallState } from '../../api/hooks.js';
import { useStreamRun, type StreamStop } from '../../api/streams.js';
import { useClient } from '../../api/transport.js';
import { initialProgress, reduceProgress, type RunProgress } from '../install/progress.js';
import { settleProgress } from '../install/useInstallRun.js';

/** What one `upgrade.run` or `upgrade.undo` stream has said: the latest view, and the new revision's install while stage 1 runs. */
interface Heard {
  view?: UpgradeView;
  install?: RunProgress;
}

function hear(s: Heard | undefined, event: UpgradeEvent): Heard {
  if (event.type === 'state') return { ...s, view: event.upgrade };
  const now = Date.now();
  return { ...s, install: reduceProgress(s?.install ?? initialProgress('install', now), event.event, now) };
}

const settle = (s: Heard | undefined, stop: StreamStop): Heard | undefined => (s?.install ? { ...s, install: settleProgress(s.install, stop) } : s);

/** What the user asked for last, and why the core would not do it (a refusal before anything changed, or a broken link). */
export interface UpgradeFailure {
  action: UpgradeStage | 'undo' | 'dismiss';
  error: RpcErrorShape;
}

export interface Upgrade {
  /** `upgrade.status`: the revisions, the upgrade in the cluster, a proposal for a new one. */
  status: CallState<UpgradeStatus>;
  revisions: MeshInstallStatus | undefined;
  /** The upgrade as the core last showed it (undefined: none in the cluster). */
  view: UpgradeView | undefined;
  proposal: UpgradeProposal | undefined;
  /** The new revision's install, while this window runs stage 1 (for the wizard's RunView). */
  install: RunProgress | undefined;
  /** A stage or the undo runs from this window, or has been asked for. */
  running: boolean;
  /** The undo runs from this window, or has been asked for. */
  undoing: boolean;
  failure: UpgradeFailure | undefined;
  /** The panel is open: by the user's choice, else whenever an upgrade is in the cluster. */
  open: boolean;
  show(): void;
  hide(): void;
  run(stage: UpgradeStage, draft?: UpgradeDraft): void;
  /** Stops the stage running from this window (the core records it as stopped; running it again continues). */
  cancel(): void;
  undo(): void;
  /** Forgets a finished or undone upgrade, so a new one can start. */
  dismiss(): void;
}

const POLL_MS = 2000;

/**
 * Which view to show: the one this window's stream sent while it runs, and until the status read after it
 * answers (the status in hand is older then); the one stored in the cluster otherwise.
 */
export function shownView(p: { running: boolean; reading: boolean; streamed: UpgradeView | undefined; stored: UpgradeView | undefined }): UpgradeView | undefined {
  return (p.running || p.reading) && p.streamed ? p.streamed : p.stored;
}

/**
 * The upgrade by revision as the core runs it: reads `upgrade.status`, streams `upgrade.run` and `upgrade.undo`
 * and keeps the latest view they send. Nothing is decided here: the view says what may happen next.
 * `enabled`: read the status (the section is shown); `onComplete`: the old revision is gone.
 */
export function useUpgrade(context: string, enabled: boolean, onComplete: (to: string) => void): Upgrade {
  const client = useClient();
  const status = useCall('upgrade.status', enabled ? { context } : null);
  const [shown, setShown] = useState<boolean | undefined>();
  const [failure, setFailure] = useState<UpgradeFailure | undefined>();
  const { reload } = status;

  // The new revision's install as this window last saw it, kept while later stages run.
  const [installed, setInstalled] = useState<RunProgress | undefined>();
  const options = (action: UpgradeFailure['action']) => ({
    onEvent: (event: UpgradeEvent) => {
      if (event.type === 'state' && event.upgrade.complete) onComplete(event.upgrade.to);
    },
    settle,
    onStop: (stop: StreamStop, before: Heard | undefined, after: Heard | undefined) => {
      // A stream that fails before any view was refused (or lost): say so where the user asked.
      if (stop.type === 'error' && !before?.view) setFailure({ action, error: stop.error });
      if (after?.install) setInstalled(after.install);
      reload();
    },
  });
  const [stage, setStage] = useState<UpgradeStage>('install');
  const runs = useStreamRun('upgrade.run', hear, options(stage));
  const undos = useStreamRun('upgrade.undo', hear, options('undo'));

  const active = (s: { status: string }) => s.status === 'connecting' || s.status === 'live';
  const running = active(runs) || active(undos);
  const last = active(undos) ? undos : active(runs) ? runs : (undos.receivedAt ?? 0) > (runs.receivedAt ?? 0) ? undos : runs;
  const view = shownView({ running, reading: status.loading, streamed: last.data?.view, stored: status.data?.upgrade });

  // Someone else (another window, the command line) runs a step: follow it.
  const followOthers = !!view?.busy && !running;
  useEffect(() => {
    if (!followOthers) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [followOthers, reload]);

  const { start: startRun, cancel: cancelRun, reset: resetRuns } = runs;
  const { start: startUndo, reset: resetUndos } = undos;
  const run = (next: UpgradeStage, draft?: UpgradeDraft) => {
    setFailure(undefined);
    setStage(next);
    startRun({ context, stage: next, ...(draft ? { draft } : {}) });
  };
  const undo = () => {
    setFailure(undefined);
    startUndo({ context });
  };
  const show = useCallback(() => setShown(true), []);
  const hide = useCallback(() => setShown(false), []);
  const dismiss = () => {
    setFailure(undefined);
    client.call('upgrade.dismiss', { context }).then(
      () => {
        resetRuns();
        resetUndos();
        setInstalled(undefined);
        reload();
      },
      (err: unknown) => setFailure({ action: 'dismiss', error: toErrorShape(err) }),
    );
  };

  return {
    status,
    revisions: status.data?.revisions,
    view,
    proposal: status.data?.proposal,
    install: runs.data?.install ?? (view ? installed : undefined),
    running,
    undoing: active(undos),
    failure,
    open: shown ?? !!view,
    show,
    hide,
    run,
    cancel: cancelRun,
    undo,
    dismiss,
  };
}
