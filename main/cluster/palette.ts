import type { MeshStatus, SandboxState } from '../contract/models.js';
import type { PaletteTask } from '../contract/palette.js';
import type { ClusterConnection } from '../kube/connection.js';
import type { RawObject } from '../kube/reflector.js';
import { ISTIO_NAMESPACE, MANAGED_LABEL } from '../install/render.js';
import { PURPOSE_LABEL } from '../mesh/injector-probe.js';
import { controlPlane, injectorRevision, installRecordState, meshStatus, type InstallRecordState } from './overview.js';

/** What the palette's rule needs to know: the contexts, the one open, the sandbox, and what the open cluster has. */
export interface PaletteFacts {
  contexts: readonly { name: string; server: string; isCurrent: boolean }[];
  /** The context open in the window (none: the context list). */
  open?: string;
  sandbox: Pick<SandboxState, 'state' | 'context'>;
  /** The open cluster's mesh (absent: not read, or unreadable). */
  mesh?: MeshStatus;
  /** The user's namespaces in the open cluster (Meshdeck's own probes left out). */
  namespaces?: readonly string[];
  services?: readonly { namespace: string; name: string }[];
}

/** Ranks: the task the cluster's state calls for first, then the other Istio tasks, the objects, the other contexts. */
const RANK = { first: 0, istio: 10, uninstall: 30, namespace: 40, service: 45, sandbox: 50, context: 70 } as const;

/**
 * The palette's tasks for where the user is: which apply now and in which order. Pure; the facts are read by
 * readPaletteFacts (or made up in tests).
 */
export function paletteTasks(f: PaletteFacts): PaletteTask[] {
  const tasks: PaletteTask[] = [];
  const open = f.open;
  if (open && f.mesh) tasks.push(...istioTasks(open, f.mesh));
  if (open) {
    for (const namespace of f.namespaces ?? []) {
      tasks.push({ id: `namespace:${namespace}`, label: `Namespace ${namespace}`, group: 'Namespace', detail: 'in the mesh inventory', keywords: 'namespace inventory mesh sidecar', rank: RANK.namespace, target: { kind: 'inventory', context: open, namespace } });
    }
    for (const s of f.services ?? []) {
      tasks.push({ id: `service:${s.namespace}/${s.name}`, label: `Service ${s.namespace}/${s.name}`, group: 'Service', detail: 'its metrics', keywords: 'service metrics traffic', rank: RANK.service, target: { kind: 'service', context: open, namespace: s.namespace, service: s.name } });
    }
  }
  // The sandbox is offered to start only while it is stopped; once it runs, its cluster is one click away instead.
  if (f.sandbox.state === 'stopped') {
    tasks.push({ id: 'sandbox:start', label: 'Start the built-in sandbox cluster', group: 'Sandbox', keywords: 'sandbox local cluster try demo start', rank: open ? RANK.sandbox : RANK.first, target: { kind: 'start-sandbox' } });
  } else if (f.sandbox.state === 'running' && f.sandbox.context && f.sandbox.context !== open) {
    const context = f.sandbox.context;
    tasks.push({ id: 'sandbox:open', label: `Open the sandbox cluster (${context})`, group: 'Sandbox', keywords: 'sandbox local cluster try demo', rank: open ? RANK.sandbox : RANK.first + 1, target: { kind: 'context', context } });
  }
  // No "switch to" the context already open; with none open, the current one comes first.
  f.contexts.forEach((c, i) => {
    if (c.name === open) return;
    tasks.push({
      id: `context:${c.name}`,
      label: `${open ? 'Switch to' : 'Open'} context ${c.name}`,
      group: 'Context',
      detail: c.server,
      keywords: `open connect cluster context ${c.isCurrent ? 'current' : ''}`,
      rank: RANK.context + (c.isCurrent ? 0 : 1) + i / 10_000,
      target: { kind: 'context', context: c.name },
    });
  });
  return tasks.sort((a, b) => a.rank - b.rank);
}

