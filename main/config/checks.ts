import type { Finding, Severity } from '../contract/config.js';
import { portProtocol } from '../mesh/mesh-state.js';
import { fqdn, hostMatches, hostsOverlap, lookup, registry, type RegistryEntry } from './hosts.js';
import { GATEWAY_API, groupOf, ISTIO_NETWORKING, ISTIO_SECURITY, ofKind, type ConfigObject, type Snapshot } from './objects.js';

/**
 * Semantic checks of routing config: pure functions over a snapshot (the documents being edited laid
 * over the live objects, or files alone). Each finding has a stable code (istioctl analyze's beside it
 * where it reports the same thing), a message that says how to fix it, and a path into the object.
 */

type Path = (string | number)[];
type Check = (s: Snapshot, ctx: CheckContext) => Finding[];

interface CheckContext {
  reg: Map<string, RegistryEntry[]>;
  /** DestinationRules by the host they resolve to; those for wildcard hosts apart. */
  rulesByHost: Map<string, ConfigObject[]>;
  wildRules: [string, ConfigObject[]][];
}

const refOf = (o: ConfigObject) => ({ group: groupOf(o.apiVersion), kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });
const finding = (o: ConfigObject, code: string, severity: Severity, message: string, path: Path, fix?: string, istioCode?: string): Finding =>
  ({ code, ...(istioCode ? { istioCode } : {}), severity, message, ...(fix ? { fix } : {}), source: 'meshdeck', ref: refOf(o), path });

interface Destination { host?: string; subset?: string; port?: { number?: number } }
interface RouteDestination { destination?: Destination; weight?: number }
interface HttpRoute { route?: RouteDestination[]; mirror?: Destination; match?: unknown[] }
interface VirtualServiceSpec { hosts?: string[]; gateways?: string[]; http?: HttpRoute[]; tcp?: { route?: RouteDestination[] }[]; tls?: { route?: RouteDestination[] }[] }
interface Subset { name?: string; labels?: Record<string, string>; trafficPolicy?: TrafficPolicy }
interface TrafficPolicy { tls?: { mode?: string } }
interface DestinationRuleSpec { host?: string; subsets?: Subset[]; trafficPolicy?: TrafficPolicy }

const vsSpec = (o: ConfigObject) => (o.spec ?? {}) as VirtualServiceSpec;
const drSpec = (o: ConfigObject) => (o.spec ?? {}) as DestinationRuleSpec;

/** Every destination of a VirtualService, with its path. */
function destinations(vs: ConfigObject): { d: Destination; path: Path; mirror: boolean }[] {
  const spec = vsSpec(vs);
  const out: { d: Destination; path: Path; mirror: boolean }[] = [];
  (spec.http ?? []).forEach((r, i) => {
    (r.route ?? []).forEach((rd, j) => { if (rd.destination) out.push({ d: rd.destination, path: ['spec', 'http', i, 'route', j, 'destination'], mirror: false }); });
    if (r.mirror) out.push({ d: r.mirror, path: ['spec', 'http', i, 'mirror'], mirror: true });
  });
  for (const proto of ['tcp', 'tls'] as const) {
    (spec[proto] ?? []).forEach((r, i) => (r.route ?? []).forEach((rd, j) => { if (rd.destination) out.push({ d: rd.destination, path: ['spec', proto, i, 'route', j, 'destination'], mirror: false }); }));
  }
  return out;
}

/** MD101 (IST0101): a destination host that matches no Service or ServiceEntry. */
const unknownDestinationHost: Check = (s, { reg }) => ofKind(s, 'VirtualService', ISTIO_NETWORKING).flatMap((vs) =>
  destinations(vs).flatMap(({ d, path, mirror }) => {
    if (!d.host) return [];
    const host = fqdn(d.host, vs.metadata.namespace, s.domain);
    if (lookup(reg, host).length) return [];
    return [finding(vs, 'MD101', 'error', `No Service or ServiceEntry is named ${host}${host !== d.host ? ` (${d.host} in namespace ${vs.metadata.namespace})` : ''}: ${mirror ? 'mirrored' : ''}${mirror ? ' ' : ''}requests routed there fail.`,
      [...path, 'host'], `Use the name of an existing Service (name.namespace.svc.${s.domain}), or declare the host with a ServiceEntry.`, 'IST0101')];
  }));

