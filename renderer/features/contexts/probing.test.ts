import { describe, expect, it } from 'vitest';
import type { ContextSummary } from '../../../main/contract/models.js';
import { chooseContext, nextProbe, noneReachable, probeKey, toProbeState, type ProbeState } from './probing.js';

const ctx = (name: string, extra: Partial<ContextSummary> = {}): ContextSummary => ({
  name, cluster: name, server: `https://${name}:6443`, user: name, namespace: 'default', authKind: 'exec', execCommand: 'plugin',
  usesProxy: false, insecureSkipTlsVerify: false, sourceFile: '/k/config', isCurrent: false, warnings: [], ...extra,
});

/** Replays what the hook does: after each step, start the probe nextProbe asks for and answer it. */
function probesStarted(steps: { contexts: ContextSummary[]; selected?: string; recheck?: string }[]): string[] {
  const started: string[] = [];
  const answered: Record<string, string> = {};
  const rechecks: Record<string, number> = {};
  for (const step of steps) {
    if (step.recheck) rechecks[step.recheck] = (rechecks[step.recheck] ?? 0) + 1;
    const next = nextProbe(step.contexts, step.selected, answered, rechecks);
    if (next) {
      started.push(next.name);
      answered[next.name] = next.key;
    }
  }
  return started;
}

describe('probing contexts', () => {
  const list = [ctx('a'), ctx('b', { isCurrent: true }), ctx('c'), ctx('d'), ctx('e')];

  it('probes only the context shown: the current one first, then each the user opens', () => {
    expect(probesStarted([{ contexts: list }])).toEqual(['b']);
    expect(probesStarted([{ contexts: list }, { contexts: list, selected: 'd' }, { contexts: list, selected: 'a' }])).toEqual(['b', 'd', 'a']);
  });

  it('does not probe again when the list arrives again, nor probe a context that appeared; only a changed shown one', () => {
    const grown = [...list, ctx('new-one')];
    const changed = list.map((c) => (c.name === 'b' ? { ...c, server: 'https://moved:6443' } : c));
    expect(probesStarted([{ contexts: list }, { contexts: list }, { contexts: grown }, { contexts: grown }])).toEqual(['b']);
    expect(probesStarted([{ contexts: list }, { contexts: changed }])).toEqual(['b', 'b']);
  });

  it('probes again when asked, once', () => {
    expect(probesStarted([{ contexts: list }, { contexts: list, recheck: 'b' }, { contexts: list }])).toEqual(['b', 'b']);
  });

  it('picks the selected, else the current, else the first context', () => {
    expect(chooseContext(list, 'c')?.name).toBe('c');
    expect(chooseContext(list, 'gone')?.name).toBe('b');
    expect(chooseContext([ctx('x'), ctx('y')], undefined)?.name).toBe('x');
    expect(probeKey(list[0]!, 0)).not.toBe(probeKey(list[0]!, 1));
  });

  it('turns an unconfirmed plugin into a question, not a failure, and offers the sandbox only when what answered failed', () => {
    const plugin = { command: '/bin/p', args: ['x'], file: '/k/config' };
    const unconfirmed = toProbeState({ context: 'a', reachable: false, latencyMs: 1, error: { code: 'EXEC_PLUGIN_UNCONFIRMED', message: 'm', plugin } });
    expect(unconfirmed).toMatchObject({ status: 'unconfirmed', plugin });
    const down: ProbeState = { status: 'unreachable', error: { code: 'UNREACHABLE', message: 'm' } };
    const up: ProbeState = { status: 'reachable', result: { context: 'a', reachable: true, latencyMs: 1 } };
    expect(noneReachable([down, { status: 'unchecked' }], down)).toBe(true);
    expect(noneReachable([down, up], down)).toBe(false);
    expect(noneReachable([{ status: 'unchecked' }], { status: 'checking' })).toBe(false);
    expect(noneReachable([down, unconfirmed], unconfirmed)).toBe(false);
  });
});
