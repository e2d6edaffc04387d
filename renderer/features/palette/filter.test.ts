import { describe, expect, it } from 'vitest';
import { filterActions, type PaletteAction } from './filter.js';

const a = (id: string, label: string, group = 'General', extra: Partial<PaletteAction> = {}): PaletteAction => ({ id, label, group, run() {}, ...extra });

const actions = [
  a('ctx:kind-dev', 'Switch to context kind-dev', 'Context', { detail: 'https://127.0.0.1:6443' }),
  a('ctx:prod', 'Switch to context prod-eu', 'Context', { detail: 'https://prod.example.com' }),
  a('theme', 'Switch to dark theme', 'Appearance', { keywords: 'toggle theme' }),
  a('back', 'Back to the context list'),
];

describe('filterActions', () => {
  it('keeps everything for an empty query', () => {
    expect(filterActions(actions, '  ').map((x) => x.id)).toEqual(['ctx:kind-dev', 'ctx:prod', 'theme', 'back']);
  });

  it('matches every word, in any order and case', () => {
    expect(filterActions(actions, 'PROD switch').map((x) => x.id)).toEqual(['ctx:prod']);
    expect(filterActions(actions, 'toggle').map((x) => x.id)).toEqual(['theme']);
    expect(filterActions(actions, '127.0.0.1').map((x) => x.id)).toEqual(['ctx:kind-dev']);
    expect(filterActions(actions, 'nothing-like-this')).toEqual([]);
  });

  it('puts labels that start with the query first', () => {
    expect(filterActions(actions, 'back').map((x) => x.id)[0]).toBe('back');
    expect(filterActions(actions, 'dark').map((x) => x.id)).toEqual(['theme']);
  });

  it('orders equally good matches by rank: what makes sense now first', () => {
    const ranked = [a('uninstall', 'Uninstall Istio', 'Istio', { rank: 30 }), a('manage', 'Manage Istio: verify, revisions', 'Istio', { rank: 11, keywords: 'install' }), a('theme', 'Theme', 'Appearance', { rank: 90, keywords: 'istio' })];
    expect(filterActions(ranked, '').map((x) => x.id)).toEqual(['manage', 'uninstall', 'theme']);
    expect(filterActions(ranked, 'install').map((x) => x.id)).toEqual(['manage', 'uninstall']);
  });
});
