import { describe, expect, it } from 'vitest';
import type { WizardName, WizardState } from '../../../../main/contract/config.js';
import { checkForm, fromForm, sameValue, toForm, type FormOf, type StateOf } from './wizard-forms.js';

const roundTrip = <W extends WizardName>(wizard: W, state: StateOf<W>) => fromForm[wizard](toForm[wizard](state));

describe('wizard forms', () => {
  const states: WizardState[] = [
    { wizard: 'traffic-shift', state: { rule: 1, splits: [{ subset: 'v1', weight: 90 }, { subset: 'v2', weight: 10, host: 'reviews.other' }] } },
    { wizard: 'request-routing', state: { rules: [{ name: 'jason', uri: { kind: 'prefix', value: '/api' }, method: 'GET', headers: [{ name: 'end-user', match: { kind: 'exact', value: 'jason' } }], subset: 'v2' }, { headers: [] }] } },
    { wizard: 'fault', state: { rule: 0 } },
    { wizard: 'fault', state: { rule: 2, delay: { fixedDelay: '2s', percent: 10 }, abort: { httpStatus: 503, percent: 0.5 } } },
    { wizard: 'timeouts', state: { rule: 0, timeout: '3s', retries: { attempts: 2, perTryTimeout: '1s', retryOn: '5xx' } } },
    { wizard: 'circuit-breaker', state: { maxConnections: 100, interval: '10s', maxEjectionPercent: 50 } },
    { wizard: 'circuit-breaker', state: {} },
    { wizard: 'mirror', state: { rule: 0, mirror: { host: 'shadow', percent: 5 } } },
    { wizard: 'mirror', state: { rule: 0 } },
  ];

  it('gives back the state it was made from when untouched, for every wizard', () => {
    for (const { wizard, state } of states) {
      expect(sameValue(roundTrip(wizard, state as never), state), `${wizard} ${JSON.stringify(state)}`).toBe(true);
      expect(checkForm(wizard, toForm[wizard](state as never) as never)).toEqual({ state });
    }
  });

  it('says what is wrong by field, in the contract\'s words', () => {
    const form: FormOf['fault'] = { rule: 0, delay: true, fixedDelay: 'soon', delayPercent: '150', abort: false, httpStatus: '', abortPercent: '' };
    const r = checkForm('fault', form);
    expect('errors' in r && r.errors).toEqual({ 'delay.fixedDelay': expect.stringContaining('A duration is a number with ms, s, m or h'), 'delay.percent': 'At most 100%.' });
    const split = checkForm('traffic-shift', { rule: undefined, splits: [{ subset: 'v1', weight: 'lots', host: '' }] });
    expect('errors' in split && Object.keys(split.errors)).toEqual(['splits.0.weight']);
  });

  it('compares values whatever the order of their keys', () => {
    expect(sameValue({ a: 1, b: [{ c: 2, d: 3 }] }, { b: [{ d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameValue({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});
