import type { MeshdeckError, RpcErrorShape } from '../contract/errors.js';
import type { ClusterConnection } from '../kube/connection.js';
import { reflect, type RawObject, type Reflector } from '../kube/reflector.js';
import { ChangeSignal } from '../util/latest-value.js';
import { isRoutingGroup } from './check-documents.js';
import { keyOf, type ConfigObject, type ObjectKey, type PodFacts, type ServiceFacts, type Snapshot } from './objects.js';

/** A routing kind the cluster serves, at the version it prefers (its storage version when served). */
export interface ServedKind { group: string; version: string; kind: string; plural: string; namespaced: boolean; crd: string; servedVersions: string[] }

interface CrdVersion { name: string; served: boolean; storage: boolean }
interface CrdSpec { group: string; names: { kind: string; plural: string }; scope: string; versions: CrdVersion[] }

export function servedKind(o: RawObject): ServedKind | undefined {
  const spec = o.spec as CrdSpec | undefined;
  if (!spec || !isRoutingGroup(spec.group)) return undefined;
  const served = spec.versions.filter((v) => v.served);
  const version = served.find((v) => v.storage) ?? served[0];
  if (!version) return undefined;
  return { group: spec.group, version: version.name, kind: spec.names.kind, plural: spec.names.plural, namespaced: spec.scope === 'Namespaced', crd: o.metadata.name, servedVersions: served.map((v) => v.name) };
}

/** A config object as kept: without managedFields (the bulk of a small object, and of no use here). */
function keep(o: RawObject): ConfigObject {
  const { managedFields: _managed, ...metadata } = o.metadata as Record<string, unknown>;
  return { ...(o as unknown as ConfigObject), metadata: metadata as ConfigObject['metadata'] };
}

const serviceFacts = (o: RawObject): ServiceFacts => {
  const spec = (o.spec ?? {}) as { selector?: Record<string, string>; ports?: ServiceFacts['ports'] };
  return { namespace: o.metadata.namespace ?? '', name: o.metadata.name, selector: spec.selector, ports: (spec.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, appProtocol: p.appProtocol, targetPort: p.targetPort })) };
};
const podFacts = (o: RawObject): PodFacts => ({ namespace: o.metadata.namespace ?? '', labels: ((o.metadata as { labels?: Record<string, string> }).labels) ?? {} });

/**
 * The routing config of one cluster kept live: every routing kind the cluster serves (found from its
 * CRDs, so a newer Istio's kinds come without an app update), plus the Services, pods' labels and
 * namespaces the checks read. `snapshot()` is the world the checks see.
 */
export class LiveConfig {
  private readonly kinds = new Map<string, ServedKind>();
  private readonly objects = new Map<string, Map<ObjectKey, ConfigObject>>();
  private readonly kindReflectors = new Map<string, Reflector>();
  private readonly reflectors: Reflector[] = [];
  private services = new Map<string, ServiceFacts>();
  private pods = new Map<string, PodFacts>();
  private namespaces = new Set<string>();
  private readonly listed = new Set<string>();
  readonly problems = new Map<string, RpcErrorShape>();
  readonly changes = new ChangeSignal(150);
  private cached: Snapshot | undefined;
  private crdsListed = false;

  constructor(private readonly conn: ClusterConnection) {}