/** MD102 (IST0101): a subset used by a route but defined in no DestinationRule for that host. */
const undefinedSubset: Check = (s, ctx) => ofKind(s, 'VirtualService', ISTIO_NETWORKING).flatMap((vs) =>
  destinations(vs).flatMap(({ d, path }) => {
    if (!d.host || !d.subset) return [];
    const host = fqdn(d.host, vs.metadata.namespace, s.domain);
    const rules = rulesFor(ctx, host);
    if (rules.some((dr) => (drSpec(dr).subsets ?? []).some((x) => x.name === d.subset))) return [];
    const defined = [...new Set(rules.flatMap((dr) => (drSpec(dr).subsets ?? []).map((x) => x.name).filter(Boolean)))];
    return [finding(vs, 'MD102', 'error',
      `Subset ${d.subset} of ${host} is defined in no DestinationRule${defined.length ? ` (defined: ${defined.join(', ')})` : rules.length ? '' : ' (no DestinationRule for this host)'}: Envoy answers 503 NR for these requests.`,
      [...path, 'subset'], rules.length ? `Use one of the defined subsets, or add ${d.subset} to ${rules[0]!.metadata.namespace}/${rules[0]!.metadata.name}.` : `Create a DestinationRule for ${host} that defines subset ${d.subset}.`, 'IST0101')];
  }));

function rulesFor(ctx: CheckContext, host: string): ConfigObject[] {
  const exact = ctx.rulesByHost.get(host) ?? [];
  if (!ctx.wildRules.length) return exact;
  return [...exact, ...ctx.wildRules.filter(([h]) => hostMatches(h, host)).flatMap(([, r]) => r)];
}

const selects = (selector: Record<string, string>, labels: Record<string, string>) => {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
};

/** MD103 (IST0173): a DestinationRule subset whose labels (with the Service's selector) match no pod. Needs the live cluster. */
const subsetWithoutPods: Check = (s, { reg }) => {
  if (s.offline) return [];
  const podsByNamespace = new Map<string, Record<string, string>[]>();
  for (const p of s.pods) {
    const list = podsByNamespace.get(p.namespace);
    if (list) list.push(p.labels);
    else podsByNamespace.set(p.namespace, [p.labels]);
  }
  return ofKind(s, 'DestinationRule', ISTIO_NETWORKING).flatMap((dr) => {
    const spec = drSpec(dr);
    if (!spec.host) return [];
    const services = lookup(reg, fqdn(spec.host, dr.metadata.namespace, s.domain)).map((e) => e.service).filter((x) => !!x && !!x.selector && Object.keys(x.selector).length > 0);
    if (!services.length) return [];
    return (spec.subsets ?? []).flatMap((subset, i) => {
      if (!subset.labels || !Object.keys(subset.labels).length) return [];
      // The selector is merged once per service, not once per pod: 3,000 subsets over 10,000 pods took a second.
      const found = services.some((svc) => {
        const wanted = { ...svc!.selector, ...subset.labels };
        return (podsByNamespace.get(svc!.namespace) ?? []).some((l) => selects(wanted, l));
      });
      if (found) return [];
      return [finding(dr, 'MD103', 'error', `Subset ${subset.name} (${Object.entries(subset.labels).map(([k, v]) => `${k}=${v}`).join(', ')}) selects no pod of ${spec.host}: requests to it fail with 503 UH (no healthy upstream).`,
        ['spec', 'subsets', i, 'labels'], 'Check the labels against the pods\' labels (the version label of the Deployment\'s pod template), or deploy the version first.', 'IST0173')];
    });
  });
};

