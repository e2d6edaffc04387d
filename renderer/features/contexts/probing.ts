import type { RpcErrorShape } from '../../../main/contract/errors.js';
import type { ContextSummary, ExecPluginRef, ProbeResult } from '../../../main/contract/models.js';

/**
 * What the list knows of a context's reachability. A context is probed only when it is the one shown (picked by
 * the user, or the current context at first): probing runs its credential plugin, if it has one.
 */
export type ProbeState =
  | { status: 'unchecked' }
  | { status: 'checking' }
  | { status: 'reachable'; result: ProbeResult }
  | { status: 'unreachable'; result?: ProbeResult; error: RpcErrorShape }
  /** Its credential plugin comes from a kubeconfig file the user has not confirmed it for; nothing ran. */
  | { status: 'unconfirmed'; plugin: ExecPluginRef & { args: string[] }; error: RpcErrorShape };

/** The context the page shows: the one picked, else the kubeconfig's current context, else the first. */
export function chooseContext(contexts: readonly ContextSummary[], selected: string | undefined): ContextSummary | undefined {
  return contexts.find((c) => c.name === selected) ?? contexts.find((c) => c.isCurrent) ?? contexts[0];
}

/** An answer holds while the context's definition and the user's "check again" count are what they were. */
export function probeKey(context: ContextSummary, rechecks: number): string {
  return `${JSON.stringify(context)}\u0000${rechecks}`;
}

/**
 * The one probe wanted now, if any: the shown context's, when it has no answer for its current definition.
 * Other contexts are never probed from here, however many there are or however often the list changes.
 */
export function nextProbe(
  contexts: readonly ContextSummary[],
  selected: string | undefined,
  answeredKeys: Readonly<Record<string, string>>,
  rechecks: Readonly<Record<string, number>>,
): { name: string; key: string } | undefined {
  const shown = chooseContext(contexts, selected);
  if (!shown) return undefined;
  const key = probeKey(shown, rechecks[shown.name] ?? 0);
  return answeredKeys[shown.name] === key ? undefined : { name: shown.name, key };
}

export function toProbeState(result: ProbeResult): ProbeState {
  if (result.reachable) return { status: 'reachable', result };
  const error = result.error ?? { code: 'UNREACHABLE', message: 'The cluster did not answer.' };
  if (error.code === 'EXEC_PLUGIN_UNCONFIRMED' && error.plugin) return { status: 'unconfirmed', plugin: error.plugin, error };
  return { status: 'unreachable', result, error };
}

/**
 * Offer the sandbox because nothing answers: some context was checked, none was reachable, and the one shown is
 * not still being checked or waiting for a plugin confirmation.
 */
export function noneReachable(states: readonly ProbeState[], shown: ProbeState | undefined): boolean {
  const answered = states.filter((s) => s.status === 'reachable' || s.status === 'unreachable');
  return answered.length > 0 && answered.every((s) => s.status === 'unreachable') && shown?.status !== 'checking' && shown?.status !== 'unconfirmed';
}
