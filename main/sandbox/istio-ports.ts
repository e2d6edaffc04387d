/**
 * On the sandbox, istiod runs as a local process per revision (the sandbox plays its kubelet), so the
 * API server reaches its webhooks at https://localhost:<port>. This is the one place that maps a revision
 * to its ports; the sandbox agent uses it to start pilot-discovery, and an installer uses
 * `sandboxIstioInstallValues` when the cluster carries the sandbox marker ConfigMap.
 */
export const SANDBOX_MARKER = { namespace: 'kube-public', name: 'meshdeck-sandbox' } as const;

function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Offset of every port of one revision's istiod: 0 for the default revision. */
export function revisionPortOffset(revision: string): number {
  if (!revision || revision === 'default') return 0;
  return 100 * (1 + (fnv1a32(revision) % 50));
}

export function istiodPorts(revision: string) {
  const o = revisionPortOffset(revision);
  return {
    http: 18080 + o,
    grpc: 15010 + o,
    secureGrpc: 15012 + o,
    monitoring: 15014 + o,
    webhook: 15017 + o,
    ctrlz: 9876 + o,
  };
}

/** The `--set` values that point a revision's webhooks at the local istiod. */
export function sandboxIstioInstallValues(revision: string): Record<string, string> {
  const port = istiodPorts(revision).webhook;
  return {
    'values.istiodRemote.injectionURL': `https://localhost:${port}/inject`,
    'values.base.validationURL': `https://localhost:${port}/validate`,
  };
}
