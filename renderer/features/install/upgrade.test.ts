import { describe, expect, it } from 'vitest';
import type { MeshInstallStatus, RestartEvent } from '../../../main/contract/install.js';
import {
  canRun,
  canUndo,
  currentStage,
  defaultFromRevision,
  initialUpgrade,
  isComplete,
  moveBackTarget,
  moveTargets,
  namespacesOf,
  newRevisionError,
  reduceRestart,
  restartOutcome,
  stageErrorWords,
  suggestRevision,
  tagNameError,
  tagRestoreTarget,
  undoPlan,
  upgradeOptions,
  upgradeReducer,
  type UpgradeAction,
  type UpgradeState,
} from './upgrade.js';

const status = (extra: Partial<MeshInstallStatus> = {}): MeshInstallStatus => ({
  revisions: [{ revision: 'default', version: '1.24.2', ready: true, namespaces: ['shop', 'api'] }],
  tags: [],
  ...extra,
});

const run = (s: UpgradeState, ...actions: UpgradeAction[]) => actions.reduce(upgradeReducer, s);
const workload = (name: string, state: 'restarting' | 'ready' | 'failed', proxyRevision?: string): Extract<RestartEvent, { type: 'workload' }> => ({
  type: 'workload',
  namespace: 'shop',
  kind: 'Deployment',
  name,
  state,
  ...(proxyRevision ? { proxyRevision } : {}),
});

/** An upgrade that went through install, move and restart. */
function throughRestart(): UpgradeState {
  return run(
    initialUpgrade('default', 'canary'),
    { type: 'start', stage: 'install' },
    { type: 'done', stage: 'install' },
    { type: 'start', stage: 'move' },
    { type: 'moved', namespaces: ['shop'], target: 'canary' },
    { type: 'start', stage: 'restart' },
    { type: 'restart-event', event: workload('web', 'restarting') },
    { type: 'restart-event', event: workload('web', 'ready', 'canary') },
    { type: 'restart-event', event: { type: 'done', restarted: 1, wrongRevision: 0 } },
  );
}

describe('the stage machine', () => {
  it('runs the stages in order, one at a time', () => {
    let s = initialUpgrade('default', 'canary');
    expect(currentStage(s)).toBe('install');
    expect(canRun(s, 'move')).toBe(false);
    // A stage out of order is ignored.
    expect(run(s, { type: 'start', stage: 'tags' })).toBe(s);
    s = run(s, { type: 'start', stage: 'install' });
    expect(s.stages.install).toBe('running');
    expect(canRun(s, 'install')).toBe(false); // not twice at once
    s = run(s, { type: 'done', stage: 'install' });
    expect(currentStage(s)).toBe('move');
    s = run(s, { type: 'start', stage: 'move' }, { type: 'moved', namespaces: ['shop'], target: 'canary' });
    expect(s.stages.move).toBe('done');
    expect(s.moved).toEqual(['shop']);
    expect(s.moveTarget).toBe('canary');
    expect(currentStage(s)).toBe('restart');
  });

  it('lets a failed stage run again, and forgets its error when it does', () => {
    let s = run(initialUpgrade('default', 'canary'), { type: 'start', stage: 'install' }, { type: 'fail', stage: 'install', error: { code: 'TIMEOUT', message: 'slow' } });
    expect(s.stages.install).toBe('failed');
    expect(s.errors.install?.code).toBe('TIMEOUT');
    expect(currentStage(s)).toBe('install');
    expect(canRun(s, 'install')).toBe(true);
    s = run(s, { type: 'start', stage: 'install' });
    expect(s.errors.install).toBeUndefined();
    expect(s.stages.install).toBe('running');
  });

  it('fixes the names once the install has started', () => {
    let s = run(initialUpgrade('default', 'canary'), { type: 'configure', to: '1-25' });
    expect(s.to).toBe('1-25');
    s = run(s, { type: 'start', stage: 'install' }, { type: 'configure', to: 'other', from: 'x' });
    expect(s.to).toBe('1-25');
    expect(s.from).toBe('default');
  });

  it('folds restart events into one row per workload, with the proxy revision of the new pods', () => {
    const s = throughRestart();
    expect(s.restart.rows).toEqual([{ namespace: 'shop', kind: 'Deployment', name: 'web', state: 'ready', proxyRevision: 'canary' }]);
    expect(s.stages.restart).toBe('done');
    expect(restartOutcome(s.restart, 'canary')).toEqual({ ok: true, text: '1 workload restarted, all with the proxy of revision canary.' });
  });

  it('fails the restart plainly when a workload comes back on the wrong revision', () => {
    const s = run(
      initialUpgrade('default', 'canary'),
      { type: 'start', stage: 'install' },
      { type: 'done', stage: 'install' },
      { type: 'start', stage: 'move' },
      { type: 'moved', namespaces: ['shop'], target: 'canary' },
      { type: 'start', stage: 'restart' },
      { type: 'restart-event', event: { ...workload('web', 'failed', 'default'), detail: 'new pods carry the proxy of revision default, not canary' } },
      { type: 'restart-event', event: { type: 'done', restarted: 1, wrongRevision: 1 } },
    );
    expect(s.stages.restart).toBe('failed');
    expect(currentStage(s)).toBe('restart');
    const outcome = restartOutcome(s.restart, 'canary');
    expect(outcome.ok).toBe(false);
    expect(outcome.text).toMatch(/^1 of 1 workload came back without the proxy of revision canary: shop\/web \(revision default\)/);
    // It can be run again, and then starts with fresh rows.
    const again = run(s, { type: 'start', stage: 'restart' });
    expect(again.restart).toEqual({ status: 'running', rows: [] });
  });

  it('counts a workload that never got ready as a failure too', () => {
    let p = reduceRestart({ status: 'running', rows: [] }, workload('db', 'failed'));
    p = reduceRestart(p, { type: 'done', restarted: 1, wrongRevision: 0 });
    expect(p.status).toBe('failed');
    expect(restartOutcome({ ...p, rows: [{ ...p.rows[0]!, detail: 'not ready within 3 minutes' }] }, 'canary').text).toMatch(/did not come back ready: shop\/db \(not ready within 3 minutes\)/);
    expect(restartOutcome({ status: 'done', rows: [], restarted: 0, wrongRevision: 0 }, 'canary')).toEqual({ ok: true, text: 'No workload to restart in these namespaces.' });
  });

  it('remembers where each tag pointed before, once', () => {
    let s = run(throughRestart(), { type: 'start', stage: 'tags' }, { type: 'tagged', tag: 'default', previous: undefined }, { type: 'tagged', tag: 'prod-stable', previous: 'default' });
    s = run(s, { type: 'fail', stage: 'tags', error: { code: 'INTERNAL', message: 'x' } }, { type: 'start', stage: 'tags' }, { type: 'tagged', tag: 'prod-stable', previous: 'canary' }, { type: 'done', stage: 'tags' });
    expect(s.tagChanges).toEqual([{ tag: 'default' }, { tag: 'prod-stable', previous: 'default' }]);
    expect(tagRestoreTarget(s.tagChanges[0]!, s.from)).toBe('default');
    expect(tagRestoreTarget(s.tagChanges[1]!, '1-24')).toBe('default');
    expect(tagRestoreTarget({ tag: 'x' }, '1-24')).toBe('1-24');
  });

  it('ends with the removal, counting what it removed', () => {
    let s = run(throughRestart(), { type: 'start', stage: 'tags' }, { type: 'done', stage: 'tags' }, { type: 'start', stage: 'remove' });
    s = run(s, { type: 'removed-object' }, { type: 'removed-object' }, { type: 'done', stage: 'remove' });
    expect(s.removed).toBe(2);
    expect(isComplete(s)).toBe(true);
    expect(currentStage(s)).toBeUndefined();
    expect(canUndo(s)).toBe(false);
  });
});

