/**
 * Pure rules for "who is in the mesh": a namespace's mode and the revision that serves it, a workload's
 * proxy state, a control plane's version, and ports Istio cannot classify. Inputs are plain label and
 * annotation maps, so the inventory, the installer, the upgrade and the tests share one definition.
 */

/** The namespace labels that decide its mesh mode. */
export const MESH_LABELS = ['istio-injection', 'istio.io/rev', 'istio.io/dataplane-mode'] as const;

export type MeshMode = 'sidecar' | 'ambient' | 'disabled' | 'none' | 'conflict';

export interface NamespaceMesh {
  mode: MeshMode;
  /** The label that decides it. */
  source?: 'istio-injection' | 'istio.io/rev' | 'istio.io/dataplane-mode';
  /** The control-plane revision that serves it (tags resolved), when sidecar mode. */
  revision?: string;
  /** The tag it names, when istio.io/rev is a tag. */
  tag?: string;
  /** Plain sentences for every problem found in the labels. */
  problems: string[];
}

/** `tags` maps tag name → revision; `revisions` is the set of revisions whose istiod runs. */
export function namespaceMesh(labels: Record<string, string> | undefined, tags: ReadonlyMap<string, string>, revisions: ReadonlySet<string>): NamespaceMesh {
  const l = labels ?? {};
  const injection = l['istio-injection'];
  const rev = l['istio.io/rev'];
  const dataplane = l['istio.io/dataplane-mode'];
  const problems: string[] = [];
  if (injection && rev) {
    // Istio's injector lets istio-injection win; say so, since people expect the revision to apply.
    problems.push(`Both istio-injection=${injection} and istio.io/rev=${rev} are set; istio-injection wins and the revision label is ignored.`);
  }
  if (dataplane === 'ambient' && (injection === 'enabled' || rev)) {
    problems.push('Ambient and sidecar injection are both requested; pods get a sidecar and ambient leaves them alone.');
  }
  if (injection === 'disabled') return { mode: 'disabled', source: 'istio-injection', problems };
  if (injection !== undefined && injection !== 'enabled') {
    // Revision injectors require istio-injection to be absent, and the default one requires "enabled".
    problems.push(`istio-injection=${injection} is neither "enabled" nor "disabled": no injector selects this namespace.`);
    return { mode: 'none', source: 'istio-injection', problems };
  }
  if (injection === 'enabled') {
    const revision = namespaceRevision(l, tags)!;
    if (!revisions.has(revision)) problems.push(`No running control plane serves the default revision${tags.has('default') ? ` (tag default → ${revision})` : ''}: new pods get no sidecar.`);
    return { mode: problems.length && rev ? 'conflict' : 'sidecar', source: 'istio-injection', revision, problems };
  }
  if (rev) {
    const revision = namespaceRevision(l, tags)!;
    if (!revisions.has(revision)) problems.push(`No running control plane serves revision ${revision}: new pods get no sidecar${tags.has(rev) ? ` (tag ${rev} → ${revision})` : ''}.`);
    return { mode: 'sidecar', source: 'istio.io/rev', revision, tag: tags.has(rev) ? rev : undefined, problems };
  }
  if (dataplane === 'ambient') return { mode: 'ambient', source: 'istio.io/dataplane-mode', problems };
  return { mode: 'none', problems };
}

/**
 * The revision whose injector serves a namespace, tags resolved; undefined when none injects there.
 * Istio's injectors select `istio-injection=enabled` first and `istio.io/rev` only where istio-injection
 * is absent, so istio-injection wins when both are set (the same precedence as namespaceMesh).
 */
export function namespaceRevision(labels: Record<string, string> | undefined, tags: ReadonlyMap<string, string>): string | undefined {
  const injection = labels?.['istio-injection'];
  if (injection === 'enabled') return tags.get('default') ?? 'default';
  if (injection !== undefined) return undefined;
  const rev = labels?.['istio.io/rev'];
  return rev ? tags.get(rev) ?? rev : undefined;
}

/**
 * The version a control plane runs, read from its image reference: the tag of `repo:tag`,
 * `host:port/repo:tag` or `repo:tag@sha256:…`. A reference pinned by digest alone names no version.
 */
