import type { RpcErrorShape } from '../../../main/contract/errors.js';
import { InstallOptions, type MeshInstallStatus, type RestartEvent } from '../../../main/contract/install.js';
import { revisionError } from './options.js';

/**
 * Upgrade by revision: a second control plane beside the first, namespaces moved over and restarted,
 * tags pointed at it, then the old one removed. Every stage is its own step; until the last one the
 * whole thing can be undone. This module is the stage machine and its rules (no React, no I/O).
 */

export const STAGES = ['install', 'move', 'restart', 'tags', 'remove'] as const;
export type StageId = (typeof STAGES)[number];
export type StageState = 'pending' | 'running' | 'done' | 'failed';

export const STAGE_LABEL: Record<StageId, string> = {
  install: 'Install the new revision',
  move: 'Move namespaces',
  restart: 'Restart their workloads',
  tags: 'Point tags',
  remove: 'Remove the old revision',
};

/** Tags the Tags stage offers; "default" decides which revision unlabelled config and istio-injection=enabled use. */
export const UPGRADE_TAGS = ['default', 'prod-stable', 'prod-canary'] as const;

export interface RestartRow {
  namespace: string;
  kind: string;
  name: string;
  state: 'restarting' | 'ready' | 'failed';
  proxyRevision?: string;
  detail?: string;
}

export interface RestartProgress {
  status: 'idle' | 'running' | 'done' | 'failed';
  rows: RestartRow[];
  restarted?: number;
  wrongRevision?: number;
}

export type UndoStepId = 'tags' | 'move' | 'restart' | 'remove';
export interface UndoStep {
  id: UndoStepId;
  label: string;
  state: StageState;
}

export interface UndoProgress {
  steps: UndoStep[];
  status: 'running' | 'done' | 'failed';
  error?: RpcErrorShape;
}

export interface TagChange {
  tag: string;
  /** The revision the tag pointed at before (undefined: the tag did not exist). */
  previous?: string;
}

export interface UpgradeState {
  /** The revision upgraded from, as revisions.status names it ("default" for the default revision). */
  from: string;
  /** The new revision's name. */
  to: string;
  stages: Record<StageId, StageState>;
  errors: Partial<Record<StageId, RpcErrorShape>>;
  /** Namespaces moved to the new revision (what Undo moves back). */
  moved: string[];
  /** The label value they were moved to: the new revision or a tag pointing at it. */
  moveTarget?: string;
  restart: RestartProgress;
  /** Tags pointed at the new revision, with where they pointed before (what Undo puts back). */
  tagChanges: TagChange[];
  /** Objects the removal deleted (or found gone). */
  removed: number;
  undo?: UndoProgress;
}

export type UpgradeAction =
  | { type: 'configure'; from?: string; to?: string }
  | { type: 'start'; stage: StageId }
  | { type: 'done'; stage: StageId }
  | { type: 'fail'; stage: StageId; error: RpcErrorShape }
  | { type: 'moved'; namespaces: string[]; target: string }
  | { type: 'restart-event'; event: RestartEvent }
  | { type: 'tagged'; tag: string; previous: string | undefined }
  | { type: 'removed-object' }
  | { type: 'undo-start'; steps: UndoStep[] }
  | { type: 'undo-step'; id: UndoStepId; state: StageState }
  | { type: 'undo-fail'; error: RpcErrorShape }
  | { type: 'undo-done' }
  | { type: 'reset'; from: string; to: string };

const pendingStages = (): Record<StageId, StageState> => ({ install: 'pending', move: 'pending', restart: 'pending', tags: 'pending', remove: 'pending' });

export function initialUpgrade(from: string, to: string): UpgradeState {
  return { from, to, stages: pendingStages(), errors: {}, moved: [], restart: { status: 'idle', rows: [] }, tagChanges: [], removed: 0 };
}

/** The first stage not done yet (undefined once everything is done). */
export function currentStage(s: UpgradeState): StageId | undefined {
  return STAGES.find((id) => s.stages[id] !== 'done');
}

export function isBusy(s: UpgradeState): boolean {
  return STAGES.some((id) => s.stages[id] === 'running') || s.undo?.status === 'running';
}

export function isComplete(s: UpgradeState): boolean {
  return s.stages.remove === 'done';
}