describe('undo', () => {
  it('is offered from the first change until the removal starts', () => {
    const fresh = initialUpgrade('default', 'canary');
    expect(canUndo(fresh)).toBe(false);
    const installing = run(fresh, { type: 'start', stage: 'install' });
    expect(canUndo(installing)).toBe(false); // not while a stage runs
    expect(canUndo(run(installing, { type: 'done', stage: 'install' }))).toBe(true);
    expect(canUndo(run(installing, { type: 'fail', stage: 'install', error: { code: 'CANCELLED', message: 'c' } }))).toBe(true);
    const tagged = run(throughRestart(), { type: 'start', stage: 'tags' }, { type: 'done', stage: 'tags' });
    expect(canUndo(tagged)).toBe(true);
    const removing = run(tagged, { type: 'start', stage: 'remove' });
    expect(canUndo(run(removing, { type: 'fail', stage: 'remove', error: { code: 'BAD_REQUEST', message: 'in use' } }))).toBe(false);
  });

  it('puts tags back first, then the namespaces (moved and restarted), then removes the new revision', () => {
    const s = run(throughRestart(), { type: 'start', stage: 'tags' }, { type: 'tagged', tag: 'default', previous: undefined }, { type: 'done', stage: 'tags' });
    expect(undoPlan(s).map((st) => [st.id, st.label])).toEqual([
      ['tags', 'Point “default” back'],
      ['move', 'Move namespace shop back to revision default'],
      ['restart', 'Restart its workloads onto revision default'],
      ['remove', 'Remove revision canary'],
    ]);
    expect(undoPlan(run(initialUpgrade('default', 'canary'), { type: 'start', stage: 'install' }, { type: 'done', stage: 'install' })).map((st) => st.id)).toEqual(['remove']);
    expect(moveBackTarget('default')).toBe('default');
    expect(moveBackTarget('')).toBe('default');
    expect(moveBackTarget('1-24')).toBe('1-24');
  });

  it('runs step by step, stops the stages, and can be tried again after a failure', () => {
    const s0 = throughRestart();
    let s = run(s0, { type: 'undo-start', steps: undoPlan(s0) });
    expect(s.undo?.status).toBe('running');
    expect(canRun(s, 'tags')).toBe(false);
    s = run(s, { type: 'undo-step', id: 'move', state: 'running' }, { type: 'undo-step', id: 'move', state: 'done' }, { type: 'undo-step', id: 'restart', state: 'running' });
    s = run(s, { type: 'undo-fail', error: { code: 'TIMEOUT', message: 'slow' } });
    expect(s.undo?.steps.map((st) => st.state)).toEqual(['done', 'failed', 'pending']);
    expect(canUndo(s)).toBe(true);
    expect(canRun(s, 'tags')).toBe(false); // once undo started, the forward stages stay closed
    s = run(s, { type: 'undo-start', steps: undoPlan(s0) }, { type: 'undo-done' });
    expect(s.undo).toMatchObject({ status: 'done' });
    expect(s.undo?.steps.every((st) => st.state === 'done')).toBe(true);
    expect(canUndo(s)).toBe(false);
    const fresh = run(s, { type: 'reset', from: 'default', to: 'canary-2' });
    expect(fresh).toEqual(initialUpgrade('default', 'canary-2'));
  });
});

