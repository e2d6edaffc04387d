import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, MAX_SEND_BYTES } from './limits.js';
import { afterApply, baseFor, documentOfDraft, documentOfObject, draftIdOf, draftOf, needsDraft, newDocument, rebased, tookTheirs } from './session.js';

const vs = { group: 'networking.istio.io', kind: 'VirtualService', namespace: 'shop', name: 'reviews' };
const dr = { ...vs, kind: 'DestinationRule' };

describe('editor session', () => {
  it('gives an object one stable draft id, different from other objects\'', () => {
    expect(draftIdOf(vs)).toBe(draftIdOf({ ...vs }));
    expect(draftIdOf(vs)).not.toBe(draftIdOf(dr));
    expect(draftIdOf(vs)).toMatch(/^o-[0-9a-z]+$/);
    expect(newDocument('New', 'x').id).toMatch(/^n-[0-9a-f]{16}$/);
  });

  it('keeps a draft of an object only while its text differs from the opened one; a new document always', () => {
    const doc = documentOfObject(vs, 'a: 1\n', '42');
    expect(needsDraft(doc)).toBe(false);
    expect(needsDraft({ ...doc, text: 'a: 2\n' })).toBe(true);
    expect(needsDraft(newDocument('New VirtualService', 'a: 1\n'))).toBe(true);
  });

  it('sends as base the version each object was opened at, and null for one it did not open', () => {
    const doc = documentOfObject(vs, 'a', '42');
    expect(baseFor([vs, dr], doc.opened)).toEqual([{ ref: vs, resourceVersion: '42' }, { ref: dr, resourceVersion: null }]);
  });

  it('restores a draft with the base it was opened at', () => {
    const doc = { ...documentOfObject(vs, 'a: 1\n', '42'), text: 'a: 2\n' };
    const draft = draftOf(doc)!;
    expect(draft).toEqual({ id: doc.id, name: 'VirtualService shop/reviews', text: 'a: 2\n', base: [{ ref: vs, resourceVersion: '42', text: 'a: 1\n' }] });
    expect(documentOfDraft(draft)).toEqual(doc);
  });

  it('drops the texts as opened from a draft that would not fit the link, and keeps no draft of a text that does not', () => {
    // Five objects opened at the document's limit each: the texts as opened outweigh a message.
    const big = 'x'.repeat(MAX_SEND_BYTES);
    const one = documentOfObject(vs, big, '42');
    const doc = { ...one, text: 'a: 1\n', opened: Array.from({ length: 5 }, () => one.opened[0]!) };
    expect(MAX_SEND_BYTES * 5).toBeGreaterThan(MAX_MESSAGE_BYTES);
    expect(draftOf(doc)?.base).toEqual(Array.from({ length: 5 }, () => ({ ref: vs, resourceVersion: '42' })));
    expect(draftOf({ ...doc, text: 'x'.repeat(MAX_SEND_BYTES + 1) })).toBeUndefined();
  });

  it('moves the base to the applied versions; a new document of one object becomes that object\'s', () => {
    const created = afterApply(newDocument('New', 'b'), [{ ref: vs, resourceVersion: '7' }]);
    expect(created).toMatchObject({ id: draftIdOf(vs), name: 'VirtualService shop/reviews', pristine: 'b', opened: [{ ref: vs, resourceVersion: '7', text: 'b' }] });
    expect(needsDraft(created)).toBe(false);
  });

  it('rebases onto their version (keep mine), or takes their text (keep theirs)', () => {
    const doc = { ...documentOfObject(vs, 'a', '42'), text: 'mine' };
    expect(rebased(doc, vs, '50', 'theirs')).toMatchObject({ text: 'mine', opened: [{ ref: vs, resourceVersion: '50', text: 'theirs' }] });
    expect(tookTheirs(doc, vs, '50', 'theirs')).toMatchObject({ text: 'theirs', pristine: 'theirs', opened: [{ ref: vs, resourceVersion: '50' }] });
  });
});