  start(): this {
    this.reflectors.push(reflect<ServedKind | undefined>(this.conn, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      project: servedKind,
      onList: (items) => {
        this.crdsListed = true;
        this.syncKinds([...items.values()].filter((k): k is ServedKind => !!k));
      },
      onEvent: () => this.relistKinds(),
      onError: (err) => this.fail('customresourcedefinitions', err),
    }));
    this.watchFacts('services', '/api/v1/services', serviceFacts, (m) => { this.services = m; });
    this.watchFacts('pods', '/api/v1/pods', podFacts, (m) => { this.pods = m; });
    this.watchFacts('namespaces', '/api/v1/namespaces', (o) => o.metadata.name, (m) => { this.namespaces = new Set(m.values()); });
    return this;
  }

  stop(): void {
    clearTimeout(this.relistTimer);
    for (const r of [...this.reflectors, ...this.kindReflectors.values()]) r.stop();
    this.changes.dispose();
  }

  /** Every list is in (or failed and retries, named in problems). */
  get complete(): boolean {
    return this.crdsListed && ['services', 'pods', 'namespaces', ...this.kinds.keys()].every((k) => this.listed.has(k) || this.problems.has(k));
  }

  servedKinds(): ServedKind[] {
    return [...this.kinds.values()].sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind));
  }

  /** The served kind for an apiVersion's group and a kind name. */
  kindOf(group: string, kind: string): ServedKind | undefined {
    return this.kinds.get(`${group}/${kind}`);
  }

  snapshot(): Snapshot {
    if (this.cached) return this.cached;
    const config = new Map<ObjectKey, ConfigObject>();
    for (const m of this.objects.values()) for (const [k, o] of m) config.set(k, o);
    this.cached = { config, services: [...this.services.values()], pods: [...this.pods.values()], namespaces: new Set(this.namespaces), domain: 'cluster.local', offline: false };
    return this.cached;
  }

  private changed(): void {
    this.cached = undefined;
    this.changes.mark();
  }

  private fail(what: string, err: MeshdeckError): void {
    this.problems.set(what, err.shape);
    this.changed();
  }

  private watchFacts<T>(what: string, path: string, project: (o: RawObject) => T, set: (m: Map<string, T>) => void): void {
    let items = new Map<string, T>();
    this.reflectors.push(reflect<T>(this.conn, path, {
      project,
      onList: (all) => { items = all; set(items); this.listed.add(what); this.problems.delete(what); this.changed(); },
      onEvent: (type, key, item) => {
        if (type === 'DELETED') items.delete(key);
        else items.set(key, item);
        set(items);
        this.changed();
      },
      onError: (err) => this.fail(what, err),
    }));
  }

  private relistTimer: NodeJS.Timeout | undefined;

  /** A CRD came, went or changed version: list the CRDs' kinds again, once per burst (an install brings a dozen). */
  private relistKinds(): void {
    if (this.relistTimer) return;
    this.relistTimer = setTimeout(() => { this.relistTimer = undefined; this.relistNow(); }, 300);
  }

  private relistNow(): void {
    void this.conn.requestJson<{ items: RawObject[] }>('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')
      .then((l) => this.syncKinds(l.items.map(servedKind).filter((k): k is ServedKind => !!k)), (err: MeshdeckError) => this.fail('customresourcedefinitions', err));
  }

  private syncKinds(served: ServedKind[]): void {
    const wanted = new Map(served.map((k) => [`${k.group}/${k.kind}`, k]));
    for (const [id, r] of this.kindReflectors) {
      const now = wanted.get(id);
      if (now && now.version === this.kinds.get(id)?.version) continue;
      r.stop();
      this.kindReflectors.delete(id);
      this.kinds.delete(id);
      this.objects.delete(id);
      this.listed.delete(id);
      this.problems.delete(id);
    }
    for (const [id, k] of wanted) {
      if (this.kindReflectors.has(id)) continue;
      this.kinds.set(id, k);
      const items = new Map<ObjectKey, ConfigObject>();
      this.objects.set(id, items);
      this.kindReflectors.set(id, reflect<ConfigObject>(this.conn, `/apis/${k.group}/${k.version}/${k.plural}`, {
        project: keep,
        onList: (all) => {
          items.clear();
          for (const o of all.values()) items.set(keyOf(o), o);
          this.listed.add(id);
          this.problems.delete(id);
          this.changed();
        },
        onEvent: (type, _key, o) => {
          if (type === 'DELETED') items.delete(keyOf(o));
          else items.set(keyOf(o), o);
          this.changed();
        },
        onError: (err) => this.fail(id, err),
      }));
    }
    this.changed();
  }
}
