import type { WorkloadKind } from '../contract/inventory.js';
import type { RawObject } from '../kube/reflector.js';
import { PURPOSE_LABEL } from '../mesh/injector-probe.js';
import { imageVersion, isMeshSystem, istiodVersion, MESH_LABELS, podProxy } from '../mesh/mesh-state.js';

/**
 * The small records the inventory keeps per object: what its rows need and nothing else, so 10,000
 * pods cost a few megabytes instead of the objects' full JSON.
 */

type Labels = Record<string, string>;
interface Meta { name: string; namespace?: string; labels?: Labels; annotations?: Labels; creationTimestamp?: string; deletionTimestamp?: string; ownerReferences?: { kind: string; name: string; controller?: boolean }[] }
const meta = (o: RawObject) => o.metadata as unknown as Meta;


export interface NamespaceInfo { name: string; phase: string; labels: Labels; /** Meshdeck's own probe or verification namespace. */ meshdeck?: boolean }

export function projectNamespace(o: RawObject): NamespaceInfo {
  const l = meta(o).labels ?? {};
  const labels: Labels = {};
  for (const k of MESH_LABELS) if (l[k] !== undefined) labels[k] = l[k];
  return { name: o.metadata.name, phase: (o.status as { phase?: string } | undefined)?.phase ?? 'Active', labels, ...(l[PURPOSE_LABEL] ? { meshdeck: true } : {}) };
}

export interface PodInfo {
  namespace: string;
  name: string;
  labels: Labels;
  /** `Kind/name` of the owning workload. */
  workload?: string;
  phase: string;
  ready: boolean;
  readyContainers: number;
  containers: number;
  proxy: ReturnType<typeof podProxy>;
  /** Injected because the pod itself asked (sidecar.istio.io/inject=true or istio.io/rev on the pod). */
  selfSelected: boolean;
  /** A pod of the mesh itself (istiod, a gateway, ztunnel). */
  meshSystem: boolean;
  /** The Istio version a mesh-system pod runs (its image's tag): its labels carry a chart's version, not Istio's. */
  meshVersion?: string;
  /** The Istio version of its injected proxy (the istio-proxy container's image tag). */
  proxyVersion?: string;
  createdAt?: string;
  deleting: boolean;
}

interface PodSpec { containers?: { name: string; image?: string }[]; initContainers?: { name: string; restartPolicy?: string; image?: string }[] }
interface PodStatus { phase?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { ready: boolean }[]; initContainerStatuses?: { ready: boolean; name: string }[] }

/** The workload a pod belongs to: ReplicaSets are named <deployment>-<pod-template-hash>. */
export function podWorkload(m: Pick<Meta, 'ownerReferences' | 'labels'>): string | undefined {
  const owner = m.ownerReferences?.find((r) => r.controller) ?? m.ownerReferences?.[0];
  if (!owner) return undefined;
  if (owner.kind === 'ReplicaSet') {
    const hash = m.labels?.['pod-template-hash'];
    return hash && owner.name.endsWith(`-${hash}`) ? `Deployment/${owner.name.slice(0, -hash.length - 1)}` : undefined;
  }
  return owner.kind === 'StatefulSet' || owner.kind === 'DaemonSet' ? `${owner.kind}/${owner.name}` : undefined;
}

