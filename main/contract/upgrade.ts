import { z } from 'zod';
import { RpcErrorShape } from './errors.js';
import { InstallEvent, InstallOptions, MeshInstallStatus } from './install.js';
import { RestartStatus } from './inventory.js';
import { ContextName, NamespaceName, problemOf, RevisionName, TagName } from './names.js';

/**
 * Upgrade by revision: a second control plane beside the first, namespaces moved over and restarted,
 * tags pointed at it, then the old one removed; undoable until the removal starts. The core runs it and
 * keeps its state in the cluster (so the UI, the CLI and another machine see the same upgrade); the UI
 * and the CLI only show `UpgradeView` and send the user's choices.
 */

export const UpgradeStage = z.enum(['install', 'move', 'restart', 'tags', 'remove']);
export type UpgradeStage = z.infer<typeof UpgradeStage>;
export const UPGRADE_STAGES: readonly UpgradeStage[] = UpgradeStage.options;

export const StageState = z.enum(['pending', 'running', 'done', 'failed']);
export type StageState = z.infer<typeof StageState>;

export const STAGE_LABEL: Record<UpgradeStage, string> = {
  install: 'Install the new revision',
  move: 'Move namespaces',
  restart: 'Restart their workloads',
  tags: 'Point tags',
  remove: 'Remove the old revision',
};

/** Tags the Tags stage offers; "default" decides which revision unlabelled config and istio-injection=enabled use. */
export const UPGRADE_TAGS = ['default', 'prod-stable', 'prod-canary'] as const;

export const UndoStepId = z.enum(['tags', 'move', 'restart', 'remove']);
export type UndoStepId = z.infer<typeof UndoStepId>;
export const UndoStep = z.object({ id: UndoStepId, label: z.string(), state: StageState });
export type UndoStep = z.infer<typeof UndoStep>;

export const TagChange = z.object({ tag: z.string(), previous: z.string().optional() });
export type TagChange = z.infer<typeof TagChange>;

/** What the user chose: the revisions, the options of the new one, and what each stage acts on. */
export const UpgradeDraft = z.object({
  /** The revision upgraded from, as revisions.status names it ("default" for the default revision). */
  from: z.string().min(1).max(63),
  to: RevisionName.min(1, 'Name the new revision, for example canary or 1-25.'),
  /** Install options of the new revision (its name is `to`); default: what `from` was installed with. */
  options: InstallOptions.optional(),
  /** Namespaces to move; default: every namespace `from` serves. */
  namespaces: z.array(NamespaceName).max(500).optional(),
  /** The label value they move to: the new revision, or a tag that points at it. */
  moveTarget: TagName.optional(),
  /** Tags to point at the new revision; default: "default". */
  tags: z.array(TagName).max(20).optional(),
}).strict();
export type UpgradeDraft = z.infer<typeof UpgradeDraft>;

/** The upgrade as recorded in the cluster. */
export const UpgradeRecord = z.object({
  from: z.string(),
  to: z.string(),
  /** The Istio version each revision runs (the new one: this Meshdeck's bundled Istio). */
  fromVersion: z.string().optional(),
  toVersion: z.string(),
  options: InstallOptions,
  namespaces: z.array(z.string()),
  moveTarget: z.string(),
  tags: z.array(z.string()),
  stages: z.object({ install: StageState, move: StageState, restart: StageState, tags: StageState, remove: StageState }),
  errors: z.partialRecord(UpgradeStage, RpcErrorShape),
  /** Namespaces moved to the new revision (what Undo moves back), and their mesh labels from before. */
  moved: z.array(z.string()),
  originalLabels: z.record(z.string(), z.record(z.string(), z.string())),
  restart: RestartStatus.optional(),
  /** Tags pointed at the new revision, with where they pointed before (what Undo puts back). */
  tagChanges: z.array(TagChange),
  /** Objects the removal deleted (or found gone). */
  removed: z.number(),
  undo: z.object({ steps: z.array(UndoStep), status: z.enum(['running', 'done', 'failed']), error: RpcErrorShape.optional() }).optional(),
  updatedAt: z.string(),
});
export type UpgradeRecord = z.infer<typeof UpgradeRecord>;