/** MD104 (IST0109): two VirtualServices for the same host and gateway (the mesh included); one is ignored. */
const conflictingVirtualServices: Check = (s) => {
  const claims = new Map<string, { vs: ConfigObject; hostIndex: number }[]>();
  for (const vs of ofKind(s, 'VirtualService', ISTIO_NETWORKING)) {
    const spec = vsSpec(vs);
    const gateways = spec.gateways?.length ? spec.gateways.map((g) => (g === 'mesh' || g.includes('/') ? g : `${vs.metadata.namespace}/${g}`)) : ['mesh'];
    (spec.hosts ?? []).forEach((h, hostIndex) => {
      if (h.startsWith('*')) return; // wildcard hosts merge by design
      for (const g of gateways) {
        const key = `${g} ${fqdn(h, vs.metadata.namespace, s.domain)}`;
        const list = claims.get(key);
        if (list) list.push({ vs, hostIndex });
        else claims.set(key, [{ vs, hostIndex }]);
      }
    });
  }
  const out: Finding[] = [];
  for (const [key, list] of claims) {
    if (list.length < 2) continue;
    const [gateway, host] = key.split(' ');
    // Istio merges the VirtualServices of a gateway (other than the mesh) with a warning; for the mesh one is dropped.
    if (gateway !== 'mesh') continue;
    for (const { vs, hostIndex } of list) {
      const others = list.filter((x) => x.vs !== vs).map((x) => `${x.vs.metadata.namespace}/${x.vs.metadata.name}`);
      out.push(finding(vs, 'MD104', 'error', `${others.join(', ')} also route${others.length > 1 ? '' : 's'} ${host} inside the mesh: Istio uses only one of them (the oldest), the other is ignored.`,
        ['spec', 'hosts', hostIndex], 'Merge the rules into one VirtualService per host.', 'IST0109'));
    }
  }
  return out;
};

/** MD105 (IST0101): a Gateway named by a VirtualService does not exist. */
const missingGateway: Check = (s) => {
  const gateways = new Set(ofKind(s, 'Gateway', ISTIO_NETWORKING).map((g) => `${g.metadata.namespace}/${g.metadata.name}`));
  return ofKind(s, 'VirtualService', ISTIO_NETWORKING).flatMap((vs) => (vsSpec(vs).gateways ?? []).flatMap((g, i) => {
    if (g === 'mesh') return [];
    const full = g.includes('/') ? g : `${vs.metadata.namespace}/${g}`;
    if (gateways.has(full)) return [];
    return [finding(vs, 'MD105', 'error', `Gateway ${full} does not exist: the routes for it are never used.`, ['spec', 'gateways', i],
      `Name an existing Gateway (namespace/name; a bare name is in namespace ${vs.metadata.namespace}), or create it.`, 'IST0101')];
  }));
};

/** MD106 (IST0118): a destination's Service has a port Istio cannot classify (no protocol name prefix, no appProtocol). */
const unclassifiedPort: Check = (s, { reg }) => ofKind(s, 'VirtualService', ISTIO_NETWORKING).flatMap((vs) => {
  const seen = new Set<string>();
  return destinations(vs).flatMap(({ d, path }) => {
    if (!d.host) return [];
    const host = fqdn(d.host, vs.metadata.namespace, s.domain);
    const out: Finding[] = [];
    for (const e of lookup(reg, host)) {
      for (const p of e.service?.ports ?? []) {
        if (d.port?.number && p.port !== d.port.number) continue;
        const key = `${host}:${p.port}`;
        if (seen.has(key) || portProtocol(p).classified) continue;
        seen.add(key);
        out.push(finding(vs, 'MD106', 'warning', `Port ${p.port}${p.name ? ` (${p.name})` : ''} of Service ${e.service!.namespace}/${e.service!.name} does not say its protocol: Istio sniffs it, and HTTP routing rules may not apply.`,
          [...path, 'host'], 'Name the port http-…, grpc-…, tcp-… (or set appProtocol) on the Service.', 'IST0118'));
      }
    }
    return out;
  });
});

/** MD107: the same subset name twice (in one DestinationRule, or in two for the same host). */
const duplicateSubsets: Check = (s, { rulesByHost }) => {
  const out: Finding[] = [];
  for (const [host, rules] of rulesByHost) {
    const seen = new Map<string, ConfigObject>();
    for (const dr of rules) {
      (drSpec(dr).subsets ?? []).forEach((subset, i) => {
        if (!subset.name) return;
        const first = seen.get(subset.name);
        if (first) {
          out.push(finding(dr, 'MD107', 'error', `Subset ${subset.name} of ${host} is defined twice${first === dr ? ' in this DestinationRule' : ` (also in ${first.metadata.namespace}/${first.metadata.name})`}: which labels apply is undefined.`,
            ['spec', 'subsets', i, 'name'], 'Give each subset a name of its own, or keep one DestinationRule per host.'));
        } else seen.set(subset.name, dr);
      });
    }
  }
  return out;
};

