import type { MeshPlane, NamespaceRow, PodRow, ServiceRow, WorkloadRow } from '../contract/inventory.js';
import { namespaceMesh, portProtocol, proxyNeedsRestart, type NamespaceMesh } from '../mesh/mesh-state.js';
import { selects, versionOf, type InjectorInfo, type NamespaceInfo, type PodInfo, type ServiceInfo, type WorkloadInfo } from './project.js';

/** What one namespace holds, as the watches keep it. */
export interface NamespaceContents {
  pods: Map<string, PodInfo>;
  workloads: Map<string, WorkloadInfo>;
  services: Map<string, ServiceInfo>;
}

export const emptyContents = (): NamespaceContents => ({ pods: new Map(), workloads: new Map(), services: new Map() });

/** Control-plane facts every namespace's rows depend on. */
export interface PlaneFacts {
  plane: MeshPlane;
  tags: Map<string, string>;
  running: Set<string>;
  /** Namespaces that run a control plane or its data plane. */
  controlNamespaces: Set<string>;
}

/**
 * Why ambient cannot be chosen without a ztunnel. Meshdeck's install has no ambient profile yet (its profiles bring
 * no istio-cni or ztunnel), so "install the ambient profile" would send the user to a choice that is not there.
 */
export const AMBIENT_UNAVAILABLE = {
  reason: 'ambient-unavailable',
  message:
    'Ambient needs istio-cni and a ztunnel on every node, and none runs in this cluster. Meshdeck cannot install them yet: its profiles (minimal, default, demo) bring sidecars only. Use sidecar injection, or install ambient with istioctl (--set profile=ambient) outside Meshdeck.',
} as const;

const SYSTEM = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'istio-system']);

export function planeFacts(workloads: Iterable<WorkloadInfo>, injectors: Iterable<InjectorInfo>): PlaneFacts {
  const revisions = new Map<string, MeshPlane['revisions'][number]>();
  const controlNamespaces = new Set<string>();
  let ambient = false;
  for (const w of workloads) {
    if (w.istiodRevision) {
      const prev = revisions.get(w.istiodRevision);
      revisions.set(w.istiodRevision, { revision: w.istiodRevision, ready: (prev?.ready ?? false) || w.ready > 0, version: w.istiodVersion });
      controlNamespaces.add(w.namespace);
    }
    if (w.ztunnel) {
      ambient = ambient || w.ready > 0;
      controlNamespaces.add(w.namespace);
    }
  }
  const tags = new Map<string, string>();
  for (const i of injectors) if (i.tag) tags.set(i.tag, i.revision);
  const running = new Set([...revisions.values()].filter((r) => r.ready).map((r) => r.revision));
  return {
    plane: {
      revisions: [...revisions.values()].sort((a, b) => a.revision.localeCompare(b.revision)),
      tags: [...tags].map(([tag, revision]) => ({ tag, revision })).sort((a, b) => a.tag.localeCompare(b.tag)),
      ambient,
      ...(ambient ? {} : { ambientRefusal: AMBIENT_UNAVAILABLE }),
    },
    tags,
    running,
    controlNamespaces,
  };
}

export const isSystemNamespace = (name: string, facts: PlaneFacts) => SYSTEM.has(name) || name.startsWith('kube-') || facts.controlNamespaces.has(name);

export interface NamespaceRows {
  namespace: NamespaceRow;
  workloads: WorkloadRow[];
  services: ServiceRow[];
  pods: PodRow[];
}

/** The Istio a pod's proxy runs; a pod of the mesh itself runs the Istio of its image. */
const istioVersionOf = (p: PodInfo): { istioVersion?: string } => {
  const v = p.meshSystem ? p.meshVersion : p.proxy.state === 'present' ? p.proxyVersion : undefined;
  return v ? { istioVersion: v } : {};
};

const workloadId = (namespace: string, key: string) => `${namespace}/${key}`;

