import { describe, expect, it } from 'vitest';
import type { MeshInstallStatus } from '../contract/install.js';
import { draftProblems, tagProblem, type UpgradeRecord } from '../contract/upgrade.js';
import { canUndo, defaultFromRevision, moveTargets, newRecord, proposeUpgrade, stageRefusal, suggestRevision, undoPlan, upgradeView } from './rules.js';

const status = (extra: Partial<MeshInstallStatus> = {}): MeshInstallStatus => ({
  revisions: [{ revision: 'default', version: '1.30.1', ready: true, namespaces: ['shop', 'api'] }],
  tags: [],
  ...extra,
});

const fresh = (s = status()) => newRecord({ from: 'default', to: 'canary' }, s, '1.31.0', new Date(0));
const withStages = (r: UpgradeRecord, stages: Partial<UpgradeRecord['stages']>, extra: Partial<UpgradeRecord> = {}): UpgradeRecord => ({ ...r, ...extra, stages: { ...r.stages, ...stages } });

describe('choosing the revisions (one rule for the UI and the CLI)', () => {
  it('upgrades from the revision the "default" tag points at, else the default revision, else the first', () => {
    expect(defaultFromRevision(status())).toBe('default');
    const two: MeshInstallStatus = { revisions: [{ revision: 'a', ready: true, namespaces: [] }, { revision: 'b', ready: true, namespaces: [] }], tags: [] };
    expect(defaultFromRevision(two)).toBe('a');
    expect(defaultFromRevision({ ...two, tags: [{ tag: 'default', revision: 'b' }] })).toBe('b');
    expect(defaultFromRevision({ ...status(), tags: [{ tag: 'default', revision: 'gone' }] })).toBe('default');
  });

  it('suggests a free name for the new revision', () => {
    expect(suggestRevision(status())).toBe('canary');
    expect(suggestRevision(status({ tags: [{ tag: 'canary', revision: 'default' }] }))).toBe('canary-2');
    expect(suggestRevision({ revisions: [{ revision: 'canary', ready: true, namespaces: [] }, { revision: 'canary-2', ready: true, namespaces: [] }], tags: [] })).toBe('canary-3');
  });

  it('proposes the version change, or calls a same-version upgrade a move to a new revision', () => {
    expect(proposeUpgrade(status(), '1.31.0')).toMatchObject({ from: 'default', to: 'canary', fromVersion: '1.30.1', toVersion: '1.31.0', change: 'version', namespaces: ['api', 'shop'] });
    expect(proposeUpgrade(status(), '1.30.1')?.change).toBe('revision-move');
    expect(proposeUpgrade({ revisions: [], tags: [] }, '1.31.0')).toBeUndefined();
  });

  it('offers the new revision, or a tag already pointing at it, as the move target', () => {
    expect(moveTargets(status({ tags: [{ tag: 'prod', revision: 'canary' }, { tag: 'default', revision: 'canary' }] }), 'canary'))
      .toEqual([{ value: 'canary', label: 'revision canary' }, { value: 'prod', label: 'tag prod (→ canary)' }]);
  });

  it('names every problem with a draft, field by field', () => {
    expect(draftProblems({ from: 'default', to: 'canary' }, status())).toEqual({});
    expect(draftProblems({ from: 'nope', to: '' }, status())).toEqual({ from: 'Revision nope is not installed.', to: 'Name the new revision, for example canary or 1-25.' });
    expect(draftProblems({ from: 'default', to: 'default' }, status()).to).toMatch(/installed without a name/);
    expect(draftProblems({ from: 'default', to: 'Canary 2' }, status()).to).toMatch(/no capitals/);
    expect(draftProblems({ from: 'default', to: 'canary 2' }, status()).to).toMatch(/no spaces/);
    expect(draftProblems({ from: 'default', to: 'canary_2' }, status()).to).toMatch(/“_” cannot be part of a revision/);
    expect(draftProblems({ from: 'default', to: '-x' }, status()).to).toMatch(/starts and ends/);
    expect(draftProblems({ from: 'default', to: 'prod' }, status({ tags: [{ tag: 'prod', revision: 'default' }] })).to).toMatch(/already a revision tag/);
    expect(draftProblems({ from: 'default', to: 'canary', tags: ['Bad Tag'] }, status()).tags).toMatch(/lower-case/);
    expect(draftProblems({ from: 'default', to: 'canary', moveTarget: 'other' }, status()).moveTarget).toMatch(/neither/);
    expect(tagProblem('default', status())).toBeUndefined();
    expect(tagProblem('default', status({ revisions: [{ revision: 'x', ready: true, namespaces: [] }] }))).toBeUndefined();
  });

  it('starts a record with the old revision\'s recorded options, renamed, and its namespaces', () => {
    const recorded = status({ revisions: [{ revision: 'default', version: '1.30.1', ready: true, namespaces: ['shop'], record: { state: 'complete', phase: 'addons', updatedAt: '', options: { profile: 'default', revision: '', imagePullSecrets: [], values: {}, prometheus: true } } }] });
    const r = newRecord({ from: 'default', to: 'canary' }, recorded, '1.31.0');
    expect(r.options).toMatchObject({ profile: 'default', revision: 'canary', prometheus: true });
    expect(r).toMatchObject({ namespaces: ['shop'], moveTarget: 'canary', tags: ['default'], fromVersion: '1.30.1', toVersion: '1.31.0' });
  });
});