/** The mTLS mode of PeerAuthentication that applies to a namespace's workloads (namespace beats mesh-wide). */
function peerAuthMode(s: Snapshot, namespace: string, rootNamespace = 'istio-system'): { mode?: string; from?: ConfigObject } {
  const pas = ofKind(s, 'PeerAuthentication', ISTIO_SECURITY).filter((p) => !(p.spec as { selector?: unknown } | undefined)?.selector);
  const mode = (p: ConfigObject) => ((p.spec ?? {}) as { mtls?: { mode?: string } }).mtls?.mode;
  const ns = pas.find((p) => p.metadata.namespace === namespace && mode(p));
  if (ns) return { mode: mode(ns), from: ns };
  const root = pas.find((p) => p.metadata.namespace === rootNamespace && mode(p));
  return root ? { mode: mode(root), from: root } : {};
}

/** MD108: a DestinationRule turns TLS off for workloads that accept only mTLS (STRICT PeerAuthentication). */
const mtlsConflict: Check = (s, { reg }) => ofKind(s, 'DestinationRule', ISTIO_NETWORKING).flatMap((dr) => {
  const spec = drSpec(dr);
  if (!spec.host) return [];
  const namespaces = new Set(lookup(reg, fqdn(spec.host, dr.metadata.namespace, s.domain)).map((e) => e.service?.namespace).filter((x): x is string => !!x));
  const policies: { mode?: string; path: Path }[] = [{ mode: spec.trafficPolicy?.tls?.mode, path: ['spec', 'trafficPolicy', 'tls', 'mode'] },
    ...(spec.subsets ?? []).map((x, i) => ({ mode: x.trafficPolicy?.tls?.mode, path: ['spec', 'subsets', i, 'trafficPolicy', 'tls', 'mode'] as Path }))];
  return policies.flatMap(({ mode, path }) => {
    if (mode !== 'DISABLE') return [];
    return [...namespaces].flatMap((ns) => {
      const pa = peerAuthMode(s, ns);
      if (pa.mode !== 'STRICT') return [];
      return [finding(dr, 'MD108', 'error', `TLS is turned off for ${spec.host}, but PeerAuthentication ${pa.from!.metadata.namespace}/${pa.from!.metadata.name} makes its workloads in ${ns} accept only mutual TLS: every request is refused.`,
        path, 'Use tls.mode ISTIO_MUTUAL (or remove it: Istio sends mTLS by itself), or relax the PeerAuthentication to PERMISSIVE.')];
    });
  });
});

interface RouteRef { group?: string; kind?: string; name: string; namespace?: string; port?: number }

/** MD109 / MD110 / MD111: an HTTPRoute or GRPCRoute parentRef or backendRef that resolves to nothing, or crosses namespaces without a ReferenceGrant. */
const unresolvedRouteRefs: Check = (s) => {
  const gateways = new Set(ofKind(s, 'Gateway', GATEWAY_API).map((g) => `${g.metadata.namespace}/${g.metadata.name}`));
  const services = new Set(s.services.map((x) => `${x.namespace}/${x.name}`));
  const serviceEntries = new Set(ofKind(s, 'ServiceEntry', ISTIO_NETWORKING).map((x) => `${x.metadata.namespace}/${x.metadata.name}`));
  const grants = ofKind(s, 'ReferenceGrant', GATEWAY_API);
  const granted = (fromNs: string, fromKind: string, toNs: string, toKind: string, toName: string) => grants.some((g) => {
    if (g.metadata.namespace !== toNs) return false;
    const spec = (g.spec ?? {}) as { from?: { kind?: string; namespace?: string }[]; to?: { kind?: string; name?: string }[] };
    return (spec.from ?? []).some((f) => f.kind === fromKind && f.namespace === fromNs) && (spec.to ?? []).some((t) => t.kind === toKind && (!t.name || t.name === toName));
  });
  const out: Finding[] = [];
  for (const kind of ['HTTPRoute', 'GRPCRoute']) {
    for (const r of ofKind(s, kind, GATEWAY_API)) {
      const ns = r.metadata.namespace ?? 'default';
      const spec = (r.spec ?? {}) as { parentRefs?: RouteRef[]; rules?: { backendRefs?: RouteRef[] }[] };
      (spec.parentRefs ?? []).forEach((p, i) => {
        const pk = p.kind ?? 'Gateway';
        const target = `${p.namespace ?? ns}/${p.name}`;
        const exists = pk === 'Gateway' ? gateways.has(target) : pk === 'Service' ? services.has(target) || s.offline && !services.size : true;
        if (!exists) {
          out.push(finding(r, 'MD109', 'error', `Parent ${pk} ${target} does not exist: this ${kind} is attached to nothing and routes no traffic.`,
            ['spec', 'parentRefs', i, 'name'], pk === 'Gateway' ? 'Name an existing Gateway (gateway.networking.k8s.io), or create it.' : 'Name an existing Service: in the mesh a route\'s parent is the Service it routes for.'));
        }
      });
      (spec.rules ?? []).forEach((rule, i) => (rule.backendRefs ?? []).forEach((b, j) => {
        const bk = b.kind ?? 'Service';
        const bns = b.namespace ?? ns;
        const target = `${bns}/${b.name}`;
        const exists = bk === 'Service' ? services.has(target) : bk === 'ServiceEntry' || b.group === 'networking.istio.io' ? serviceEntries.has(target) : true;
        const path: Path = ['spec', 'rules', i, 'backendRefs', j];
        if (!exists) out.push(finding(r, 'MD110', 'error', `Backend ${bk} ${target} does not exist: requests routed to it fail with 500.`, [...path, 'name'], 'Name an existing Service in the route\'s namespace (or give its namespace).'));
        else if (bns !== ns && !granted(ns, kind, bns, bk, b.name)) {
          out.push(finding(r, 'MD111', 'error', `Backend ${target} is in another namespace and no ReferenceGrant there allows ${kind}s from ${ns}: the reference is refused.`, [...path, 'namespace'],
            `Create a ReferenceGrant in ${bns} from ${kind} in ${ns} to ${bk}.`));
        }
      }));
    }
  }
  return out;
};

