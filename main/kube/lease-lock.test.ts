import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { MeshdeckError } from '../contract/errors.js';
import type { ClusterConnection } from './connection.js';
import { acquireLock, holderIsDeadHere } from './lease-lock.js';

/** A cluster whose Lease exists already, renewed just now by `holder`; records the calls made. */
function clusterWithLease(holder: string) {
  const calls: string[] = [];
  const conn = {
    requestJson: async (method: string) => {
      calls.push(method);
      if (method === 'POST') throw new MeshdeckError({ code: 'CONFLICT', message: 'exists', detail: '409 AlreadyExists' });
      if (method === 'GET') return { metadata: { name: 'meshdeck-install-default', resourceVersion: '7' }, spec: { holderIdentity: holder, renewTime: new Date().toISOString(), leaseDurationSeconds: 30 } };
      return {};
    },
  } as unknown as ClusterConnection;
  return { conn, calls };
}


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

describe('acquiring a lock held by someone else', () => {
  const host = hostname();
  const lock = { name: 'meshdeck-install-default', what: 'install of revision default' };
  it('takes it over at once from a holder whose process on this machine is gone (an install interrupted with its API server)', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const { conn, calls } = clusterWithLease(`install of revision default on ${host} (pid ${gone}, abc123)`);
    const held = await acquireLock(conn, lock);
    expect(calls).toEqual(['POST', 'GET', 'PUT']);
    await held.release();
  });
  it('refuses with a reason, not a bad request, while its holder lives', async () => {
    const { conn, calls } = clusterWithLease('install of revision default on another-host (pid 1, abc123)');
    const err = await acquireLock(conn, lock).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(MeshdeckError);
    expect((err as MeshdeckError).shape).toMatchObject({ code: 'REFUSED', reason: 'change-running' });
    expect((err as MeshdeckError).message).toContain('another-host');
    expect(calls).toEqual(['POST', 'GET']);
  });
});