describe('the stage machine', () => {
  it('runs the stages in order, one at a time', () => {
    const r = fresh();
    expect(stageRefusal(r, 'install')).toBeUndefined();
    expect(stageRefusal(r, 'move')).toMatch(/next step is “install”/);
    expect(stageRefusal(withStages(r, { install: 'running' }), 'install')).toMatch(/running/);
    expect(stageRefusal(withStages(r, { install: 'done' }), 'move')).toBeUndefined();
    expect(stageRefusal(withStages(r, { install: 'failed' }), 'install')).toBeUndefined();
  });

  it('offers undo from the first change until the removal starts, never while a step runs', () => {
    expect(canUndo(fresh())).toBe(false);
    expect(canUndo(withStages(fresh(), { install: 'failed' }))).toBe(true);
    expect(canUndo(withStages(fresh(), { install: 'done', move: 'running' }))).toBe(false);
    expect(canUndo(withStages(fresh(), { install: 'done', move: 'done', restart: 'done', tags: 'done', remove: 'running' }))).toBe(false);
    expect(stageRefusal(withStages(fresh(), { install: 'done' }, { undo: { steps: [], status: 'done' } }), 'move')).toMatch(/undone/);
  });

  it('undoes in the safe order: tags, then namespaces back and restarted, then the new revision', () => {
    const r = withStages(fresh(), { install: 'done', move: 'done', restart: 'done', tags: 'done' }, { moved: ['shop'], tagChanges: [{ tag: 'default' }] });
    expect(undoPlan(r).map((s) => s.id)).toEqual(['tags', 'move', 'restart', 'remove']);
    expect(undoPlan(r)[1]!.label).toBe('Move namespace shop back to revision default');
    expect(undoPlan(withStages(fresh(), { install: 'done' })).map((s) => s.id)).toEqual(['remove']);
  });

  it('shows a step recorded as running as interrupted when nobody holds the upgrade', () => {
    const r = withStages(fresh(), { install: 'done', restart: 'running' });
    expect(upgradeView(r, true)).toMatchObject({ busy: true, stages: { restart: 'running' } });
    const v = upgradeView(r, false);
    expect(v.stages.restart).toBe('failed');
    expect(v.errors.restart?.message).toMatch(/interrupted/);
    expect(v.busy).toBe(false);
    expect(v.canUndo).toBe(true);
  });

  it('says what kind of change it is, and where it stands, in one sentence', () => {
    expect(upgradeView(fresh(), false)).toMatchObject({ change: 'version', next: 'install', summary: 'Upgrade default (1.30.1) → canary (1.31.0): next step “install”.' });
    const same = newRecord({ from: 'default', to: 'canary' }, status(), '1.30.1');
    expect(upgradeView(same, false).change).toBe('revision-move');
    const done = withStages(fresh(), { install: 'done', move: 'done', restart: 'done', tags: 'done', remove: 'done' });
    expect(upgradeView(done, false)).toMatchObject({ complete: true, next: undefined, canUndo: false });
  });
});