/**
 * MD120 (info): the split a route's weights make. Istio takes weights as relative (they need not add up
 * to 100): show the effective shares rather than calling it invalid.
 */
const effectiveSplit: Check = (s) => ofKind(s, 'VirtualService', ISTIO_NETWORKING).flatMap((vs) => (vsSpec(vs).http ?? []).flatMap((r, i) => {
  const route = r.route ?? [];
  if (route.length < 2) return [];
  const weights = route.map((d) => d.weight ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  const share = (w: number) => (total === 0 ? 100 / route.length : (100 * w) / total);
  const parts = route.map((d, j) => `${d.destination?.subset ?? d.destination?.host ?? '?'} ${Math.round(share(weights[j]!) * 10) / 10}%`);
  const note = total === 100 ? '' : total === 0 ? ' (no weights: an even split)' : ` (weights add up to ${total}; Istio takes them as relative)`;
  return [finding(vs, 'MD120', 'info', `Effective split: ${parts.join(', ')}${note}.`, ['spec', 'http', i, 'route'])];
}));

export const CHECKS: { code: string; title: string; run: Check }[] = [
  { code: 'MD101', title: 'destination host exists', run: unknownDestinationHost },
  { code: 'MD102', title: 'subset is defined', run: undefinedSubset },
  { code: 'MD103', title: 'subset selects pods', run: subsetWithoutPods },
  { code: 'MD104', title: 'one VirtualService per host in the mesh', run: conflictingVirtualServices },
  { code: 'MD105', title: 'gateway exists', run: missingGateway },
  { code: 'MD106', title: 'service ports say their protocol', run: unclassifiedPort },
  { code: 'MD107', title: 'subsets are unique', run: duplicateSubsets },
  { code: 'MD108', title: 'mTLS settings agree', run: mtlsConflict },
  { code: 'MD109', title: 'route parents resolve (MD109), backends resolve and are granted (MD110, MD111)', run: unresolvedRouteRefs },
  { code: 'MD120', title: 'effective traffic split', run: effectiveSplit },
];

/** Every finding in the snapshot. Indexes are built once, so a check costs about one pass over its objects. */
export function runChecks(s: Snapshot): Finding[] {
  const rulesByHost = new Map<string, ConfigObject[]>();
  for (const dr of ofKind(s, 'DestinationRule', ISTIO_NETWORKING)) {
    const host = drSpec(dr).host;
    if (!host) continue;
    const h = fqdn(host, dr.metadata.namespace, s.domain);
    const list = rulesByHost.get(h);
    if (list) list.push(dr);
    else rulesByHost.set(h, [dr]);
  }
  const ctx: CheckContext = { reg: registry(s), rulesByHost, wildRules: [...rulesByHost].filter(([h]) => h.startsWith('*')) };
  return CHECKS.flatMap((c) => c.run(s, ctx));
}

export { hostsOverlap };
