import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from './menu-template.js';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const labels = (items: MenuItemConstructorOptions[]) => flatten(items).map((i) => i.label ?? i.role).filter(Boolean);

describe('menuTemplate', () => {
  it('offers About, Check for Updates and Export Diagnostics on every platform, each wired to its action', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const actions = { about: vi.fn(), checkForUpdates: vi.fn(), exportDiagnostics: vi.fn() };
      const items = flatten(menuTemplate(platform, false, actions));
      const find = (pattern: RegExp) => items.find((i) => pattern.test(i.label ?? ''));
      (find(/About Meshdeck/)?.click as () => void)();
      (find(/Check for &?Updates/)?.click as () => void)();
      (find(/Export &?Diagnostics/)?.click as () => void)();
      expect([actions.about, actions.checkForUpdates, actions.exportDiagnostics].map((f) => f.mock.calls.length), platform).toEqual([1, 1, 1]);
    }
  });

  it('has DevTools in a development run only', () => {
    const actions = { about: vi.fn(), checkForUpdates: vi.fn(), exportDiagnostics: vi.fn() };
    expect(labels(menuTemplate('linux', true, actions))).toContain('toggleDevTools');
    expect(labels(menuTemplate('linux', false, actions))).not.toContain('toggleDevTools');
    expect(labels(menuTemplate('darwin', false, actions))).not.toContain('toggleDevTools');
  });
});
