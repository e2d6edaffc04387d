import { describe, expect, it } from 'vitest';
import { ListSplitter } from './list-splitter.js';

const list = {
  kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '42', continue: 'abc"}]{' },
  items: [
    { metadata: { name: 'a', annotations: { tricky: '{"x":[1,2]} \\" ] } \\\\' } }, spec: { containers: [{ name: 'app' }] } },
    { metadata: { name: 'b' }, items: [{ nested: true }] },
    { metadata: { name: 'c\u00e9\u{1F600}' } },
  ],
};

function split(text: string, chunk: number) {
  const items: unknown[] = [];
  const s = new ListSplitter((json) => items.push(JSON.parse(json)));
  for (let i = 0; i < text.length; i += chunk) s.push(text.slice(i, i + chunk));
  return { items, rest: s.finish<{ metadata: unknown; items: unknown[] }>() };
}

describe('ListSplitter', () => {
  it('yields every item and the list without them, whatever the chunk boundaries', () => {
    const text = JSON.stringify(list);
    for (const chunk of [1, 2, 3, 7, 64, text.length]) {
      const { items, rest } = split(text, chunk);
      expect(items).toEqual(list.items);
      expect(rest).toEqual({ ...list, items: [] });
    }
  });

  it('reads an empty list and one whose items come before its metadata', () => {
    expect(split('{"kind":"List","items":[],"metadata":{"resourceVersion":"7"}}', 5)).toEqual({ items: [], rest: { kind: 'List', items: [], metadata: { resourceVersion: '7' } } });
    expect(split('{"items":[{"a":1}],"metadata":{"resourceVersion":"8"}}', 4).items).toEqual([{ a: 1 }]);
  });

  it('refuses a list cut short', () => {
    const s = new ListSplitter(() => undefined);
    s.push(JSON.stringify(list).slice(0, 120));
    expect(() => s.finish()).toThrow('the list ended before it was complete');
  });
});
