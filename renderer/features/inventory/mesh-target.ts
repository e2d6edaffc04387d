import type { MeshPlan, MeshPlane, MeshTarget, NamespaceRow } from '../../../main/contract/inventory.js';

/** The four choices of the "Change mesh" dialog. */
export type TargetChoice = 'sidecar-default' | 'sidecar-revision' | 'ambient' | 'none';

/** The target a choice asks the core for; undefined while "revision or tag" has no revision picked. */
export function targetOf(choice: TargetChoice, revision: string): MeshTarget | undefined {
  switch (choice) {
    case 'sidecar-default':
      return { mode: 'sidecar', revision: '' };
    case 'sidecar-revision':
      return revision ? { mode: 'sidecar', revision } : undefined;
    case 'ambient':
      return { mode: 'ambient' };
    case 'none':
      return { mode: 'none' };
  }
}

/** The choice that matches the namespace as it is now (marked "current" in the dialog). */
export function currentChoice(ns: Pick<NamespaceRow, 'mode' | 'source'>): TargetChoice | undefined {
  if (ns.mode === 'sidecar') return ns.source === 'istio.io/rev' ? 'sidecar-revision' : 'sidecar-default';
  if (ns.mode === 'ambient') return 'ambient';
  if (ns.mode === 'none' || ns.mode === 'disabled') return 'none';
  return undefined;
}

export interface RevisionOption {
  value: string;
  label: string;
}

/** Revisions (with their Istio version and readiness) then tags (with the revision they point at). */
export function revisionOptions(plane: MeshPlane): RevisionOption[] {
  const revisions = plane.revisions.map((r) => ({
    value: r.revision,
    label: `Revision ${r.revision}${r.version ? ` (Istio ${r.version})` : ''}${r.ready ? '' : ' — not ready'}`,
  }));
  const tags = plane.tags.map((t) => ({ value: t.tag, label: `Tag ${t.tag} → revision ${t.revision}` }));
  return [...revisions, ...tags];
}

/** What the revision select starts on: the revision or tag the namespace names now, else the first option. */
export function initialRevision(ns: Pick<NamespaceRow, 'labels'>, options: readonly RevisionOption[]): string {
  const named = ns.labels['istio.io/rev'];
  if (named && options.some((o) => o.value === named)) return named;
  return options[0]?.value ?? '';
}

export interface LabelChange {
  key: string;
  before?: string;
  after?: string;
  change: 'added' | 'removed' | 'changed' | 'kept';
}

/** The mesh labels before and after, label by label (the patch decides what changes; the rest is kept). */
export function labelChanges(plan: Pick<MeshPlan, 'before' | 'after' | 'patch'>): LabelChange[] {
  const keys = [...new Set([...Object.keys(plan.before), ...Object.keys(plan.after), ...Object.keys(plan.patch)])].sort();
  return keys.map((key) => {
    const before = plan.before[key];
    const patched = plan.patch[key];
    const after = patched === null ? undefined : patched !== undefined ? patched : before;
    const change: LabelChange['change'] = patched === undefined ? 'kept' : before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    return { key, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), change };
  });
}