/** Install, resume, upgrade, manage, uninstall: as the mesh's state calls for. */
function istioTasks(context: string, mesh: MeshStatus): PaletteTask[] {
  const revisions = [...new Set(mesh.controlPlanes.map((p) => (p.revision === 'default' ? '' : p.revision)))];
  const inventory: PaletteTask = { id: 'istio:mesh-namespace', label: 'Add a namespace to the mesh', group: 'Istio', detail: 'in the mesh inventory', keywords: 'mesh namespace sidecar injection label enable join', rank: RANK.istio, target: { kind: 'inventory', context } };
  switch (mesh.state) {
    case 'not-installed':
    case 'crds-only':
      return [{ id: 'istio:install', label: 'Install Istio', group: 'Istio', detail: 'precheck, options, preview, apply, verify', keywords: 'install setup add istio mesh control plane istiod', rank: RANK.first, target: { kind: 'install', context, mode: 'install', revisions: [] } }];
    case 'incomplete': {
      const unfinished = [...new Set(mesh.incomplete.map((i) => (i.revision === 'default' ? '' : i.revision)))];
      return [{ id: 'istio:resume', label: 'Resume the unfinished install', group: 'Istio', detail: `revision ${mesh.incomplete.map((i) => i.revision).join(', ')}`, keywords: 'install resume finish continue incomplete istio', rank: RANK.first, target: { kind: 'install', context, mode: 'install', revisions: unfinished, task: 'resume' } }];
    }
    case 'installed':
      return [
        { ...inventory, rank: RANK.first },
        { id: 'istio:upgrade', label: 'Upgrade Istio to a new revision', group: 'Istio', keywords: 'upgrade update revision canary version move', rank: RANK.istio, target: { kind: 'install', context, mode: 'manage', revisions, task: 'upgrade' } },
        { id: 'istio:manage', label: 'Manage Istio: verify, revisions', group: 'Istio', keywords: 'manage verify installed install revisions tags istiod', rank: RANK.istio + 1, target: { kind: 'install', context, mode: 'manage', revisions } },
        { id: 'istio:uninstall', label: 'Uninstall Istio', group: 'Istio', keywords: 'uninstall remove delete istio', rank: RANK.uninstall, target: { kind: 'install', context, mode: 'manage', revisions, task: 'uninstall' } },
      ];
    default:
      return [];
  }
}

const MAX_OBJECTS = 500;
const items = (list: { items?: RawObject[] }) => list.items ?? [];

/** What the open cluster has, for the palette; what cannot be read is left out rather than failing the palette. */
export async function readPaletteFacts(conn: ClusterConnection): Promise<Pick<PaletteFacts, 'mesh' | 'namespaces' | 'services'>> {
  const get = (path: string) => conn.getJson<{ items?: RawObject[] }>(path, 5000).then(items);
  const [istiods, injectors, records, namespaces, services] = await Promise.allSettled([
    get('/apis/apps/v1/deployments?labelSelector=app%3Distiod'),
    get('/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations?labelSelector=istio.io%2Frev'),
    get(`/api/v1/namespaces/${ISTIO_NAMESPACE}/configmaps?labelSelector=${encodeURIComponent(MANAGED_LABEL)}`),
    get('/api/v1/namespaces'),
    get(`/api/v1/services?limit=${MAX_OBJECTS}`),
  ]);
  const ok = <T>(r: PromiseSettledResult<T>) => (r.status === 'fulfilled' ? r.value : undefined);
  const istiodList = ok(istiods);
  return {
    // The CRDs are not read (large): a cluster with CRDs only reads as without Istio here, which offers the install all the same.
    ...(istiodList ? { mesh: meshStatus({
      istioCrdGroups: [],
      controlPlanes: istiodList.map(controlPlane),
      injectors: ok(injectors)?.map(injectorRevision),
      records: ok(records)?.map(installRecordState).filter((r): r is InstallRecordState => !!r),
    }) } : {}),
    ...(ok(namespaces) ? { namespaces: ok(namespaces)!.filter((n) => !(n.metadata.labels as Record<string, string> | undefined)?.[PURPOSE_LABEL]).map((n) => n.metadata.name).slice(0, MAX_OBJECTS) } : {}),
    ...(ok(services) ? { services: ok(services)!.map((s) => ({ namespace: s.metadata.namespace ?? '', name: s.metadata.name })) } : {}),
  };
}