export function imageVersion(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const name = image.split('@')[0]!;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  return colon >= 0 && colon < name.length - 1 ? name.slice(colon + 1) : undefined;
}

/** The version an istiod Deployment runs: its `discovery` container's image (the first container's otherwise). */
export function istiodVersion(containers: readonly { name?: string; image?: string }[] | undefined): string | undefined {
  return imageVersion((containers?.find((c) => c.name === 'discovery') ?? containers?.[0])?.image);
}

/**
 * Pods of the mesh itself: control planes, gateways and the ambient data plane. They are never sidecar
 * candidates (a gateway *is* a proxy; istiod must not get one), so they take no mesh action and do
 * not count as missing a proxy.
 */
export function isMeshSystem(labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return ['istiod', 'ztunnel', 'istio-cni-node'].includes(l.app ?? '') || /gateway/.test(l.istio ?? '')
    || l['istio.io/gateway-name'] !== undefined || l['gateway.istio.io/managed'] !== undefined
    || l['operator.istio.io/component'] === 'Pilot' || /Gateways$/.test(l['operator.istio.io/component'] ?? '');
}

export type ProxyState = 'present' | 'absent' | 'opted-out';

export interface PodView {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  containerNames: string[];
  createdAt?: string;
}

/** A pod's proxy: present (and from which revision), absent, or explicitly opted out. */
export function podProxy(p: PodView): { state: ProxyState; revision?: string } {
  const optOut = p.labels?.['sidecar.istio.io/inject'] === 'false' || p.annotations?.['sidecar.istio.io/inject'] === 'false';
  if (p.containerNames.includes('istio-proxy')) {
    const status = p.annotations?.['sidecar.istio.io/status'];
    let revision: string | undefined;
    try { revision = status ? (JSON.parse(status) as { revision?: string }).revision : undefined; } catch { revision = undefined; }
    return { state: 'present', revision };
  }
  return { state: optOut ? 'opted-out' : 'absent' };
}

/**
 * Pods that need a restart to match their namespace: no proxy where one is expected, a proxy from
 * another revision than the namespace now selects, or a proxy the namespace no longer asks for
 * (unless the pod asked for it itself, with sidecar.istio.io/inject=true or its own istio.io/rev).
 */
export function needsRestart(ns: NamespaceMesh, pod: PodView): boolean {
  const self = pod.labels?.['sidecar.istio.io/inject'] === 'true' || pod.labels?.['istio.io/rev'] !== undefined;
  return proxyNeedsRestart(ns, podProxy(pod), self);
}

export function proxyNeedsRestart(ns: NamespaceMesh, proxy: { state: ProxyState; revision?: string }, selfSelected: boolean): boolean {
  if (proxy.state === 'opted-out') return false;
  if (ns.mode !== 'sidecar') return proxy.state === 'present' && !selfSelected && ns.mode !== 'conflict';
  if (proxy.state === 'absent') return true;
  return proxy.revision !== undefined && ns.revision !== undefined && proxy.revision !== ns.revision;
}

const PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'mongo', 'mysql', 'redis', 'tcp', 'tls', 'udp'];

/**
 * Whether Istio can tell a Service port's protocol without sniffing: appProtocol, or a name of the
 * form <protocol>[-suffix]. Unclassified ports fall back to protocol sniffing (or TCP for server-first
 * protocols, which breaks them).
 */
export function portProtocol(port: { name?: string; appProtocol?: string; protocol?: string }): { protocol?: string; classified: boolean } {
  if (port.protocol === 'UDP') return { protocol: 'udp', classified: true };
  const app = port.appProtocol?.toLowerCase();
  if (app) {
    const bare = app.includes('/') ? app.split('/').pop()! : app; // kubernetes.io/h2c, kubernetes.io/ws...
    const known = PROTOCOLS.includes(bare) || bare === 'h2c' || bare === 'ws' || bare === 'wss';
    return { protocol: bare, classified: known };
  }
  const prefix = port.name?.toLowerCase().split('-')[0];
  if (prefix && PROTOCOLS.includes(prefix)) return { protocol: prefix, classified: true };
  if (port.name?.toLowerCase().startsWith('grpc-web')) return { protocol: 'grpc-web', classified: true };
  return { classified: false };
}
