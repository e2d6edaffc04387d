import { describe, expect, it } from 'vitest';
import {
  confirmsUninstall,
  defaultDraft,
  toInstallOptions,
  describeOptions,
  optionsKey,
  parsePullSecrets,
  revisionsText,
  splitPair,
  validateDraft,
  type OptionsDraft,
} from './options.js';

const draft = (extra: Partial<OptionsDraft> = {}): OptionsDraft => ({ ...defaultDraft(), ...extra });

describe('validateDraft', () => {
  it('accepts the defaults as they are: minimal, default revision, public images', () => {
    const v = validateDraft(defaultDraft());
    expect(v.valid).toBe(true);
    expect(v.options).toEqual({ profile: 'minimal', revision: '', imagePullSecrets: [], values: {} });
  });

  it('validates the revision with the contract’s rule and words', () => {
    const revisionError = (revision: string) => validateDraft(draft({ revision })).errors.revision;
    expect(revisionError('')).toBeUndefined();
    expect(revisionError('1-24')).toBeUndefined();
    expect(revisionError('canary')).toBeUndefined();
    expect(revisionError('Canary')).toMatch(/lower-case/);
    expect(revisionError('-a')).toMatch(/starts and ends/);
    expect(revisionError('a_b')).toMatch(/lower-case letters, digits and dashes/);
    expect(revisionError('a'.repeat(41))).toMatch(/40/);
    expect(revisionError('a.b')).toBeDefined();
    expect(validateDraft(draft({ revision: ' 1-24 ' })).options?.revision).toBe('1-24');
  });

  it('sends hub, tag and pull secrets only for a mirror', () => {
    const mirrorFields = { hub: 'registry.example.com:5000/istio', tag: '1.24.2', pullSecrets: 'regcred, other\nthird' };
    expect(validateDraft(draft({ ...mirrorFields })).options).toEqual({ profile: 'minimal', revision: '', imagePullSecrets: [], values: {} });
    expect(validateDraft(draft({ ...mirrorFields, imageSource: 'mirror' })).options).toEqual({
      profile: 'minimal',
      revision: '',
      hub: 'registry.example.com:5000/istio',
      tag: '1.24.2',
      imagePullSecrets: ['regcred', 'other', 'third'],
      values: {},
    });
    expect(validateDraft(draft({ imageSource: 'mirror', hub: 'registry.example.com/istio' })).options).not.toHaveProperty('tag');
  });

  it('explains a wrong mirror', () => {
    expect(validateDraft(draft({ imageSource: 'mirror' })).errors.hub).toMatch(/Enter the registry/);
    expect(validateDraft(draft({ imageSource: 'mirror', hub: 'https://r.example.com/istio' })).errors.hub).toMatch(/scheme/);
    expect(validateDraft(draft({ imageSource: 'mirror', hub: 'r.example.com/Istio X' })).errors.hub).toMatch(/registry path/);
    expect(validateDraft(draft({ imageSource: 'mirror', hub: 'r.example.com', tag: 'a b' })).errors.tag).toBeDefined();
    expect(validateDraft(draft({ imageSource: 'mirror', hub: 'r.example.com', pullSecrets: 'Bad_Name' })).errors.pullSecrets).toMatch(/Bad_Name/);
    const eleven = Array.from({ length: 11 }, (_, i) => `s${i}`).join(',');
    expect(validateDraft(draft({ imageSource: 'mirror', hub: 'r.example.com', pullSecrets: eleven })).errors.pullSecrets).toMatch(/10/);
  });

  it('turns value rows into --set pairs, ignoring empty rows and flagging bad ones by row', () => {
    const v = validateDraft(
      draft({
        values: [
          { id: 1, key: 'values.pilot.traceSampling', value: '10' },
          { id: 2, key: '', value: '' },
          { id: 3, key: ' meshConfig.accessLogFile ', value: '/dev/stdout' },
        ],
      }),
    );
    expect(v.valid).toBe(true);
    expect(v.options?.values).toEqual({ 'values.pilot.traceSampling': '10', 'meshConfig.accessLogFile': '/dev/stdout' });

    const bad = validateDraft(
      draft({
        values: [
          { id: 1, key: 'a.b', value: '1' },
          { id: 2, key: 'a.b', value: '2' },
          { id: 3, key: '', value: 'orphan' },
          { id: 4, key: 'has space', value: 'x' },
        ],
      }),
    );
    expect(bad.valid).toBe(false);
    expect(bad.options).toBeUndefined();
    expect(Object.keys(bad.errors.rows).map(Number)).toEqual([2, 3, 4]);
    expect(bad.errors.rows[2]?.key).toMatch(/already set/);
    expect(bad.errors.rows[3]?.key).toMatch(/Enter the key/);
    expect(bad.errors.rows[4]?.key).toMatch(/no spaces/);
  });
});

describe('helpers', () => {
  it('keys options independently of the order of values', () => {
    const a = optionsKey({ profile: 'minimal', revision: '', imagePullSecrets: [], values: { a: '1', b: '2' } });
    const b = optionsKey({ profile: 'minimal', revision: '', imagePullSecrets: [], values: { b: '2', a: '1' } });
    expect(a).toBe(b);
    expect(optionsKey({ profile: 'demo', revision: '', imagePullSecrets: [], values: {} })).not.toBe(a);
  });

  it('describes options in one line', () => {
    expect(describeOptions({ profile: 'minimal', revision: '', imagePullSecrets: [], values: {} })).toBe('minimal profile · revision default · public images');
    expect(describeOptions({ profile: 'demo', revision: 'canary', hub: 'r.example.com/istio', tag: '1.2', imagePullSecrets: [], values: { a: '1' } })).toBe(
      'demo profile · revision canary · images from r.example.com/istio:1.2 · 1 advanced value',
    );
  });

  it('confirms an uninstall (all of Istio) with "istio" only', () => {
    expect(confirmsUninstall('istio')).toBe(true);
    expect(confirmsUninstall(' istio ')).toBe(true);
    expect(confirmsUninstall('canary')).toBe(false);
    expect(confirmsUninstall('Istio')).toBe(false);
    expect(confirmsUninstall('')).toBe(false);
  });

  it('names every revision an uninstall removes', () => {
    expect(revisionsText([''])).toBe('revision default');
    expect(revisionsText(['', 'canary'])).toBe('revisions default and canary');
    expect(revisionsText(['a', 'b', 'c'])).toBe('revisions a, b and c');
  });

  it('parses pull secrets and pasted pairs', () => {
    expect(parsePullSecrets(' a, b\n c ,, ')).toEqual(['a', 'b', 'c']);
    expect(splitPair('values.global.proxy.privileged=true')).toEqual({ key: 'values.global.proxy.privileged', value: 'true' });
    expect(splitPair('a=b=c')).toEqual({ key: 'a', value: 'b=c' });
    expect(splitPair('=x')).toBeUndefined();
    expect(splitPair('plain')).toBeUndefined();
  });
  it('asks for the Prometheus add-on only when ticked', () => {
    expect(toInstallOptions(draft())?.prometheus).toBeUndefined();
    expect(toInstallOptions(draft({ prometheus: true }))?.prometheus).toBe(true);
  });
});