describe('names and choices', () => {
  it('upgrades from the revision the default tag points at, else the default revision', () => {
    expect(defaultFromRevision(undefined)).toBe('default');
    expect(defaultFromRevision(status())).toBe('default');
    const two = status({
      revisions: [
        { revision: 'default', ready: true, namespaces: [] },
        { revision: '1-24', ready: true, namespaces: ['a'] },
      ],
      tags: [{ tag: 'default', revision: '1-24' }],
    });
    expect(defaultFromRevision(two)).toBe('1-24');
    expect(defaultFromRevision(status({ revisions: [{ revision: '1-23', ready: true, namespaces: [] }] }))).toBe('1-23');
  });

  it('suggests a free name for the new revision', () => {
    expect(suggestRevision(status())).toBe('canary');
    expect(suggestRevision(status({ revisions: [{ revision: 'canary', ready: true, namespaces: [] }], tags: [{ tag: 'canary-2', revision: 'canary' }] }))).toBe('canary-3');
  });

  it('says what is wrong with a new revision name', () => {
    const st = status({ tags: [{ tag: 'prod-stable', revision: 'default' }] });
    expect(newRevisionError('canary', st)).toBeUndefined();
    expect(newRevisionError('', st)).toMatch(/Name the new revision/);
    expect(newRevisionError('default', st)).toMatch(/“default” is the revision installed without a name/);
    expect(newRevisionError('Canary', st)).toMatch(/lower-case/);
    expect(newRevisionError('prod-stable', st)).toMatch(/already a revision tag/);
    expect(newRevisionError('1-24', status({ revisions: [{ revision: '1-24', ready: true, namespaces: [] }] }))).toMatch(/already installed/);
  });

  it('says what is wrong with a tag name', () => {
    expect(tagNameError('prod-stable', status())).toBeUndefined();
    expect(tagNameError('default', status())).toBeUndefined();
    expect(tagNameError('', status())).toMatch(/Name the tag/);
    expect(tagNameError('Prod', status())).toMatch(/lower-case/);
    expect(tagNameError('canary', status({ revisions: [{ revision: 'canary', ready: true, namespaces: [] }] }))).toMatch(/name of a revision/);
  });

  it('installs the new revision with the old one’s options, renamed', () => {
    const recorded = { profile: 'demo' as const, revision: '', imagePullSecrets: ['r'], values: { a: '1' }, hub: 'h/i' };
    expect(upgradeOptions(recorded, undefined, 'canary')).toEqual({ ...recorded, revision: 'canary' });
    expect(upgradeOptions(undefined, { profile: 'minimal', revision: '', imagePullSecrets: [], values: {} }, 'canary').revision).toBe('canary');
    expect(upgradeOptions(undefined, undefined, 'canary')).toEqual({ profile: 'minimal', revision: 'canary', imagePullSecrets: [], values: {} });
  });

  it('offers the namespaces of the old revision, and as move targets the new revision or a tag already on it', () => {
    expect(namespacesOf(status(), 'default')).toEqual(['api', 'shop']);
    expect(namespacesOf(status(), 'canary')).toEqual([]);
    const st = status({ tags: [{ tag: 'prod-canary', revision: 'canary' }, { tag: 'prod-stable', revision: 'default' }, { tag: 'default', revision: 'canary' }] });
    expect(moveTargets(st, 'canary').map((t) => t.value)).toEqual(['canary', 'prod-canary']);
  });

  it('words a refusal from the core for what it is', () => {
    const inUse = { code: 'BAD_REQUEST' as const, message: 'Revision default is still in use; move namespace shop first.' };
    expect(stageErrorWords('remove', inUse, 'default')?.title).toBe('Revision default is still needed, so it was not removed');
    expect(stageErrorWords('remove', { code: 'BAD_REQUEST', message: 'Point the "default" tag at the new revision before removing the default revision (…)' }, 'default')?.hint).toMatch(/Move the namespaces/);
    expect(stageErrorWords('tags', { code: 'BAD_REQUEST', message: 'istioctl could not generate tag x for revision y.' }, 'default')?.title).toBe('The tag could not be set');
    expect(stageErrorWords('remove', { code: 'TIMEOUT', message: 'slow' }, 'default')).toBeUndefined();
  });
});
