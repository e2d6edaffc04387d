import { useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';
export type ThemePreference = Theme | 'system';

const STORAGE_KEY = 'meshdeck.theme';
const listeners = new Set<() => void>();

function readPreference(): ThemePreference {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

function systemTheme(): Theme {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

interface ThemeSnapshot {
  preference: ThemePreference;
  theme: Theme;
}

let snapshot: ThemeSnapshot = compute();

function compute(): ThemeSnapshot {
  const preference = readPreference();
  return { preference, theme: preference === 'system' ? systemTheme() : preference };
}

/** The effective theme goes on <html data-theme> (an attribute, not a style: fine under the CSP). */
function apply() {
  const next = compute();
  if (next.preference !== snapshot.preference || next.theme !== snapshot.theme) snapshot = next;
  document.documentElement.dataset.theme = snapshot.theme;
  for (const listener of [...listeners]) listener();
}

/** Call once before the first render so the page never flashes the wrong theme. */
export function initTheme(): void {
  apply();
  if (typeof window.matchMedia === 'function') {
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', apply);
  }
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) apply();
  });
}

export function setThemePreference(preference: ThemePreference): void {
  try {
    if (preference === 'system') window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, preference);
  } catch {
    /* storage refused (private mode): the choice lasts for this page only */
    snapshot = { preference, theme: preference === 'system' ? systemTheme() : preference };
    document.documentElement.dataset.theme = snapshot.theme;
    for (const listener of [...listeners]) listener();
    return;
  }
  apply();
}

export function toggleTheme(): void {
  setThemePreference(snapshot.theme === 'dark' ? 'light' : 'dark');
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useTheme(): ThemeSnapshot & { toggle(): void; setPreference(p: ThemePreference): void } {
  const current = useSyncExternalStore(subscribe, () => snapshot);
  return { ...current, toggle: toggleTheme, setPreference: setThemePreference };
}
