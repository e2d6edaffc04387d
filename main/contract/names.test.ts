import { describe, expect, it } from 'vitest';
import { Hub, problemOf, RevisionName } from './names.js';
import { UpgradeDraft } from './upgrade.js';

describe('revision names', () => {
  it('names the fault: capitals, spaces, or the sign that does not belong', () => {
    expect(problemOf(RevisionName, 'Canary_1')).toMatch(/lower-case letters only: no capitals/);
    expect(problemOf(RevisionName, 'my canary')).toMatch(/no spaces/);
    expect(problemOf(RevisionName, 'canary!')).toBe('“!” cannot be part of a revision: use lower-case letters, digits and dashes, for example 1-24 or canary.');
    expect(problemOf(RevisionName, '-canary')).toBe('A revision starts and ends with a letter or a digit.');
    expect(problemOf(RevisionName, 'a'.repeat(41))).toBe('A revision is at most 40 characters long.');
  });

  it('accepts the default revision (empty) and DNS labels; a new revision must have a name', () => {
    for (const ok of ['', 'canary', '1-24']) expect(problemOf(RevisionName, ok)).toBeUndefined();
    expect(problemOf(UpgradeDraft.shape.to, '')).toBe('Name the new revision, for example canary or 1-25.');
  });
});

describe('hubs', () => {
  it('refuses a port out of range', () => {
    expect(problemOf(Hub, 'localhost:99999/istio')).toBe('A registry port is a number from 1 to 65535.');
    expect(problemOf(Hub, 'localhost:5000/istio')).toBeUndefined();
  });
});
