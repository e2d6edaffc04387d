import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { MeshdeckError, refusal, type RefusalReason } from '../contract/errors.js';
import type { ClusterConnection } from './connection.js';

/**
 * One holder of a named change at a time, across processes and machines: a coordination Lease that its
 * holder renews while it works. A holder that stops renewing (closed, crashed, asleep) loses it when it
 * expires; one that ran on this machine and whose process is gone loses it at once.
 */
const DEFAULT_NAMESPACE = 'kube-system';
const DURATION_S = 30;

interface Lease { metadata: { name: string; resourceVersion?: string }; spec: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number; acquireTime?: string } }

export interface HeldLock { release(): Promise<void> }

export interface LockName {
  name: string;
  namespace?: string;
  /** What the holder does, in words: "install of revision default", "upgrade". */
  what: string;
  /** The refusal's reason while someone else holds it (default: change-running). */
  busyReason?: RefusalReason;
}

/** This process's identity in lease holders, and the locks it holds right now. */
const PROCESS = `${hostname()} (pid ${process.pid}, ${randomBytes(3).toString('hex')})`;
const active = new Set<string>();

const micro = (d: Date) => d.toISOString().replace('Z', '000Z');
const leasesPath = (namespace: string) => `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`;

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

/** Whether someone holds the lock now (a live, unexpired holder), and who. */
export async function lockHolder(conn: ClusterConnection, lock: Omit<LockName, 'what'>): Promise<{ holder: string; expiresInS: number } | undefined> {
  const key = `${lock.namespace ?? DEFAULT_NAMESPACE}/${lock.name}`;
  if (active.has(key)) return { holder: `this Meshdeck (${PROCESS})`, expiresInS: DURATION_S };
  let current: Lease;
  try {
    current = await conn.requestJson<Lease>('GET', `${leasesPath(lock.namespace ?? DEFAULT_NAMESPACE)}/${lock.name}`);
  } catch (e) {
    if (e instanceof MeshdeckError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
  const renewed = Date.parse(current.spec.renewTime ?? '') || 0;
  const expiresInS = Math.ceil((renewed + (current.spec.leaseDurationSeconds ?? DURATION_S) * 1000 - Date.now()) / 1000);
  if (expiresInS <= 0 || holderIsDeadHere(current.spec.holderIdentity)) return undefined;
  return { holder: current.spec.holderIdentity ?? 'someone', expiresInS };
}

/** This process holds the lock now (one of its own tasks does). */
export const heldHere = (lock: Omit<LockName, 'what'>) => active.has(`${lock.namespace ?? DEFAULT_NAMESPACE}/${lock.name}`);

export async function acquireLock(conn: ClusterConnection, lock: LockName): Promise<HeldLock> {
  const namespace = lock.namespace ?? DEFAULT_NAMESPACE;
  const key = `${namespace}/${lock.name}`;
  const holder = `${lock.what} on ${PROCESS}`;
  if (active.has(key)) {
    throw refusal(lock.busyReason ?? 'change-running', `Another ${lock.what} is running in this Meshdeck. Nothing was changed; try again when it has finished.`);
  }
  const path = leasesPath(namespace);
  const body = (rv?: string): Lease => ({
    metadata: { name: lock.name, resourceVersion: rv },
    spec: { holderIdentity: holder, leaseDurationSeconds: DURATION_S, acquireTime: micro(new Date()), renewTime: micro(new Date()) },
  });
  try {
    await conn.requestJson('POST', path, { body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...body() } });
  } catch (e) {
    if (!(e instanceof MeshdeckError) || !/409|AlreadyExists|already exists/.test(`${e.shape.detail} ${e.message}`)) throw e;
    const current = await conn.requestJson<Lease>('GET', `${path}/${lock.name}`);
    const renewed = Date.parse(current.spec.renewTime ?? '') || 0;
    const expiresInS = Math.ceil((renewed + (current.spec.leaseDurationSeconds ?? DURATION_S) * 1000 - Date.now()) / 1000);
    // A lease left by this very process (its API server went away before the release) is ours to take.
    const ours = current.spec.holderIdentity?.endsWith(` on ${PROCESS}`) ?? false;
    if (expiresInS > 0 && !ours && !holderIsDeadHere(current.spec.holderIdentity)) {
      throw refusal(lock.busyReason ?? 'change-running',
        `Another ${lock.what} is running: ${current.spec.holderIdentity}. Nothing was changed; try again when it has finished${expiresInS < DURATION_S ? ` (if it was interrupted, in ${expiresInS} s)` : ''}.`);
    }
    // The holder stopped renewing (closed, crashed): take over, guarded by resourceVersion.
    await conn.requestJson('PUT', `${path}/${lock.name}`, { body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...body(current.metadata.resourceVersion) } });
  }
  active.add(key);
  const timer = setInterval(() => {
    void conn.requestJson<Lease>('GET', `${path}/${lock.name}`)
      .then((l) => conn.requestJson('PUT', `${path}/${lock.name}`, { body: { ...l, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec: { ...l.spec, renewTime: micro(new Date()) } } }))
      .catch(() => undefined);
  }, (DURATION_S / 3) * 1000);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      active.delete(key);
      await conn.requestJson('DELETE', `${path}/${lock.name}`).catch(() => undefined);
    },
  };
}
