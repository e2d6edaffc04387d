import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ shell: { openExternal: vi.fn() } }));
const { hardenedWindowOptions } = await import('./window.js');
const { devToolsEnabled, refusedDebugArguments } = await import('./debug-policy.js');

describe('debugging in packaged builds', () => {
  it('turns DevTools off in a packaged app, on in a development run', () => {
    expect(devToolsEnabled({ isPackaged: true })).toBe(false);
    expect(devToolsEnabled({ isPackaged: false })).toBe(true);
    expect(hardenedWindowOptions('/app/preload.cjs', { isPackaged: true }).webPreferences?.devTools).toBe(false);
    expect(hardenedWindowOptions('/app/preload.cjs', { isPackaged: false }).webPreferences?.devTools).toBe(true);
  });

  it('refuses the switches that open a packaged app to a debugger', () => {
    const argv = ['/opt/Meshdeck/meshdeck', '--remote-debugging-port=9222', '--inspect', '--inspect-brk=0', '--remote-debugging-pipe', '--no-sandbox', 'file.txt'];
    expect(refusedDebugArguments({ isPackaged: true }, argv)).toEqual(['--remote-debugging-port=9222', '--inspect', '--inspect-brk=0', '--remote-debugging-pipe']);
    expect(refusedDebugArguments({ isPackaged: false }, argv)).toEqual([]);
    expect(refusedDebugArguments({ isPackaged: true }, ['/opt/Meshdeck/meshdeck', '--inspector-ui'])).toEqual([]);
  });
});

describe('a remembered window placement', () => {
  it('sets size and place only, never the web preferences', () => {
    const plain = hardenedWindowOptions('/app/preload.cjs', { isPackaged: true });
    const placed = hardenedWindowOptions('/app/preload.cjs', { isPackaged: true }, { x: 10, y: 20, width: 1000, height: 700, maximized: true });
    expect(placed).toEqual({ ...plain, x: 10, y: 20, width: 1000, height: 700 });
    expect(plain).toMatchObject({ width: 1280, height: 820, minWidth: 880, minHeight: 560 });
    expect(plain).not.toHaveProperty('x');
  });
});