export function projectPod(o: RawObject): PodInfo {
  const m = meta(o);
  const spec = (o.spec ?? {}) as PodSpec;
  const status = (o.status ?? {}) as PodStatus;
  // Native sidecars (restartPolicy Always init containers, which Istio uses when enabled) count as containers.
  const sidecars = (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  const names = [...(spec.containers ?? []).map((c) => c.name), ...sidecars.map((c) => c.name)];
  const readySidecars = (status.initContainerStatuses ?? []).filter((s) => s.ready && sidecars.some((c) => c.name === s.name)).length;
  const labels = m.labels ?? {};
  return {
    namespace: m.namespace ?? '',
    name: m.name,
    labels,
    workload: podWorkload(m),
    phase: status.phase ?? 'Unknown',
    ready: status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    readyContainers: (status.containerStatuses ?? []).filter((s) => s.ready).length + readySidecars,
    containers: names.length,
    proxy: podProxy({ labels, annotations: m.annotations, containerNames: names }),
    selfSelected: labels['sidecar.istio.io/inject'] === 'true' || labels['istio.io/rev'] !== undefined,
    meshSystem: isMeshSystem(labels),
    ...(isMeshSystem(labels) ? { meshVersion: meshPodVersion(spec.containers) } : {}),
    ...proxyVersionOf([...(spec.containers ?? []), ...sidecars]),
    createdAt: m.creationTimestamp,
    deleting: !!m.deletionTimestamp,
  };
}

export interface WorkloadInfo {
  namespace: string;
  kind: WorkloadKind;
  name: string;
  selector: Labels;
  desired: number;
  ready: number;
  versions: string[];
  optedOut: boolean;
  /** An istiod Deployment: the revision it serves. */
  istiodRevision?: string;
  istiodVersion?: string;
  ztunnel: boolean;
  /** A workload of the mesh itself (istiod, a gateway, ztunnel): no mesh action applies to it. */
  meshSystem: boolean;
}

interface WorkloadSpec { replicas?: number; selector?: { matchLabels?: Labels }; template?: { metadata?: { labels?: Labels; annotations?: Labels }; spec?: { containers?: { name?: string; image?: string }[] } } }
interface WorkloadStatus { readyReplicas?: number; numberReady?: number; desiredNumberScheduled?: number }

export const versionOf = (labels: Labels | undefined) => labels?.['version'] ?? labels?.['app.kubernetes.io/version'];

/** The Istio a mesh-system pod runs: istiod's discovery container, a gateway's or ztunnel's proxy, else its first container. */
/** The injected proxy's Istio version, from the istio-proxy container's image (a native sidecar included). */
function proxyVersionOf(containers: readonly { name: string; image?: string }[]): { proxyVersion?: string } {
  const version = imageVersion(containers.find((c) => c.name === 'istio-proxy')?.image);
  return version ? { proxyVersion: version } : {};
}

function meshPodVersion(containers: readonly { name: string; image?: string }[] | undefined): string | undefined {
  const main = containers?.find((c) => ['discovery', 'istio-proxy', 'ztunnel', 'install-cni'].includes(c.name)) ?? containers?.[0];
  return imageVersion(main?.image);
}

export function projectWorkload(kind: WorkloadKind) {
  return (o: RawObject): WorkloadInfo => {
    const m = meta(o);
    const spec = (o.spec ?? {}) as WorkloadSpec;
    const status = (o.status ?? {}) as WorkloadStatus;
    const template = spec.template?.metadata ?? {};
    const isIstiod = kind === 'Deployment' && m.labels?.['app'] === 'istiod';
    const meshSystem = isIstiod || isMeshSystem(m.labels) || isMeshSystem(template.labels);
    // Istio's charts label their pods with the chart's version (1.0.0 on a development build): the image says which Istio runs.
    const version = meshSystem ? meshPodVersion(spec.template?.spec?.containers?.map((c) => ({ name: c.name ?? '', image: c.image }))) : versionOf(template.labels);
    return {
      namespace: m.namespace ?? '',
      kind,
      name: m.name,
      selector: spec.selector?.matchLabels ?? {},
      desired: kind === 'DaemonSet' ? status.desiredNumberScheduled ?? 0 : spec.replicas ?? 1,
      ready: kind === 'DaemonSet' ? status.numberReady ?? 0 : status.readyReplicas ?? 0,
      versions: version ? [version] : [],
      optedOut: template.labels?.['sidecar.istio.io/inject'] === 'false' || template.annotations?.['sidecar.istio.io/inject'] === 'false',
      istiodRevision: isIstiod ? m.labels?.['istio.io/rev'] || 'default' : undefined,
      istiodVersion: isIstiod ? istiodVersion(spec.template?.spec?.containers) : undefined,
      ztunnel: kind === 'DaemonSet' && (m.labels?.['app'] === 'ztunnel' || m.name === 'ztunnel'),
      meshSystem,
    };
  };
}

export interface ServiceInfo {
  namespace: string;
  name: string;
  type: string;
  selector?: Labels;
  ports: { name?: string; port: number; protocol?: string; appProtocol?: string }[];
}

export function projectService(o: RawObject): ServiceInfo {
  const spec = (o.spec ?? {}) as { type?: string; selector?: Labels; ports?: ServiceInfo['ports'] };
  return {
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
    type: spec.type ?? 'ClusterIP',
    selector: spec.selector,
    ports: (spec.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, appProtocol: p.appProtocol })),
  };
}

/** A sidecar-injector webhook configuration: which revision it serves, and the tag it stands for. */
export interface InjectorInfo { name: string; revision: string; tag?: string }

export function projectInjector(o: RawObject): InjectorInfo {
  const l = meta(o).labels ?? {};
  return { name: o.metadata.name, revision: l['istio.io/rev'] || 'default', tag: l['istio.io/tag'] };
}

/** Every label of `selector` is on `labels` (a Service's selector; empty selects nothing). */
export function selects(selector: Labels | undefined, labels: Labels): boolean {
  if (!selector) return false;
  let any = false;
  for (const k in selector) {
    any = true;
    if (labels[k] !== selector[k]) return false;
  }
  return any;
}