/** Has anything been changed in the cluster yet (something to undo)? */
export function hasStarted(s: UpgradeState): boolean {
  return s.stages.install !== 'pending';
}

/** May this stage run now? Stages run in order, one at a time, and never once an undo has started. */
export function canRun(s: UpgradeState, stage: StageId): boolean {
  if (isBusy(s) || s.undo) return false;
  return currentStage(s) === stage;
}

/** Undo is offered from the first change until the old revision's removal starts. */
export function canUndo(s: UpgradeState): boolean {
  if (!hasStarted(s) || s.stages.remove !== 'pending') return false;
  if (isBusy(s)) return false;
  return !s.undo || s.undo.status === 'failed';
}

/** The label value that points a namespace back at the old revision ("default" for the default revision). */
export function moveBackTarget(from: string): string {
  return from || 'default';
}

/** Where a tag goes back to on Undo: where it was, or (a tag that did not exist) the old revision. */
export function tagRestoreTarget(change: TagChange, from: string): string {
  return change.previous ?? moveBackTarget(from);
}

/**
 * What Undo does, in order: tags back first (a namespace labelled istio.io/rev=default follows the
 * "default" tag), then the namespaces back and restarted onto the old proxy, then the new revision removed.
 */
export function undoPlan(s: UpgradeState): UndoStep[] {
  const steps: UndoStep[] = [];
  const n = s.moved.length;
  if (s.tagChanges.length) {
    steps.push({ id: 'tags', label: `Point ${s.tagChanges.map((t) => `“${t.tag}”`).join(', ')} back`, state: 'pending' });
  }
  if (n) {
    const what = n === 1 ? `namespace ${s.moved[0]}` : `${n} namespaces`;
    steps.push({ id: 'move', label: `Move ${what} back to revision ${s.from}`, state: 'pending' });
    steps.push({ id: 'restart', label: `Restart ${n === 1 ? 'its' : 'their'} workloads onto revision ${s.from}`, state: 'pending' });
  }
  steps.push({ id: 'remove', label: `Remove revision ${s.to}`, state: 'pending' });
  return steps;
}

function setStage(s: UpgradeState, stage: StageId, state: StageState): UpgradeState {
  return { ...s, stages: { ...s.stages, [stage]: state } };
}

export function upgradeReducer(s: UpgradeState, a: UpgradeAction): UpgradeState {
  switch (a.type) {
    case 'configure':
      // The names are fixed once the new revision's install has started.
      if (hasStarted(s)) return s;
      return { ...s, ...(a.from !== undefined ? { from: a.from } : {}), ...(a.to !== undefined ? { to: a.to } : {}) };
    case 'start': {
      if (!canRun(s, a.stage)) return s;
      const errors = { ...s.errors };
      delete errors[a.stage];
      let next: UpgradeState = { ...setStage(s, a.stage, 'running'), errors };
      if (a.stage === 'restart') next = { ...next, restart: { status: 'running', rows: [] } };
      if (a.stage === 'remove') next = { ...next, removed: 0 };
      return next;
    }
    case 'done':
      if (s.stages[a.stage] !== 'running') return s;
      return setStage(s, a.stage, 'done');
    case 'fail':
      if (s.stages[a.stage] !== 'running') return s;
      return {
        ...setStage(s, a.stage, 'failed'),
        errors: { ...s.errors, [a.stage]: a.error },
        ...(a.stage === 'restart' ? { restart: { ...s.restart, status: 'failed' as const } } : {}),
      };
    case 'moved': {
      if (s.stages.move !== 'running') return s;
      const moved = [...new Set([...s.moved, ...a.namespaces])];
      return { ...setStage(s, 'move', 'done'), moved, moveTarget: a.target };
    }
    case 'restart-event': {
      if (s.stages.restart !== 'running') return s;
      const restart = reduceRestart(s.restart, a.event);
      if (a.event.type !== 'done') return { ...s, restart };
      const outcome = restartOutcome(restart, s.to);
      // A workload on the wrong proxy fails the stage: the outcome says which, in words (restartOutcome).
      return { ...setStage(s, 'restart', outcome.ok ? 'done' : 'failed'), restart };
    }
    case 'tagged': {
      if (s.stages.tags !== 'running') return s;
      // The first "previous" seen is the one to restore (running the stage again keeps it).
      if (s.tagChanges.some((t) => t.tag === a.tag)) return s;
      return { ...s, tagChanges: [...s.tagChanges, { tag: a.tag, ...(a.previous !== undefined ? { previous: a.previous } : {}) }] };
    }
    case 'removed-object':
      return s.stages.remove === 'running' ? { ...s, removed: s.removed + 1 } : s;
    case 'undo-start':
      if (!canUndo(s)) return s;
      return { ...s, undo: { steps: a.steps, status: 'running' } };
    case 'undo-step': {
      if (s.undo?.status !== 'running') return s;
      return { ...s, undo: { ...s.undo, steps: s.undo.steps.map((st) => (st.id === a.id ? { ...st, state: a.state } : st)) } };
    }
    case 'undo-fail': {
      if (s.undo?.status !== 'running') return s;
      const steps = s.undo.steps.map((st) => (st.state === 'running' ? { ...st, state: 'failed' as const } : st));
      return { ...s, undo: { steps, status: 'failed', error: a.error } };
    }
    case 'undo-done': {
      if (s.undo?.status !== 'running') return s;
      return { ...s, undo: { steps: s.undo.steps.map((st) => ({ ...st, state: 'done' as const })), status: 'done' } };
    }
    case 'reset':
      return initialUpgrade(a.from, a.to);
  }
}

