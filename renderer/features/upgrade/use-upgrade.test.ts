import { describe, expect, it } from 'vitest';
import type { UpgradeView } from '../../../main/contract/upgrade.js';
import { shownView } from './useUpgrade.js';

const view = (summary: string) => ({ summary }) as UpgradeView;

describe('shownView', () => {
  const streamed = view('streamed');
  const stored = view('stored');

  it('shows what this window’s stream sent while it runs', () => {
    expect(shownView({ running: true, reading: false, streamed, stored })).toBe(streamed);
  });

  it('keeps it until the status read after the stream answers, then shows the cluster’s', () => {
    expect(shownView({ running: false, reading: true, streamed, stored })).toBe(streamed);
    expect(shownView({ running: false, reading: false, streamed, stored })).toBe(stored);
  });

  it('shows the cluster’s before anything was streamed (another window’s upgrade, found on opening)', () => {
    expect(shownView({ running: true, reading: false, streamed: undefined, stored })).toBe(stored);
    expect(shownView({ running: false, reading: false, streamed: undefined, stored: undefined })).toBeUndefined();
  });
});
