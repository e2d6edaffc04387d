import type { RpcErrorShape } from '../contract/errors.js';
import type { InventoryDelta, InventoryEvent, InventoryKind, InventorySnapshot, MeshPlane, WorkloadKind } from '../contract/inventory.js';
import type { ClusterConnection } from '../kube/connection.js';
import { reflect, type Reflector, type ReflectorHandlers, type RawObject } from '../kube/reflector.js';
import { ChangeSignal } from '../util/latest-value.js';
import {
  projectInjector, projectNamespace, projectPod, projectService, projectWorkload,
  type InjectorInfo, type NamespaceInfo, type PodInfo, type ServiceInfo, type WorkloadInfo,
} from './project.js';
import { emptyContents, namespaceRows, planeFacts, type NamespaceContents, type NamespaceRows, type PlaneFacts } from './rows.js';

type Resource = 'namespaces' | 'pods' | 'deployments' | 'statefulsets' | 'daemonsets' | 'services' | 'injectors';
const RESOURCES: Record<Resource, string> = {
  namespaces: '/api/v1/namespaces',
  pods: '/api/v1/pods',
  deployments: '/apis/apps/v1/deployments',
  statefulsets: '/apis/apps/v1/statefulsets',
  daemonsets: '/apis/apps/v1/daemonsets',
  services: '/api/v1/services',
  injectors: '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
};
const WORKLOAD_KINDS: Partial<Record<Resource, WorkloadKind>> = { deployments: 'Deployment', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet' };
const KINDS: InventoryKind[] = ['namespaces', 'workloads', 'services', 'pods'];

export interface InventoryOptions {
  /** Delay that gathers watch events into one batch (the UI redraws at most this often). */
  batchMs?: number;
  pageSize?: number;
  delayMs?(attempt: number): number;
  watchSeconds?(): number;
}

/**
 * The live mesh inventory of one cluster: every list, then watches; rows recomputed only for the
 * namespaces an event touched, and sent as batched deltas against what the listener last saw.
 */
export class InventoryStore {
  private readonly namespaces = new Map<string, NamespaceInfo>();
  private readonly contents = new Map<string, NamespaceContents>();
  private readonly injectors = new Map<string, InjectorInfo>();
  private readonly listed = new Set<Resource>();
  private readonly problems = new Map<Resource, RpcErrorShape>();
  private readonly reflectors: Reflector[] = [];
  private readonly dirty = new Set<string>();
  private planeDirty = true;
  private facts: PlaneFacts = planeFacts([], []);
  /** Rows as last sent, by kind and id, serialized: the base the next delta is computed against. */
  private readonly sent: Record<InventoryKind, Map<string, string>> = { namespaces: new Map(), workloads: new Map(), services: new Map(), pods: new Map() };
  private readonly sentByNamespace = new Map<string, Record<Exclude<InventoryKind, 'namespaces'>, Set<string>>>();
  private sentPlane = '';
  private readonly changes: ChangeSignal;
  private readonly startedAt = performance.now();

  constructor(private readonly conn: ClusterConnection, private readonly o: InventoryOptions = {}) {
    this.changes = new ChangeSignal(o.batchMs ?? 200);
  }

  start(): this {
    for (const resource of Object.keys(RESOURCES) as Resource[]) {
      this.reflectors.push(reflect(this.conn, RESOURCES[resource], this.handlers(resource), {
        pageSize: this.o.pageSize, delayMs: this.o.delayMs, watchSeconds: this.o.watchSeconds,
        // Only Istio's sidecar injectors (revisions and tags carry istio.io/rev).
        labelSelector: resource === 'injectors' ? 'istio.io/rev' : undefined,
      }));
    }
    return this;
  }

  stop(): void {
    for (const r of this.reflectors) r.stop();
    this.changes.dispose();
  }

  retryNow(): void {
    for (const r of this.reflectors) r.retryNow();
  }

  /** Every list is in, or failed and is being retried (the snapshot then names the failure). */
  get complete(): boolean {
    return (Object.keys(RESOURCES) as Resource[]).every((r) => this.listed.has(r) || this.problems.has(r));
  }

  private contentsOf(namespace: string): NamespaceContents {
    let c = this.contents.get(namespace);
    if (!c) this.contents.set(namespace, (c = emptyContents()));
    return c;
  }

  private handlers(resource: Resource): ReflectorHandlers<unknown> {
    const workloadKind = WORKLOAD_KINDS[resource];
    const project: (o: RawObject) => unknown =
      resource === 'namespaces' ? projectNamespace
        : resource === 'pods' ? projectPod
          : resource === 'services' ? projectService
            : resource === 'injectors' ? projectInjector
              : projectWorkload(workloadKind!);
    const put = (item: unknown, remove: boolean) => {
      switch (resource) {
        case 'namespaces': {
          const ns = item as NamespaceInfo;
          if (remove) this.namespaces.delete(ns.name);
          else this.namespaces.set(ns.name, ns);
          this.dirty.add(ns.name);
          return;
        }
        case 'injectors': {
          const i = item as InjectorInfo;
          if (remove) this.injectors.delete(i.name);
          else this.injectors.set(i.name, i);
          this.planeDirty = true;
          return;
        }
        case 'pods': {
          const p = item as PodInfo;
          const c = this.contentsOf(p.namespace).pods;
          if (remove) c.delete(p.name);
          else c.set(p.name, p);
          this.dirty.add(p.namespace);
          return;
        }
        case 'services': {
          const s = item as ServiceInfo;
          const c = this.contentsOf(s.namespace).services;
          if (remove) c.delete(s.name);
          else c.set(s.name, s);
          this.dirty.add(s.namespace);
          return;
        }
        default: {
          const w = item as WorkloadInfo;
          const c = this.contentsOf(w.namespace).workloads;
          const key = `${w.kind}/${w.name}`;
          const before = c.get(key);
          if (remove) c.delete(key);
          else c.set(key, w);
          // istiod and ztunnel decide the mesh state of every namespace.
          if (w.istiodRevision || w.ztunnel || before?.istiodRevision || before?.ztunnel) this.planeDirty = true;
          this.dirty.add(w.namespace);
        }
      }
    };
    return {
      project,
      onList: (items) => {
        this.clearResource(resource);
        for (const item of items.values()) put(item, false);
        this.listed.add(resource);
        this.problems.delete(resource);
        // The last list completes the inventory: show it now rather than after a batch delay.
        if (this.complete) this.changes.now();
        else this.changed();
      },
      onEvent: (type, _key, item) => {
        put(item, type === 'DELETED');
        this.problems.delete(resource);
        this.changed();
      },
      onError: (err) => {
        this.problems.set(resource, err.shape);
        this.changed();
      },
    };
  }

  /** A fresh list replaces everything this resource put in before. */
  private clearResource(resource: Resource): void {
    if (resource === 'namespaces') {
      for (const name of this.namespaces.keys()) this.dirty.add(name);
      this.namespaces.clear();
      return;
    }
    if (resource === 'injectors') {
      this.injectors.clear();
      this.planeDirty = true;
      return;
    }
    const kind = WORKLOAD_KINDS[resource];
    for (const [namespace, c] of this.contents) {
      if (resource === 'pods') c.pods.clear();
      else if (resource === 'services') c.services.clear();
      else for (const [key, w] of c.workloads) if (w.kind === kind) c.workloads.delete(key);
      this.dirty.add(namespace);
    }
    if (kind) this.planeDirty = true;
  }

  private changed(): void {
    this.changes.mark();
  }

  private problemList() {
    return [...this.problems].map(([resource, error]) => ({ resource, error }));
  }

  private refreshPlane(): boolean {
    if (!this.planeDirty) return false;
    this.planeDirty = false;
    const workloads = [...this.contents.values()].flatMap((c) => [...c.workloads.values()].filter((w) => w.istiodRevision || w.ztunnel));
    this.facts = planeFacts(workloads, this.injectors.values());
    const plane = JSON.stringify(this.facts.plane);
    if (plane === this.sentPlane) return false;
    this.sentPlane = plane;
    // Tags, revisions and ambient decide every namespace's mode.
    for (const name of this.namespaces.keys()) this.dirty.add(name);
    return true;
  }

  private rowsOf(name: string): NamespaceRows | undefined {
    const ns = this.namespaces.get(name);
    // Meshdeck's own probe and verification namespaces are not the user's: they never show.
    if (ns?.meshdeck) return undefined;
    // Objects of a namespace not (yet) listed still show, under a namespace of unknown state.
    const contents = this.contents.get(name);
    if (!ns && !contents) return undefined;
    return namespaceRows(ns ?? { name, phase: 'Unknown', labels: {} }, contents ?? emptyContents(), this.facts);
  }

  /** The whole inventory, recording it as sent. */
  snapshot(): InventorySnapshot {
    this.refreshPlane();
    this.dirty.clear();
    const out: InventorySnapshot = { type: 'snapshot', plane: this.facts.plane, namespaces: [], workloads: [], services: [], pods: [], problems: this.problemList(), elapsedMs: Math.round(performance.now() - this.startedAt) };
    for (const k of KINDS) this.sent[k].clear();
    this.sentByNamespace.clear();
    const names = new Set([...this.namespaces.keys(), ...this.contents.keys()]);
    for (const name of names) {
      const rows = this.rowsOf(name);
      if (!rows) continue;
      this.record(name, rows);
      out.namespaces.push(rows.namespace);
      out.workloads.push(...rows.workloads);
      out.services.push(...rows.services);
      out.pods.push(...rows.pods);
    }
    return out;
  }

  private record(name: string, rows: NamespaceRows): void {
    this.sent.namespaces.set(name, JSON.stringify(rows.namespace));
    const ids = { workloads: new Set<string>(), services: new Set<string>(), pods: new Set<string>() };
    for (const k of ['workloads', 'services', 'pods'] as const) {
      for (const r of rows[k]) {
        this.sent[k].set(r.id, JSON.stringify(r));
        ids[k].add(r.id);
      }
    }
    this.sentByNamespace.set(name, ids);
  }

  /** What changed since the last snapshot or delta; undefined when nothing did. */
  delta(): InventoryDelta | undefined {
    const planeChanged = this.refreshPlane();
    const d: InventoryDelta = {
      type: 'delta', plane: planeChanged ? this.facts.plane : undefined,
      namespaces: { upsert: [], remove: [] }, workloads: { upsert: [], remove: [] }, services: { upsert: [], remove: [] }, pods: { upsert: [], remove: [] },
      problems: this.problemList(),
    };
    for (const name of this.dirty) {
      const rows = this.rowsOf(name);
      const before = this.sentByNamespace.get(name);
      if (!rows) {
        if (this.sent.namespaces.delete(name)) d.namespaces.remove.push(name);
        for (const k of ['workloads', 'services', 'pods'] as const) for (const id of before?.[k] ?? []) { this.sent[k].delete(id); d[k].remove.push(id); }
        this.sentByNamespace.delete(name);
        this.contents.delete(name);
        continue;
      }
      const ns = JSON.stringify(rows.namespace);
      if (this.sent.namespaces.get(name) !== ns) { this.sent.namespaces.set(name, ns); d.namespaces.upsert.push(rows.namespace); }
      const ids = { workloads: new Set<string>(), services: new Set<string>(), pods: new Set<string>() };
      for (const k of ['workloads', 'services', 'pods'] as const) {
        for (const r of rows[k]) {
          ids[k].add(r.id);
          const json = JSON.stringify(r);
          if (this.sent[k].get(r.id) !== json) { this.sent[k].set(r.id, json); (d[k].upsert as unknown[]).push(r); }
        }
        for (const id of before?.[k] ?? []) if (!ids[k].has(id)) { this.sent[k].delete(id); d[k].remove.push(id); }
      }
      this.sentByNamespace.set(name, ids);
      // A namespace gone from the cluster whose objects are all gone too: forget it.
      if (!this.namespaces.has(name) && rows.pods.length + rows.workloads.length + rows.services.length === 0) this.contents.delete(name);
    }
    this.dirty.clear();
    const problems = JSON.stringify(d.problems);
    const problemsChanged = problems !== this.sentProblems;
    this.sentProblems = problems;
    const empty = !planeChanged && !problemsChanged && KINDS.every((k) => d[k].upsert.length === 0 && d[k].remove.length === 0);
    return empty ? undefined : d;
  }

  private sentProblems = '[]';

  /** Resolves after the next batch of changes (false once `signal` aborts). */
  nextBatch(signal: AbortSignal): Promise<boolean> {
    return this.changes.next(signal);
  }

  /** The plane as last computed (for plans and the CLI). */
  get plane(): MeshPlane {
    this.refreshPlane();
    return this.facts.plane;
  }
}

/** The inventory as a stream: a snapshot once complete, then batched deltas until cancelled. */
export async function* inventoryStream(conn: ClusterConnection, signal: AbortSignal, o: InventoryOptions = {}): AsyncGenerator<InventoryEvent> {
  const store = new InventoryStore(conn, o).start();
  try {
    while (!store.complete && !signal.aborted) if (!(await store.nextBatch(signal))) break;
    if (signal.aborted) return;
    yield store.snapshot();
    while (await store.nextBatch(signal)) {
      const d = store.delta();
      if (d) yield d;
    }
  } finally {
    store.stop();
  }
}
