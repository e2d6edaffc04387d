import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { sandboxLayout } from '../sandbox/layout.js';
import { readTracked, startDaemon } from '../sandbox/processes.js';

/** Helpers for integration tests against the live sandbox (never a fake of the API). */
export const layout = sandboxLayout();

export function kubeConfigFor(context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(layout.kubeconfig);
  kc.setCurrentContext(context);
  return kc;
}

export function kubectl(args: string[], opts: { context?: string; input?: string } = {}): string {
  return execFileSync(layout.bin.kubectl, ['--kubeconfig', layout.kubeconfig, '--context', opts.context ?? 'sandbox-admin', ...args], {
    encoding: 'utf8', input: opts.input, stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * Istio's own CRDs (from the pinned istioctl), so VirtualServices exist without a control plane. A suite that writes
 * Istio objects calls it first: the files run in an order of vitest's choosing, after others that may uninstall Istio.
 */
export function ensureIstioCrds(): void {
  const manifest = execFileSync(layout.bin.istioctl, ['manifest', 'generate', '--set', 'profile=minimal'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const crds = manifest.split(/^---$/m).filter((d) => /^kind: CustomResourceDefinition$/m.test(d));
  kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: crds.join('\n---\n') });
  kubectl(['wait', '--for=condition=Established', 'crd/virtualservices.networking.istio.io', 'crd/destinationrules.networking.istio.io', 'crd/serviceentries.networking.istio.io', 'crd/peerauthentications.security.istio.io']);
}

/** kubectl that is expected to fail: returns its stderr. */
export function kubectlFails(args: string[], opts: { context?: string; input?: string } = {}): string {
  try {
    kubectl(args, opts);
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e);
  }
  throw new Error(`kubectl ${args.join(' ')} succeeded but was expected to fail`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function eventually<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 30_000, everyMs = 250): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;

/** Query the sandbox's Prometheus the way the app will: discovered through the API server's service proxy. */
export function promQuery(query: string): { metric: Record<string, string>; value: [number, string] }[] {
  const out = kubectl(['get', '--raw', `/api/v1/namespaces/monitoring/services/prometheus:9090/proxy/api/v1/query?query=${encodeURIComponent(query)}`]);
  const body = JSON.parse(out) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(out);
  return body.data.result;
}

/**
 * Kills the sandbox's API server (SIGKILL, as a crash would) and returns what brings the same one
 * back, with the same flags, once it answers /readyz again.
 */
export function killApiServer(): { bringBack: () => Promise<void> } {
  const killed = killSandboxProcess('kube-apiserver');
  return {
    bringBack: async () => {
      killed.restart();
      await eventually('the API server back', () => { try { kubectl(['get', '--raw', '/readyz']); return true; } catch { return false; } }, 60_000, 500);
    },
  };
}

/** Kills one of the sandbox's processes by role (as a crash would); `restart` starts it again with the same command line. */
export function killSandboxProcess(role: string): { restart: () => void } {
  const p = readTracked(layout.pidsFile).find((x) => x.role === role);
  if (!p) throw new Error(`the sandbox has no ${role} running`);
  const args = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const cwd = readlinkSync(`/proc/${p.pid}/cwd`);
  process.kill(p.pid, 'SIGKILL');
  return { restart: () => { startDaemon({ role, exe: args[0]!, args: args.slice(1), cwd, logsDir: layout.logs, pidsFile: layout.pidsFile }); } };
}
