import { isIP } from 'node:net';
import { GATEWAY_API, groupOf, ISTIO_NETWORKING, ofKind, type ConfigObject, type ServiceFacts, type Snapshot } from './objects.js';

/**
 * Host names as Istio reads them: a short name (no dot) is relative to the rule's namespace
 * (`reviews` in `shop` is `reviews.shop.svc.cluster.local`); anything with a dot, an IP address or `*`
 * is taken as written.
 */
export function fqdn(host: string, namespace: string | undefined, domain: string): string {
  if (!host || host === '*' || isIP(host) || host.includes('.')) return host;
  return `${host}${namespace ? `.${namespace}` : ''}.svc.${domain}`;
}

/** `pattern` (a host, `*` or `*.suffix`) covers `host`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return false;
}

/** Two host patterns could name the same host (either covers the other). */
export const hostsOverlap = (a: string, b: string) => hostMatches(a, b) || hostMatches(b, a);

export interface RegistryEntry {
  host: string;
  /** The Service behind it, for Kubernetes services. */
  service?: ServiceFacts;
  /** The ServiceEntry that declares it. */
  serviceEntry?: ConfigObject;
  ports: { number: number; name?: string; protocol?: string }[];
}

/** Every host the mesh knows: Kubernetes Services (name.namespace.svc.domain) and ServiceEntry hosts. */
export function registry(s: Snapshot): Map<string, RegistryEntry[]> {
  const byHost = new Map<string, RegistryEntry[]>();
  const add = (e: RegistryEntry) => {
    const list = byHost.get(e.host);
    if (list) list.push(e);
    else byHost.set(e.host, [e]);
  };
  for (const svc of s.services) add({ host: `${svc.name}.${svc.namespace}.svc.${s.domain}`, service: svc, ports: svc.ports.map((p) => ({ number: p.port, name: p.name, protocol: p.appProtocol ?? p.protocol })) });
  for (const se of ofKind(s, 'ServiceEntry', ISTIO_NETWORKING)) {
    const spec = (se.spec ?? {}) as { hosts?: string[]; ports?: { number: number; name?: string; protocol?: string }[] };
    for (const h of spec.hosts ?? []) add({ host: fqdn(h, se.metadata.namespace, s.domain), serviceEntry: se, ports: spec.ports ?? [] });
  }
  return byHost;
}

/** The registry entries a (resolved) destination host names: exact, or the ServiceEntries whose wildcard covers it. */
export function lookup(reg: Map<string, RegistryEntry[]>, host: string): RegistryEntry[] {
  const exact = reg.get(host);
  if (exact) return exact;
  if (host.startsWith('*')) return [...reg.entries()].filter(([h]) => hostMatches(host, h)).flatMap(([, e]) => e);
  return [...reg.entries()].filter(([h]) => h.startsWith('*') && hostMatches(h, host)).flatMap(([, e]) => e);
}

export interface GovernedHost {
  host: string;
  virtualServices: string[];
  httpRoutes: string[];
  /** Which API decides the routing of in-mesh (sidecar) traffic to this host, in plain words. */
  summary: string;
  governedBy: 'virtual-service' | 'http-route' | 'both' | 'none';
}

const refName = (o: ConfigObject) => `${o.metadata.namespace}/${o.metadata.name}`;

/**
 * For each host of the mesh that has routing: which API governs it. For sidecar (mesh) traffic Istio
 * builds one route table per host from the VirtualServices bound to the mesh and the HTTPRoutes whose
 * parent is the Service (converted to the same form). When several claim one host, it takes one: an
 * HTTPRoute in the caller's own namespace first (a consumer override), otherwise the oldest; the
 * others are ignored for that host.
 */
export function governedHosts(s: Snapshot): GovernedHost[] {
  const hosts = new Map<string, { vs: ConfigObject[]; hr: ConfigObject[] }>();
  const entry = (h: string) => {
    let e = hosts.get(h);
    if (!e) hosts.set(h, (e = { vs: [], hr: [] }));
    return e;
  };
  for (const vs of ofKind(s, 'VirtualService', ISTIO_NETWORKING)) {
    const spec = (vs.spec ?? {}) as { hosts?: string[]; gateways?: string[] };
    const mesh = !spec.gateways?.length || spec.gateways.includes('mesh');
    if (!mesh) continue;
    for (const h of new Set((spec.hosts ?? []).map((x) => fqdn(x, vs.metadata.namespace, s.domain)))) entry(h).vs.push(vs);
  }
  for (const kind of ['HTTPRoute', 'GRPCRoute']) {
    for (const r of ofKind(s, kind, GATEWAY_API)) {
      const spec = (r.spec ?? {}) as { parentRefs?: { kind?: string; group?: string; name: string; namespace?: string }[] };
      const targets = new Set((spec.parentRefs ?? []).filter((p) => p.kind === 'Service').map((p) => `${p.name}.${p.namespace ?? r.metadata.namespace}.svc.${s.domain}`));
      for (const h of targets) entry(h).hr.push(r);
    }
  }
  const created = (o: ConfigObject) => Date.parse(String(o.metadata.creationTimestamp ?? '')) || Number.MAX_SAFE_INTEGER;
  return [...hosts].sort(([a], [b]) => a.localeCompare(b)).map(([host, { vs, hr }]) => {
    const virtualServices = vs.map(refName).sort();
    const httpRoutes = hr.map(refName).sort();
    const governedBy = vs.length && hr.length ? 'both' : vs.length ? 'virtual-service' : 'http-route';
    const all = [...vs, ...hr];
    const oldest = [...all].sort((a, b) => created(a) - created(b))[0]!;
    const name = (o: ConfigObject) => `the ${o.kind} ${refName(o)}`;
    let summary: string;
    if (all.length === 1) {
      summary = `${name(all[0]!)[0]!.toUpperCase()}${name(all[0]!).slice(1)} routes traffic to ${host} inside the mesh.`;
    } else {
      summary = `${all.length} objects claim ${host} (${all.map(name).join(', ')}). Istio uses one of them: an HTTPRoute in the caller's own namespace first, otherwise the oldest, ${name(oldest)}; the others are ignored for this host. Keep one.`;
    }
    return { host, virtualServices, httpRoutes, governedBy, summary };
  });
}

export { groupOf };