/** Folds one restart event into the rows (one row per workload, updated in place). */
export function reduceRestart(p: RestartProgress, e: RestartEvent): RestartProgress {
  if (e.type === 'done') {
    return { ...p, status: e.wrongRevision > 0 || p.rows.some((r) => r.state === 'failed') ? 'failed' : 'done', restarted: e.restarted, wrongRevision: e.wrongRevision };
  }
  const row: RestartRow = {
    namespace: e.namespace,
    kind: e.kind,
    name: e.name,
    state: e.state,
    ...(e.proxyRevision !== undefined ? { proxyRevision: e.proxyRevision } : {}),
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  };
  const i = p.rows.findIndex((r) => r.namespace === e.namespace && r.kind === e.kind && r.name === e.name);
  const rows = i < 0 ? [...p.rows, row] : p.rows.map((r, j) => (j === i ? row : r));
  return { ...p, rows };
}

/** The restart's verdict in one sentence: every workload back, each on the expected revision's proxy, or what is not. */
export function restartOutcome(p: RestartProgress, expected: string): { ok: boolean; text: string } {
  const failed = p.rows.filter((r) => r.state === 'failed');
  const wrong = p.wrongRevision ?? 0;
  const n = p.restarted ?? p.rows.length;
  if (n === 0 && !failed.length) return { ok: true, text: 'No workload to restart in these namespaces.' };
  if (wrong > 0) {
    const names = p.rows.filter((r) => r.proxyRevision !== expected).map((r) => `${r.namespace}/${r.name} (${r.proxyRevision ? `revision ${r.proxyRevision}` : 'no proxy'})`);
    return {
      ok: false,
      text: `${wrong} of ${n} workload${n === 1 ? '' : 's'} came back without the proxy of revision ${expected}${names.length ? `: ${names.join(', ')}` : ''}. Check that the namespace is labelled for ${expected} and that its injector is running, then restart again.`,
    };
  }
  if (failed.length) {
    return { ok: false, text: `${failed.length} of ${n} workload${n === 1 ? '' : 's'} did not come back ready: ${failed.map((r) => `${r.namespace}/${r.name}${r.detail ? ` (${r.detail})` : ''}`).join(', ')}.` };
  }
  return { ok: true, text: `${n} workload${n === 1 ? '' : 's'} restarted, all with the proxy of revision ${expected}.` };
}

/** Which revision the old one is: the one the "default" tag points at, else the default revision, else the first. */
export function defaultFromRevision(status: MeshInstallStatus | undefined): string {
  if (!status || !status.revisions.length) return 'default';
  const names = status.revisions.map((r) => r.revision);
  const tagged = status.tags.find((t) => t.tag === 'default')?.revision;
  if (tagged && names.includes(tagged)) return tagged;
  return names.includes('default') ? 'default' : names[0]!;
}