/** The upgrade as the UI and the CLI show it: the record plus what may happen next, decided by the core. */
export const UpgradeView = UpgradeRecord.extend({
  /** "version": the new revision runs another Istio; "revision-move": the same build under a new revision name. */
  change: z.enum(['version', 'revision-move']),
  /** The stage to run next (undefined once everything is done or undone). */
  next: UpgradeStage.optional(),
  busy: z.boolean(),
  canUndo: z.boolean(),
  /** What Undo would do now, in order. */
  undoPlan: z.array(UndoStep),
  /** The old revision is gone: nothing left to do but dismiss. */
  complete: z.boolean(),
  /** One sentence on where the upgrade stands. */
  summary: z.string(),
});
export type UpgradeView = z.infer<typeof UpgradeView>;

/** What a new upgrade would be, proposed by the core from the cluster as it is. */
export const UpgradeProposal = z.object({
  from: z.string(),
  to: z.string(),
  fromVersion: z.string().optional(),
  /** The Istio this Meshdeck bundles: what the new revision runs. */
  toVersion: z.string(),
  change: z.enum(['version', 'revision-move']),
  namespaces: z.array(z.string()),
  /** Label values the Move stage offers: the new revision itself, or tags already pointing at it. */
  moveTargets: z.array(z.object({ value: z.string(), label: z.string() })),
  /** Install options `from` was installed with, when Meshdeck recorded them. */
  options: InstallOptions.optional(),
});
export type UpgradeProposal = z.infer<typeof UpgradeProposal>;

export const UpgradeStatus = z.object({
  revisions: MeshInstallStatus,
  /** The upgrade in the cluster, if one was started and not dismissed. */
  upgrade: UpgradeView.optional(),
  /** A proposal for a new one (absent when no control plane runs). */
  proposal: UpgradeProposal.optional(),
});
export type UpgradeStatus = z.infer<typeof UpgradeStatus>;

/** While a stage or the undo runs: the whole view after every change, and the install's own progress in stage 1. */
export const UpgradeEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), upgrade: UpgradeView }),
  z.object({ type: z.literal('install'), event: InstallEvent }),
]);
export type UpgradeEvent = z.infer<typeof UpgradeEvent>;

export const UpgradeRunInput = z.object({
  context: ContextName,
  /** One stage, or every stage but the removal of the old revision ("through-tags", for the CLI). */
  stage: z.union([UpgradeStage, z.literal('through-tags')]),
  /** Required to start (stage install); later stages may override what they act on (namespaces, moveTarget, tags). */
  draft: UpgradeDraft.optional(),
}).strict();

/**
 * What is wrong with the draft, field by field, in words (empty: it can start). Pure: the UI checks as the
 * user types, and the core refuses a start with the same rules.
 */
export function draftProblems(draft: Pick<UpgradeDraft, 'from' | 'to' | 'tags' | 'moveTarget'>, status: MeshInstallStatus): Partial<Record<'from' | 'to' | 'tags' | 'moveTarget', string>> {
  const problems: Partial<Record<'from' | 'to' | 'tags' | 'moveTarget', string>> = {};
  const to = draft.to.trim();
  const revisions = status.revisions.map((r) => r.revision);
  if (!revisions.includes(draft.from)) problems.from = `Revision ${draft.from} is not installed.`;
  if (!to) problems.to = 'Name the new revision, for example canary or 1-25.';
  else if (to === 'default') problems.to = '“default” is the revision installed without a name: choose another name, for example canary.';
  else if (problemOf(RevisionName, to)) problems.to = problemOf(RevisionName, to);
  else if (revisions.includes(to)) problems.to = `Revision ${to} is already installed: choose another name.`;
  else if (status.tags.some((t) => t.tag === to)) problems.to = `${to} is already a revision tag: a revision cannot have the same name as a tag.`;
  for (const tag of draft.tags ?? []) {
    const p = tagProblem(tag, status);
    if (p) { problems.tags = p; break; }
  }
  if (draft.moveTarget && draft.moveTarget !== to && status.tags.find((t) => t.tag === draft.moveTarget)?.revision !== to) {
    problems.moveTarget = `${draft.moveTarget} is neither the new revision nor a tag pointing at it.`;
  }
  return problems;
}

/** What is wrong with a tag name (undefined: fine). */
export function tagProblem(tag: string, status: MeshInstallStatus | undefined): string | undefined {
  const t = tag.trim();
  const rule = problemOf(TagName, t);
  if (rule) return rule;
  if (t !== 'default' && status?.revisions.some((r) => r.revision === t)) return `${t} is the name of a revision: a tag needs a name of its own.`;
  return undefined;
}
