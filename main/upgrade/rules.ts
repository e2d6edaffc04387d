import type { RpcErrorShape } from '../contract/errors.js';
import { InstallOptions, type MeshInstallStatus } from '../contract/install.js';
import { UPGRADE_STAGES, type UndoStep, type UpgradeDraft, type UpgradeProposal, type UpgradeRecord, type UpgradeStage, type UpgradeView } from '../contract/upgrade.js';

/** The stage machine of an upgrade by revision, as pure functions over its record (no I/O). */

/** Which revision the old one is: the one the "default" tag points at, else the default revision, else the first. */
export function defaultFromRevision(status: MeshInstallStatus): string {
  const names = status.revisions.map((r) => r.revision);
  const tagged = status.tags.find((t) => t.tag === 'default')?.revision;
  if (tagged && names.includes(tagged)) return tagged;
  return names.includes('default') || !names.length ? 'default' : names[0]!;
}

/** A free name for the new revision: "canary", else "canary-2", "canary-3"… */
export function suggestRevision(status: MeshInstallStatus, base = 'canary'): string {
  const taken = new Set([...status.revisions.map((r) => r.revision), ...status.tags.map((t) => t.tag)]);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Label values the Move stage offers: the new revision itself, or a tag that already points at it. */
export function moveTargets(status: MeshInstallStatus, to: string): { value: string; label: string }[] {
  const tags = status.tags.filter((t) => t.revision === to && t.tag !== 'default').map((t) => ({ value: t.tag, label: `tag ${t.tag} (→ ${to})` }));
  return [{ value: to, label: `revision ${to}` }, ...tags];
}

export const changeKind = (fromVersion: string | undefined, toVersion: string) => (fromVersion !== undefined && fromVersion === toVersion ? 'revision-move' as const : 'version' as const);

export function proposeUpgrade(status: MeshInstallStatus, bundledVersion: string): UpgradeProposal | undefined {
  if (!status.revisions.length) return undefined;
  const from = defaultFromRevision(status);
  const old = status.revisions.find((r) => r.revision === from);
  const to = suggestRevision(status);
  return {
    from, to, fromVersion: old?.version, toVersion: bundledVersion, change: changeKind(old?.version, bundledVersion),
    namespaces: [...(old?.namespaces ?? [])].sort((a, b) => a.localeCompare(b)),
    moveTargets: moveTargets(status, to),
    options: old?.record?.options,
  };
}

/** A new upgrade's record from the user's draft (already checked), filling what the draft leaves out. */
export function newRecord(draft: UpgradeDraft, status: MeshInstallStatus, bundledVersion: string, now = new Date()): UpgradeRecord {
  const old = status.revisions.find((r) => r.revision === draft.from);
  const options = { ...(draft.options ?? old?.record?.options ?? InstallOptions.parse({})), revision: draft.to };
  return {
    from: draft.from, to: draft.to, fromVersion: old?.version, toVersion: bundledVersion, options,
    namespaces: draft.namespaces ?? [...(old?.namespaces ?? [])].sort((a, b) => a.localeCompare(b)),
    moveTarget: draft.moveTarget ?? draft.to,
    tags: draft.tags ?? ['default'],
    stages: { install: 'pending', move: 'pending', restart: 'pending', tags: 'pending', remove: 'pending' },
    errors: {}, moved: [], originalLabels: {}, tagChanges: [], removed: 0, updatedAt: now.toISOString(),
  };
}

/** The first stage not done yet (undefined once everything is done). */
export const nextStage = (r: UpgradeRecord): UpgradeStage | undefined => UPGRADE_STAGES.find((id) => r.stages[id] !== 'done');

const running = (r: UpgradeRecord) => UPGRADE_STAGES.some((id) => r.stages[id] === 'running') || r.undo?.status === 'running';

/** May this stage run now? In order, one at a time, never once an undo has started. */
export function stageRefusal(r: UpgradeRecord, stage: UpgradeStage): string | undefined {
  if (running(r)) return 'Another step of this upgrade is running.';
  if (r.undo) return 'This upgrade was undone; dismiss it to start a new one.';
  const next = nextStage(r);
  if (next !== stage) return next ? `The next step is “${next}”, not “${stage}”.` : 'Every step of this upgrade is done.';
  return undefined;
}

/** Undo is offered from the first change until the old revision's removal starts. */
export function canUndo(r: UpgradeRecord): boolean {
  if (r.stages.install === 'pending' || r.stages.remove !== 'pending' || running(r)) return false;
  return !r.undo || r.undo.status === 'failed';
}

/**
 * What Undo does, in order: tags back first (a namespace labelled istio.io/rev=default follows the
 * "default" tag), then the namespaces back to their old labels and restarted onto the old proxy, then
 * the new revision removed.
 */
export function undoPlan(r: UpgradeRecord): UndoStep[] {
  const steps: UndoStep[] = [];
  const n = r.moved.length;
  if (r.tagChanges.length) steps.push({ id: 'tags', label: `Point ${r.tagChanges.map((t) => `“${t.tag}”`).join(', ')} back`, state: 'pending' });
  if (n) {
    const what = n === 1 ? `namespace ${r.moved[0]}` : `${n} namespaces`;
    steps.push({ id: 'move', label: `Move ${what} back to revision ${r.from}`, state: 'pending' });
    steps.push({ id: 'restart', label: `Restart ${n === 1 ? 'its' : 'their'} workloads onto revision ${r.from}`, state: 'pending' });
  }
  steps.push({ id: 'remove', label: `Remove revision ${r.to}`, state: 'pending' });
  return steps;
}

/** Where a tag goes back to on Undo: where it was, or (a tag that did not exist) the old revision. */
export const tagRestoreTarget = (previous: string | undefined, from: string) => previous ?? from;

const interrupted = (what: string): RpcErrorShape => ({ code: 'CANCELLED', message: `The ${what} was interrupted (Meshdeck closed or lost the cluster); run it again.` });

/**
 * The record as shown: a step recorded as running while nobody holds the upgrade's lock was interrupted
 * (closed, crashed) and shows as failed, so it can be run again.
 */
export function upgradeView(record: UpgradeRecord, lockHeld: boolean): UpgradeView {
  const r: UpgradeRecord = structuredClone(record);
  if (!lockHeld) {
    for (const id of UPGRADE_STAGES) {
      if (r.stages[id] === 'running') { r.stages[id] = 'failed'; r.errors[id] = interrupted(`step “${id}”`); }
    }
    if (r.undo?.status === 'running') {
      r.undo = { steps: r.undo.steps.map((s) => (s.state === 'running' ? { ...s, state: 'failed' } : s)), status: 'failed', error: interrupted('undo') };
    }
  }
  const complete = r.stages.remove === 'done';
  const next = r.undo ? undefined : nextStage(r);
  return {
    ...r,
    change: changeKind(r.fromVersion, r.toVersion),
    next, busy: running(r), canUndo: canUndo(r), undoPlan: r.undo?.steps ?? undoPlan(r), complete,
    summary: summaryOf(r, next, complete),
  };
}

function summaryOf(r: UpgradeRecord, next: UpgradeStage | undefined, complete: boolean): string {
  const move = `${r.from}${r.fromVersion ? ` (${r.fromVersion})` : ''} → ${r.to} (${r.toVersion})`;
  if (r.undo?.status === 'done') return `Undone: ${r.from} serves everything it served before, and ${r.to} is removed.`;
  if (r.undo?.status === 'running') return `Undoing the upgrade ${move}.`;
  if (r.undo?.status === 'failed') return `Undo stopped: ${r.undo.error?.message ?? 'a step failed'}`;
  if (complete) return `Upgraded ${move}; the old revision is removed.`;
  const failed = UPGRADE_STAGES.find((id) => r.stages[id] === 'failed');
  if (failed) return `Step “${failed}” failed: ${r.errors[failed]?.message ?? 'see its detail'}`;
  const active = UPGRADE_STAGES.find((id) => r.stages[id] === 'running');
  if (active) return `Upgrade ${move}: step “${active}” is running.`;
  return `Upgrade ${move}: next step “${next}”.`;
}
