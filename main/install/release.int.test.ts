import { describe, expect, it } from 'vitest';
import { hostTarget, istioctl, readLock, sha256File } from './release.js';

describe('bundled istioctl', () => {
  it('the lock names a checksum for this machine and istioctl() only returns a binary that matches it', async () => {
    const entry = readLock()?.istioctl[hostTarget()];
    expect(entry?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await sha256File(await istioctl())).toBe(entry?.sha256);
  });
});
