import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The main window's size and place, remembered across launches in Meshdeck's home (window-state.json). Restoring is
 * a pure decision over the saved state and the displays there are now: a window is never put where no display shows
 * its title bar (a monitor unplugged since), and never larger than the largest work area.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 880, height: 560 };
/** How much of the window's top edge must lie on a display for its saved place to be kept. */
const VISIBLE_TITLE = { width: 120, height: 40 };

export interface Placement {
  width: number;
  height: number;
  /** Absent: let the system centre the window. */
  x?: number;
  y?: number;
  maximized: boolean;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e6;

export function parseWindowState(raw: unknown): WindowState | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const { bounds, maximized } = raw as { bounds?: Partial<Rect>; maximized?: unknown };
  if (!bounds || !isInt(bounds.x) || !isInt(bounds.y) || !isInt(bounds.width) || !isInt(bounds.height)) return undefined;
  return { bounds: { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height }, maximized: maximized === true };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

export function restorePlacement(saved: WindowState | undefined, workAreas: readonly Rect[]): Placement {
  const largest = workAreas.reduce((best, a) => (a.width * a.height > best.width * best.height ? a : best), { x: 0, y: 0, ...DEFAULT_SIZE });
  const clamp = (value: number, min: number, max: number) => Math.round(Math.min(Math.max(value, min), Math.max(min, max)));
  if (!saved) {
    return { width: clamp(DEFAULT_SIZE.width, MIN_SIZE.width, largest.width), height: clamp(DEFAULT_SIZE.height, MIN_SIZE.height, largest.height), maximized: false };
  }
  const width = clamp(saved.bounds.width, MIN_SIZE.width, largest.width);
  const height = clamp(saved.bounds.height, MIN_SIZE.height, largest.height);
  const titleBar: Rect = { x: saved.bounds.x, y: saved.bounds.y, width, height: VISIBLE_TITLE.height };
  const onScreen = workAreas.some((area) => {
    const o = overlap(titleBar, area);
    return o.width >= Math.min(VISIBLE_TITLE.width, width) && o.height >= VISIBLE_TITLE.height;
  });
  return onScreen
    ? { width, height, x: Math.round(saved.bounds.x), y: Math.round(saved.bounds.y), maximized: saved.maximized }
    : { width, height, maximized: saved.maximized };
}

export function readWindowState(file: string): WindowState | undefined {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  } catch {
    // Forgetting the window's place is not worth failing a quit for.
  }
}
