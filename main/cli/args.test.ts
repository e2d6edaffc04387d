import { describe, expect, it } from 'vitest';
import { findVerb, parseVerb } from './args.js';
import { VERBS } from './verbs.js';

const parse = (...argv: string[]) => {
  const found = findVerb(VERBS, argv);
  if (!found) return undefined;
  return { words: found.verb.words, ...parseVerb(found.verb, found.rest) };
};

describe('command-line arguments', () => {
  it('picks the longest verb and parses its options', () => {
    expect(parse('upgrade', 'undo', '--context', 'c')).toMatchObject({ words: 'upgrade undo', ok: true, values: { context: 'c' } });
    expect(parse('upgrade', '--context', 'c', '--to', 'canary')).toMatchObject({ words: 'upgrade', ok: true, values: { to: 'canary' } });
    expect(parse('mesh', 'enable', 'shop', '--context', 'c', '--yes')).toMatchObject({ words: 'mesh enable', ok: true, positionals: ['shop'] });
    expect(parse('install', '--context', 'c', '--set', 'a=1', '--set', 'b=2')).toMatchObject({ ok: true, values: { set: ['a=1', 'b=2'] } });
    expect(parse('nonsense')).toBeUndefined();
  });

  it('refuses flags a verb does not know, instead of ignoring them', () => {
    expect(parse('install', '--context', 'c', '--yes')).toMatchObject({ ok: false, error: expect.stringContaining("Unknown option '--yes'") });
    expect(parse('overview', '--contxt', 'c')).toMatchObject({ ok: false, error: expect.stringContaining("Unknown option '--contxt'") });
  });

  it('refuses missing values, missing options and stray or missing arguments', () => {
    expect(parse('overview', '--context')).toMatchObject({ ok: false, error: expect.stringContaining("'--context <value>' argument missing") });
    expect(parse('overview')).toMatchObject({ ok: false, error: 'Missing --context.' });
    expect(parse('mesh', 'enable', '--context', 'c')).toMatchObject({ ok: false, error: 'Missing NAMESPACE.' });
    expect(parse('overview', 'extra', '--context', 'c')).toMatchObject({ ok: false, error: "Unexpected argument 'extra'." });
  });

  it('answers --help for every verb, whatever else is missing', () => {
    for (const v of VERBS) expect(parse(...v.words.split(' '), '--help'), v.words).toMatchObject({ ok: true, help: true });
  });
});
