import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { holderIsDeadHere } from './lease-lock.js';

describe('an install lock left by a process that is gone', () => {
  const host = hostname();
  it('is taken over when its holder ran on this machine and has exited', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(holderIsDeadHere(`install on ${host} (pid ${gone}, abc123)`)).toBe(true);
  });
  it('is respected while its holder runs, or when it ran elsewhere', () => {
    expect(holderIsDeadHere(`install on ${host} (pid ${process.pid}, abc123)`)).toBe(false);
    expect(holderIsDeadHere('install on another-host (pid 1, abc123)')).toBe(false);
    expect(holderIsDeadHere('something else')).toBe(false);
    expect(holderIsDeadHere(undefined)).toBe(false);
  });
});
