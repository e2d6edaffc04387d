import { describe, expect, it } from 'vitest';
import { initialPush, pushResult, reducePush, type PushProgress } from '../images/push.js';
import { applyPush, dropValues, mergeValues, withImageSource } from './image-source.js';
import { defaultDraft, validateDraft, type OptionsDraft } from './options.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const PILOT = { name: 'pilot', tag: '1.24.2', digest: DIGEST, reference: `127.0.0.1:5000/e2e/istio/pilot@${DIGEST}` };
const PINNED = { 'values.pilot.image': PILOT.reference };

function pushed(): PushProgress {
  let p = initialPush('127.0.0.1:5000', 'e2e/istio');
  p = reducePush(p, { type: 'pushing', name: 'pilot' });
  p = reducePush(p, { type: 'pushed', image: PILOT });
  return reducePush(p, { type: 'done', values: PINNED });
}

describe('merging the result into the options', () => {
  it('sets a value in the row that has its key, or adds a row', () => {
    const rows = [
      { id: 3, key: 'values.pilot.image', value: 'old' },
      { id: 5, key: 'values.global.x', value: '1' },
    ];
    expect(mergeValues(rows, { 'values.pilot.image': 'new', 'values.global.proxy.image': 'p' })).toEqual([
      { id: 3, key: 'values.pilot.image', value: 'new' },
      { id: 5, key: 'values.global.x', value: '1' },
      { id: 6, key: 'values.global.proxy.image', value: 'p' },
    ]);
    expect(dropValues(mergeValues(rows, PINNED), PINNED)).toEqual([rows[1]]);
  });

  it('makes valid install options: hub = registry/repository, the pushed tag, the images pinned', () => {
    const draft = applyPush({ ...defaultDraft(), values: [{ id: 1, key: 'values.pilot.traceSampling', value: '10' }] }, pushResult(pushed())!);
    expect(draft.imageSource).toBe('push');
    expect(validateDraft(draft).options).toEqual({
      profile: 'minimal',
      revision: '',
      hub: '127.0.0.1:5000/e2e/istio',
      tag: '1.24.2',
      imagePullSecrets: [],
      values: { 'values.pilot.traceSampling': '10', 'values.pilot.image': PILOT.reference },
    });
  });

  it('refuses the push source until a push is done', () => {
    const draft: OptionsDraft = { ...defaultDraft(), imageSource: 'push' };
    expect(validateDraft(draft).valid).toBe(false);
    expect(validateDraft(draft).errors.hub).toMatch(/Push the images/);
  });

  it('takes the pinned values out when another source is chosen, and puts them back on return', () => {
    const draft = applyPush(defaultDraft(), pushResult(pushed())!);
    const publicDraft = withImageSource(draft, 'public');
    expect(publicDraft.values).toEqual([]);
    expect(validateDraft(publicDraft).options).toEqual({ profile: 'minimal', revision: '', imagePullSecrets: [], values: {} });
    const back = withImageSource(publicDraft, 'push');
    expect(validateDraft(back).options?.values).toEqual(PINNED);
    expect(withImageSource(defaultDraft(), 'mirror').imageSource).toBe('mirror');
    expect(withImageSource(draft, 'push')).toBe(draft);
  });

  it('keeps the password out of the draft', () => {
    const draft = applyPush(defaultDraft(), pushResult(pushed())!);
    expect(JSON.stringify(draft)).not.toMatch(/password/i);
  });
});