/** A free name for the new revision: "canary", else "canary-2", "canary-3"… */
export function suggestRevision(status: MeshInstallStatus | undefined, base = 'canary'): string {
  const taken = new Set([...(status?.revisions.map((r) => r.revision) ?? []), ...(status?.tags.map((t) => t.tag) ?? [])]);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** What is wrong with the new revision's name, in words (undefined: fine). */
export function newRevisionError(name: string, status: MeshInstallStatus | undefined): string | undefined {
  const n = name.trim();
  if (!n) return 'Name the new revision, for example canary or 1-25.';
  if (n === 'default') return '“default” is the revision installed without a name: choose another name, for example canary.';
  const rule = revisionError(n);
  if (rule) return rule;
  if (status?.revisions.some((r) => r.revision === n)) return `Revision ${n} is already installed: choose another name.`;
  if (status?.tags.some((t) => t.tag === n)) return `${n} is already a revision tag: a revision cannot have the same name as a tag.`;
  return undefined;
}

/** The new revision's install options: what the old one was installed with (or the page's options), renamed. */
export function upgradeOptions(recorded: InstallOptions | undefined, fallback: InstallOptions | undefined, to: string): InstallOptions {
  const base = recorded ?? fallback ?? InstallOptions.parse({});
  return { ...base, revision: to };
}

/** The namespaces using a revision, sorted. */
export function namespacesOf(status: MeshInstallStatus | undefined, revision: string): string[] {
  return [...(status?.revisions.find((r) => r.revision === revision)?.namespaces ?? [])].sort((a, b) => a.localeCompare(b));
}

/** Label values the Move stage offers: the new revision itself, or a tag that already points at it. */
export function moveTargets(status: MeshInstallStatus | undefined, to: string): { value: string; label: string }[] {
  const tags = (status?.tags ?? []).filter((t) => t.revision === to && t.tag !== 'default').map((t) => ({ value: t.tag, label: `tag ${t.tag} (→ ${to})` }));
  return [{ value: to, label: `revision ${to}` }, ...tags];
}

/** Where a tag points now (undefined: no such tag). */
export function tagTarget(status: MeshInstallStatus | undefined, tag: string): string | undefined {
  return status?.tags.find((t) => t.tag === tag)?.revision;
}

/** A tag name as the contract takes it. */
export const TAG_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function tagNameError(tag: string, status: MeshInstallStatus | undefined): string | undefined {
  const t = tag.trim();
  if (!t) return 'Name the tag, for example prod-stable.';
  if (t.length > 63) return 'A tag is at most 63 characters long.';
  if (!TAG_NAME.test(t)) return 'A tag is lower-case letters, digits and dashes, starting and ending with a letter or a digit.';
  if (t !== 'default' && status?.revisions.some((r) => r.revision === t)) return `${t} is the name of a revision: a tag needs a name of its own.`;
  return undefined;
}

/**
 * The core answers a refusal it explains itself (a revision still in use, a tag istioctl cannot make) with
 * BAD_REQUEST, whose generic words blame Meshdeck: for those, the title and hint fit the stage instead.
 */
export function stageErrorWords(stage: StageId | 'undo' | 'tag', error: RpcErrorShape, revision: string): { title: string; hint: string } | undefined {
  if (error.code !== 'BAD_REQUEST') return undefined;
  if (/still in use|before removing the default revision/i.test(error.message)) {
    return {
      title: `Revision ${revision} is still needed, so it was not removed`,
      hint:
        stage === 'undo'
          ? 'Point the namespaces and tags named above elsewhere (the Tags editor sets a tag), then undo again.'
          : 'Move the namespaces named above and point the tags named above at the new revision (the stages before this one), then remove it again.',
    };
  }
  if (/tag/i.test(error.message)) {
    return { title: 'The tag could not be set', hint: 'Read what istioctl said below: usually the revision does not exist (any more) or the tag name is taken by a revision.' };
  }
  return undefined;
}

/** Stage words for screen readers and the badge on each stage. */
export const STAGE_STATE_WORDS: Record<StageState, string> = { pending: 'Not started', running: 'Running', done: 'Done', failed: 'Failed' };
