import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { MeshdeckError, refusal } from '../contract/errors.js';
import type { InstallCluster } from './cluster-io.js';

/** One install (or uninstall) per revision at a time, across machines: a Lease in kube-system. */
const NAMESPACE = 'kube-system';
const DURATION_S = 30;

interface Lease { metadata: { name: string; resourceVersion?: string }; spec: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number; acquireTime?: string } }

export interface HeldLock { release(): Promise<void> }

/** This process's identity in lease holders, and the revisions it is changing right now. */
const PROCESS = `${hostname()} (pid ${process.pid}, ${randomBytes(3).toString('hex')})`;
const active = new Set<string>();

const micro = (d: Date) => d.toISOString().replace('Z', '000Z');

/**
 * A holder that ran on this machine and whose process is gone cannot renew its lease: waiting for it
 * to expire only delays the user. Holders on other machines are judged by the lease alone.
 */
export function holderIsDeadHere(holder: string | undefined, host = hostname()): boolean {
  const m = / on (.+) \(pid (\d+), [0-9a-f]+\)$/.exec(holder ?? '');
  if (!m || m[1] !== host) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function acquireInstallLock(cluster: InstallCluster, revision: string, what: string): Promise<HeldLock> {
  const name = `meshdeck-install-${revision || 'default'}`;
  const holder = `${what} on ${PROCESS}`;
  if (active.has(name)) {
    throw refusal('change-running', `Another ${what === 'install' ? 'install' : 'change'} of revision ${revision || 'default'} is running in this Meshdeck. Nothing was changed; try again when it has finished.`);
  }
  const path = `/apis/coordination.k8s.io/v1/namespaces/${NAMESPACE}/leases`;
  const body = (rv?: string): Lease => ({
    metadata: { name, resourceVersion: rv },
    spec: { holderIdentity: holder, leaseDurationSeconds: DURATION_S, acquireTime: micro(new Date()), renewTime: micro(new Date()) },
  });
  try {
    await cluster.conn.requestJson('POST', path, { body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...body() } });
  } catch (e) {
    if (!(e instanceof MeshdeckError) || !/409|AlreadyExists|already exists/.test(`${e.shape.detail} ${e.message}`)) throw e;
    const current = await cluster.conn.requestJson<Lease>('GET', `${path}/${name}`);
    const renewed = Date.parse(current.spec.renewTime ?? '') || 0;
    const expiresInS = Math.ceil((renewed + (current.spec.leaseDurationSeconds ?? DURATION_S) * 1000 - Date.now()) / 1000);
    // A lease left by this very process (its API server went away before the release) is ours to take.
    const ours = current.spec.holderIdentity?.endsWith(` on ${PROCESS}`) ?? false;
    if (expiresInS > 0 && !ours && !holderIsDeadHere(current.spec.holderIdentity)) {
      throw refusal('change-running',
        `Another ${what === 'install' ? 'install' : 'change'} of revision ${revision || 'default'} is running: ${current.spec.holderIdentity}. Nothing was changed; try again when it has finished${expiresInS < DURATION_S ? ` (if it was interrupted, in ${expiresInS} s)` : ''}.`);
    }
    // The holder stopped renewing (closed, crashed): take over, guarded by resourceVersion.
    await cluster.conn.requestJson('PUT', `${path}/${name}`, { body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...body(current.metadata.resourceVersion) } });
  }
  active.add(name);
  const timer = setInterval(() => {
    void cluster.conn.requestJson<Lease>('GET', `${path}/${name}`)
      .then((l) => cluster.conn.requestJson('PUT', `${path}/${name}`, { body: { ...l, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec: { ...l.spec, renewTime: micro(new Date()) } } }))
      .catch(() => undefined);
  }, (DURATION_S / 3) * 1000);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      active.delete(name);
      await cluster.conn.requestJson('DELETE', `${path}/${name}`).catch(() => undefined);
    },
  };
}
