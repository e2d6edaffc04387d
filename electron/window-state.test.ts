import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, parseWindowState, readWindowState, restorePlacement, writeWindowState, type Rect } from './window-state.js';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const monitor: Rect = { x: 1440, y: -200, width: 2560, height: 1415 };

describe('restorePlacement', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(restorePlacement(undefined, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  it('puts the window back where it was, maximized or not', () => {
    const saved = { bounds: { x: 1600, y: 0, width: 1800, height: 1000 }, maximized: true };
    expect(restorePlacement(saved, [laptop, monitor])).toEqual({ x: 1600, y: 0, width: 1800, height: 1000, maximized: true });
  });

  it('centres it when the display it was on is gone, and shrinks it to the largest display left', () => {
    const saved = { bounds: { x: 1600, y: 0, width: 2400, height: 1300 }, maximized: false };
    expect(restorePlacement(saved, [laptop])).toEqual({ width: 1440, height: 875, maximized: false });
  });

  it('centres it when only a sliver of its title bar would show', () => {
    expect(restorePlacement({ bounds: { x: 1400, y: 100, width: 1000, height: 700 }, maximized: false }, [laptop])).not.toHaveProperty('x');
    expect(restorePlacement({ bounds: { x: 100, y: -30, width: 1000, height: 700 }, maximized: false }, [laptop])).not.toHaveProperty('x');
    expect(restorePlacement({ bounds: { x: 100, y: 10, width: 1000, height: 700 }, maximized: false }, [laptop])).toMatchObject({ x: 100, y: 10 });
  });

  it('never goes below the minimum size', () => {
    expect(restorePlacement({ bounds: { x: 10, y: 10, width: 100, height: 50 }, maximized: false }, [laptop])).toMatchObject({ width: 880, height: 560 });
  });
});

describe('window-state.json', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshdeck-window-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips, and a damaged or hand-edited file is ignored', () => {
    const file = path.join(dir, 'home', 'window-state.json');
    const state = { bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: false };
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
    writeFileSync(file, '{"bounds":{"x":"5","y":6,"width":1000,"height":700}}');
    expect(readWindowState(file)).toBeUndefined();
    writeFileSync(file, 'not json');
    expect(readWindowState(file)).toBeUndefined();
    expect(readWindowState(path.join(dir, 'missing.json'))).toBeUndefined();
    expect(parseWindowState({ bounds: { x: 1, y: 2, width: Infinity, height: 3 } })).toBeUndefined();
  });
});
