import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { NETNS } from './layout.js';

/**
 * The sandbox runs in a network namespace of its own where every 10.x address is local and nothing else
 * is routed, so fake pod and Service IPs reach local processes and no packet can leave the machine.
 */
export function netnsSupported(env: NodeJS.ProcessEnv = process.env): { ok: boolean; why?: string } {
  if (env.MESHDECK_SANDBOX_NETNS === 'off') return { ok: false, why: 'MESHDECK_SANDBOX_NETNS=off' };
  if (process.platform !== 'linux') return { ok: false, why: 'network namespaces exist on Linux only' };
  if (process.getuid?.() !== 0) return { ok: false, why: 'creating a network namespace needs root' };
  if (spawnSync('ip', ['-V']).status !== 0) return { ok: false, why: "the 'ip' command (iproute2) is missing" };
  return { ok: true };
}

export function netnsExists(): boolean {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.split('\n').some((l) => l.split(' ')[0] === NETNS);
}

/** Idempotent: creates the namespace, brings lo up, makes 10.0.0.0/8 local. */
export function ensureNetns(): void {
  if (!netnsExists()) execFileSync('ip', ['netns', 'add', NETNS]);
  execFileSync('ip', ['-n', NETNS, 'link', 'set', 'lo', 'up']);
  execFileSync('ip', ['-n', NETNS, 'route', 'replace', 'local', '10.0.0.0/8', 'dev', 'lo']);
  // `ip netns exec` mounts this over /etc/resolv.conf: a name lookup inside fails at once, locally.
  mkdirSync(`/etc/netns/${NETNS}`, { recursive: true });
  writeFileSync(`/etc/netns/${NETNS}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
}

export function deleteNetns(): void {
  if (netnsExists()) spawnSync('ip', ['netns', 'delete', NETNS]);
}

/** Name of the namespace this process runs in, or undefined in the host's. */
export function currentNetns(): string | undefined {
  const r = spawnSync('ip', ['netns', 'identify', String(process.pid)], { encoding: 'utf8' });
  const name = r.status === 0 ? r.stdout.trim() : '';
  return name || undefined;
}

export const netnsExecPrefix = (): string[] => ['ip', 'netns', 'exec', NETNS];