/** Every row of one namespace: its summary, its workloads, services and pods with their mesh state. */
export function namespaceRows(ns: NamespaceInfo, contents: NamespaceContents, facts: PlaneFacts): NamespaceRows {
  const mesh: NamespaceMesh = namespaceMesh(ns.labels, facts.tags, facts.running);
  const pods: PodRow[] = [];
  const podsOf = new Map<string, PodRow[]>();
  let withProxy = 0, withoutProxy = 0, optedOut = 0, system = 0, orphaned = 0, restart = 0;
  for (const p of contents.pods.values()) {
    const row: PodRow = {
      id: `${p.namespace}/${p.name}`,
      namespace: p.namespace,
      name: p.name,
      workload: p.workload,
      version: p.meshSystem ? p.meshVersion : versionOf(p.labels),
      phase: p.deleting ? 'Terminating' : p.phase,
      ready: p.ready,
      readyContainers: p.readyContainers,
      containers: p.containers,
      proxy: p.proxy.state,
      proxyRevision: p.proxy.revision,
      ...istioVersionOf(p),
      meshSystem: p.meshSystem,
      orphaned: p.proxy.state === 'present' && p.proxy.revision !== undefined && !facts.running.has(p.proxy.revision),
      needsRestart: !p.deleting && !p.meshSystem && proxyNeedsRestart(mesh, p.proxy, p.selfSelected),
      createdAt: p.createdAt,
    };
    pods.push(row);
    if (p.deleting) continue;
    if (row.orphaned) orphaned++;
    if (p.meshSystem) system++;
    else if (row.proxy === 'present') withProxy++;
    else if (row.proxy === 'opted-out') optedOut++;
    else withoutProxy++;
    if (row.needsRestart) restart++;
    if (p.workload) {
      const list = podsOf.get(p.workload);
      if (list) list.push(row);
      else podsOf.set(p.workload, [row]);
    }
  }

  const workloads: WorkloadRow[] = [];
  for (const w of contents.workloads.values()) {
    const key = `${w.kind}/${w.name}`;
    const own = podsOf.get(key) ?? [];
    const versions = new Set(w.versions);
    const revisions = new Set<string>();
    const istio = new Set<string>(w.meshSystem && w.versions[0] ? [w.versions[0]] : []);
    let present = 0, need = 0, orphans = 0;
    let least: PodRow | undefined;
    for (const p of own) {
      if (p.version) versions.add(p.version);
      if (p.proxy === 'present') present++;
      if (p.proxyRevision) revisions.add(p.proxyRevision);
      if (p.istioVersion) istio.add(p.istioVersion);
      if (p.needsRestart) need++;
      if (p.orphaned) orphans++;
      if (!least || p.readyContainers / Math.max(1, p.containers) < least.readyContainers / Math.max(1, least.containers)) least = p;
    }
    workloads.push({
      id: workloadId(w.namespace, key),
      namespace: w.namespace,
      kind: w.kind,
      name: w.name,
      versions: [...versions].sort(),
      desired: w.desired,
      ready: w.ready,
      pods: own.length,
      withProxy: present,
      proxy: w.meshSystem ? 'mesh-system' : w.optedOut ? 'opted-out' : own.length === 0 ? 'no-pods' : present === own.length ? 'present' : present === 0 ? 'absent' : 'mixed',
      meshSystem: w.meshSystem,
      orphaned: orphans,
      proxyRevisions: [...revisions].sort(),
      istioVersions: [...istio].sort(),
      optedOut: w.optedOut,
      // istiod, gateways and ztunnel are the mesh itself: a sidecar would break them, so no opt-in or opt-out.
      meshAction: w.meshSystem ? 'none' : w.optedOut ? 'opt-in' : 'opt-out',
      needsRestart: need,
      containers: least ? { ready: least.readyContainers, total: least.containers } : undefined,
    });
  }

  const services: ServiceRow[] = [];
  const live = pods.filter((p) => p.phase !== 'Terminating');
  for (const s of contents.services.values()) {
    let count = 0, missing = 0;
    const versions = new Set<string>();
    const istio = new Set<string>();
    if (s.selector && Object.keys(s.selector).length) {
      for (const p of live) {
        const info = contents.pods.get(p.name)!;
        if (!selects(s.selector, info.labels)) continue;
        count++;
        if (p.proxy !== 'present' && !p.meshSystem) missing++;
        if (p.version) versions.add(p.version);
        if (p.istioVersion) istio.add(p.istioVersion);
      }
    }
    const ports = s.ports.map((p) => {
      const c = portProtocol(p);
      return { ...p, detected: c.protocol, classified: c.classified };
    });
    services.push({
      id: `${s.namespace}/${s.name}`,
      namespace: s.namespace,
      name: s.name,
      type: s.type,
      ports,
      unclassifiedPorts: ports.filter((p) => !p.classified).length,
      pods: count,
      podsWithoutProxy: missing,
      versions: [...versions].sort(),
      istioVersions: [...istio].sort(),
    });
  }

  const servedBy = mesh.revision ? facts.plane.revisions.find((r) => r.revision === mesh.revision)?.version : undefined;
  return {
    namespace: {
      id: ns.name,
      name: ns.name,
      phase: ns.phase,
      mode: mesh.mode,
      source: mesh.source,
      revision: mesh.revision,
      tag: mesh.tag,
      labels: ns.labels,
      problems: mesh.problems,
      ...(servedBy ? { istioVersion: servedBy } : {}),
      system: isSystemNamespace(ns.name, facts),
      pods: withProxy + withoutProxy + optedOut + system,
      withProxy,
      withoutProxy,
      optedOut,
      meshSystem: system,
      orphaned,
      needsRestart: restart,
      workloads: contents.workloads.size,
      services: contents.services.size,
    },
    workloads,
    services,
    pods,
  };
}
