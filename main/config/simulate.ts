import { fqdn, hostMatches, lookup, registry } from './hosts.js';
import { GATEWAY_API, ISTIO_NETWORKING, ofKind, type ConfigObject, type Snapshot } from './objects.js';

/**
 * The route simulator: given a request (host, port, path, method, headers, where it comes from), which
 * routing object Istio uses for it, which rule matches and why the ones before did not, and where the
 * request goes (destinations with their effective weights, subsets and the pods' labels), with the
 * fault, timeout, retries, mirror, rewrite or redirect on the way. VirtualService and HTTPRoute alike.
 */

export interface SimRequest {
  host: string;
  port?: number;
  path: string;
  method: string;
  headers: Record<string, string>;
  /** The caller's namespace (short host names resolve in it; an HTTPRoute there overrides others). */
  sourceNamespace: string;
  /** "mesh" (a sidecar caller) or namespace/name of an Istio Gateway. */
  gateway: string;
}

export interface SimDestination {
  host: string;
  subset?: string;
  port?: number;
  /** Share of requests, percent. */
  percent: number;
  /** The subset's labels, when a DestinationRule defines them. */
  subsetLabels?: Record<string, string>;
  /** The destination resolves to no Service or ServiceEntry. */
  unknown: boolean;
}

export interface SimStep { rule: number; matched: boolean; reason: string }

export interface SimResult {
  host: string;
  /** The object whose rule decides, when one does. */
  via?: { kind: string; namespace: string; name: string; rule?: number; match?: number };
  /** Other objects that claim the host but are not used for this caller. */
  ignored: { kind: string; namespace: string; name: string }[];
  steps: SimStep[];
  destinations: SimDestination[];
  /** What else happens on the way, in words ("delay 5s for 10%", "timeout 2s", "mirror to x"). */
  effects: string[];
  /** One sentence: where the request goes and why. */
  summary: string;
}

type StringMatch = { exact?: string; prefix?: string; regex?: string };
interface HttpMatch { uri?: StringMatch; method?: StringMatch; headers?: Record<string, StringMatch>; withoutHeaders?: Record<string, StringMatch>; port?: number; sourceNamespace?: string; gateways?: string[]; ignoreUriCase?: boolean; authority?: StringMatch; name?: string }
interface Dest { host?: string; subset?: string; port?: { number?: number } }
interface HttpRoute {
  name?: string; match?: HttpMatch[]; route?: { destination?: Dest; weight?: number }[]; redirect?: Record<string, unknown>; directResponse?: { status?: number };
  rewrite?: { uri?: string; authority?: string }; timeout?: string; retries?: { attempts?: number; perTryTimeout?: string; retryOn?: string };
  fault?: { delay?: { fixedDelay?: string; percentage?: { value?: number } }; abort?: { httpStatus?: number; percentage?: { value?: number } } };
  mirror?: Dest; mirrorPercentage?: { value?: number };
}

function stringMatch(m: StringMatch, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (m.exact !== undefined) return v === (ignoreCase ? m.exact.toLowerCase() : m.exact);
  if (m.prefix !== undefined) return v.startsWith(ignoreCase ? m.prefix.toLowerCase() : m.prefix);
  if (m.regex !== undefined) {
    try { return new RegExp(`^(?:${m.regex})$`).test(value); } catch { return false; }
  }
  return true;
}
/** How a value fails a string match, as the rest of a sentence: "does not start with /api". */
const fails = (m: StringMatch) => (m.exact !== undefined ? `is not ${m.exact}` : m.prefix !== undefined ? `does not start with ${m.prefix}` : m.regex !== undefined ? `does not match /${m.regex}/` : 'does not match');
const holds = (m: StringMatch) => (m.exact !== undefined ? `is ${m.exact}` : m.prefix !== undefined ? `starts with ${m.prefix}` : m.regex !== undefined ? `matches /${m.regex}/` : 'is set');

/** Why one match block does not match the request (undefined: it matches). */
function mismatch(m: HttpMatch, r: SimRequest, vsNamespace: string): string | undefined {
  if (m.uri && !stringMatch(m.uri, r.path, m.ignoreUriCase)) return `path ${r.path} ${fails(m.uri)}`;
  if (m.method && !stringMatch(m.method, r.method.toUpperCase())) return `method ${r.method} ${fails(m.method)}`;
  if (m.port !== undefined && r.port !== undefined && m.port !== r.port) return `port ${r.port} is not ${m.port}`;
  if (m.sourceNamespace && m.sourceNamespace !== r.sourceNamespace) return `the caller is in ${r.sourceNamespace}, not ${m.sourceNamespace}`;
  if (m.gateways?.length && !m.gateways.some((g) => g === r.gateway || `${vsNamespace}/${g}` === r.gateway)) return `the request does not come through ${m.gateways.join(' or ')}`;
  if (m.authority && !stringMatch(m.authority, r.host)) return `host ${r.host} ${fails(m.authority)}`;
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, hm] of Object.entries(m.headers ?? {})) {
    if (!stringMatch(hm, headers[name.toLowerCase()])) return headers[name.toLowerCase()] === undefined ? `header ${name} is absent` : `header ${name} (${headers[name.toLowerCase()]}) ${fails(hm)}`;
  }
  for (const [name, hm] of Object.entries(m.withoutHeaders ?? {})) {
    if (stringMatch(hm, headers[name.toLowerCase()])) return `header ${name} ${holds(hm)}, which this rule excludes`;
  }
  return undefined;
}

const created = (o: ConfigObject) => Date.parse(String(o.metadata.creationTimestamp ?? '')) || Number.MAX_SAFE_INTEGER;
const ref = (o: ConfigObject) => ({ kind: o.kind, namespace: o.metadata.namespace ?? 'default', name: o.metadata.name });

export function simulate(s: Snapshot, r: SimRequest): SimResult {
  const host = fqdn(r.host, r.sourceNamespace, s.domain);
  const reg = registry(s);
  // Who claims the host for this caller: VirtualServices bound to its gateway, HTTPRoutes whose parent is the Service (mesh) or the Gateway.
  const vses = ofKind(s, 'VirtualService', ISTIO_NETWORKING).filter((vs) => {
    const spec = (vs.spec ?? {}) as { hosts?: string[]; gateways?: string[] };
    const gws = spec.gateways?.length ? spec.gateways.map((g) => (g === 'mesh' || g.includes('/') ? g : `${vs.metadata.namespace}/${g}`)) : ['mesh'];
    return gws.includes(r.gateway) && (spec.hosts ?? []).some((h) => hostMatches(fqdn(h, vs.metadata.namespace, s.domain), host));
  });
  const routes = r.gateway === 'mesh' ? [...ofKind(s, 'HTTPRoute', GATEWAY_API)].filter((hr) => {
    const spec = (hr.spec ?? {}) as { parentRefs?: { kind?: string; name: string; namespace?: string }[] };
    return (spec.parentRefs ?? []).some((p) => p.kind === 'Service' && `${p.name}.${p.namespace ?? hr.metadata.namespace}.svc.${s.domain}` === host);
  }) : [];
  const candidates = [...vses, ...routes].sort((a, b) => {
    // An HTTPRoute in the caller's own namespace overrides; then the oldest.
    const own = (o: ConfigObject) => (o.kind === 'HTTPRoute' && o.metadata.namespace === r.sourceNamespace ? 0 : 1);
    return own(a) - own(b) || created(a) - created(b);
  });
  const chosen = candidates[0];
  const ignored = candidates.slice(1).map(ref);
  if (!chosen) {
    const known = lookup(reg, host);
    return {
      host, ignored, steps: [], effects: [],
      destinations: [{ host, port: r.port, percent: 100, unknown: !known.length }],
      summary: known.length ? `No VirtualService or HTTPRoute routes ${host}: requests go to its endpoints as Kubernetes balances them.` : `${host} is not a Service or ServiceEntry of the mesh: the request leaves through the passthrough cluster, or fails.`,
    };
  }
  return chosen.kind === 'VirtualService' ? simulateVirtualService(s, r, host, chosen, ignored, reg) : simulateHttpRoute(s, r, host, chosen, ignored);
}

function subsetLabels(s: Snapshot, destHost: string, subset: string | undefined): Record<string, string> | undefined {
  if (!subset) return undefined;
  for (const dr of ofKind(s, 'DestinationRule', ISTIO_NETWORKING)) {
    const spec = (dr.spec ?? {}) as { host?: string; subsets?: { name: string; labels?: Record<string, string> }[] };
    if (!spec.host || !hostMatches(fqdn(spec.host, dr.metadata.namespace, s.domain), destHost)) continue;
    const found = spec.subsets?.find((x) => x.name === subset);
    if (found) return found.labels ?? {};
  }
  return undefined;
}

function simulateVirtualService(s: Snapshot, r: SimRequest, host: string, vs: ConfigObject, ignored: SimResult['ignored'], reg: ReturnType<typeof registry>): SimResult {
  const ns = vs.metadata.namespace ?? 'default';
  const http = ((vs.spec ?? {}) as { http?: HttpRoute[] }).http ?? [];
  const steps: SimStep[] = [];
  for (const [i, route] of http.entries()) {
    let matchIndex: number | undefined;
    let why = '';
    if (!route.match?.length) matchIndex = -1;
    else {
      const reasons = route.match.map((m) => mismatch(m, r, ns));
      matchIndex = reasons.findIndex((x) => x === undefined);
      if (matchIndex < 0) { matchIndex = undefined; why = reasons.join('; or '); }
    }
    if (matchIndex === undefined) {
      steps.push({ rule: i, matched: false, reason: why });
      continue;
    }
    steps.push({ rule: i, matched: true, reason: matchIndex < 0 ? 'no match conditions: it takes everything that reaches it' : `match ${matchIndex} holds` });
    const effects: string[] = [];
    const pct = (p?: { value?: number }) => (p?.value !== undefined ? `${p.value}% of requests` : 'every request');
    if (route.fault?.delay) effects.push(`delay ${route.fault.delay.fixedDelay ?? '?'} for ${pct(route.fault.delay.percentage)}`);
    if (route.fault?.abort) effects.push(`abort with HTTP ${route.fault.abort.httpStatus ?? '?'} for ${pct(route.fault.abort.percentage)}`);
    if (route.timeout) effects.push(`timeout ${route.timeout}`);
    if (route.retries) effects.push(`retries: ${route.retries.attempts ?? 0} attempt(s)${route.retries.perTryTimeout ? `, ${route.retries.perTryTimeout} each` : ''}${route.retries.retryOn ? ` on ${route.retries.retryOn}` : ''}`);
    if (route.rewrite) effects.push(`rewrite${route.rewrite.uri ? ` path to ${route.rewrite.uri}` : ''}${route.rewrite.authority ? ` host to ${route.rewrite.authority}` : ''}`);
    if (route.mirror) effects.push(`mirror ${pct(route.mirrorPercentage)} to ${fqdn(route.mirror.host ?? '', ns, s.domain)}${route.mirror.subset ? ` (${route.mirror.subset})` : ''}`);
    const via = { ...ref(vs), rule: i, ...(matchIndex >= 0 ? { match: matchIndex } : {}) };
    if (route.redirect) return { host, via, ignored, steps, effects, destinations: [], summary: `Rule ${i} of VirtualService ${ns}/${vs.metadata.name} redirects the request (${JSON.stringify(route.redirect)}).` };
    if (route.directResponse) return { host, via, ignored, steps, effects, destinations: [], summary: `Rule ${i} of VirtualService ${ns}/${vs.metadata.name} answers directly with HTTP ${route.directResponse.status ?? '?'}.` };
    const dests = route.route ?? [];
    const weights = dests.map((d) => (dests.length === 1 ? d.weight ?? 100 : d.weight ?? 0));
    const total = weights.reduce((a, b) => a + b, 0);
    const destinations = dests.map((d, j): SimDestination => {
      const h = fqdn(d.destination?.host ?? '', ns, s.domain);
      return { host: h, subset: d.destination?.subset, port: d.destination?.port?.number, percent: total ? Math.round((1000 * weights[j]!) / total) / 10 : Math.round(1000 / dests.length) / 10,
        subsetLabels: subsetLabels(s, h, d.destination?.subset), unknown: !lookup(reg, h).length };
    });
    const where = destinations.map((d) => `${d.host}${d.subset ? ` (${d.subset})` : ''} ${d.percent}%`).join(', ');
    return { host, via, ignored, steps, effects, destinations,
      summary: `Rule ${i}${route.name ? ` “${route.name}”` : ''} of VirtualService ${ns}/${vs.metadata.name} takes the request: ${where}${effects.length ? `; ${effects.join('; ')}` : ''}.` };
  }
  return { host, via: ref(vs), ignored, steps, effects: [], destinations: [],
    summary: `No rule of VirtualService ${ns}/${vs.metadata.name} matches: the sidecar answers 404 (route not found).` };
}

interface GwPathMatch { type?: string; value?: string }
interface GwMatch { path?: GwPathMatch; method?: string; headers?: { type?: string; name: string; value: string }[]; queryParams?: { name: string; value: string }[] }
interface GwRule { matches?: GwMatch[]; backendRefs?: { name: string; namespace?: string; port?: number; weight?: number }[]; filters?: { type: string; requestMirror?: { backendRef?: { name: string } }; requestRedirect?: unknown; urlRewrite?: unknown }[]; timeouts?: { request?: string } }

/** Gateway API precedence: exact path, then the longest prefix, then method, then more headers, then more query parameters. */
function precedence(m: GwMatch): number[] {
  const p = m.path ?? { type: 'PathPrefix', value: '/' };
  return [p.type === 'Exact' ? 2 : p.type === 'PathPrefix' ? 1 : 0, p.type === 'PathPrefix' ? (p.value ?? '/').length : 0, m.method ? 1 : 0, m.headers?.length ?? 0, m.queryParams?.length ?? 0];
}

function gwMismatch(m: GwMatch, r: SimRequest): string | undefined {
  const p = m.path ?? { type: 'PathPrefix', value: '/' };
  const value = p.value ?? '/';
  if (p.type === 'Exact' && r.path !== value) return `path ${r.path} is not ${value}`;
  if ((p.type ?? 'PathPrefix') === 'PathPrefix') {
    const prefix = value.replace(/\/+$/, '');
    if (!(prefix === '' || r.path === prefix || r.path.startsWith(`${prefix}/`))) return `path ${r.path} is not under ${value}`;
  }
  if (p.type === 'RegularExpression') {
    try { if (!new RegExp(`^(?:${value})$`).test(r.path)) return `path ${r.path} does not match /${value}/`; } catch { return `path regex ${value} is invalid`; }
  }
  if (m.method && m.method !== r.method.toUpperCase()) return `method ${r.method} is not ${m.method}`;
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
  for (const h of m.headers ?? []) {
    const v = headers[h.name.toLowerCase()];
    const ok = h.type === 'RegularExpression' ? v !== undefined && new RegExp(`^(?:${h.value})$`).test(v) : v === h.value;
    if (!ok) return v === undefined ? `header ${h.name} is absent` : `header ${h.name} (${v}) is not ${h.value}`;
  }
  return undefined;
}

function simulateHttpRoute(s: Snapshot, r: SimRequest, host: string, route: ConfigObject, ignored: SimResult['ignored']): SimResult {
  const ns = route.metadata.namespace ?? 'default';
  const rules = ((route.spec ?? {}) as { rules?: GwRule[] }).rules ?? [];
  const pairs = rules.flatMap((rule, i) => (rule.matches?.length ? rule.matches : [{}]).map((m, j) => ({ rule, i, m, j })));
  pairs.sort((a, b) => {
    const pa = precedence(a.m);
    const pb = precedence(b.m);
    for (let k = 0; k < pa.length; k++) if (pa[k] !== pb[k]) return pb[k]! - pa[k]!;
    return a.i - b.i || a.j - b.j;
  });
  const steps: SimStep[] = [];
  for (const { rule, i, m, j } of pairs) {
    const why = gwMismatch(m, r);
    if (why) { steps.push({ rule: i, matched: false, reason: `match ${j}: ${why}` }); continue; }
    steps.push({ rule: i, matched: true, reason: `match ${j} holds (the most specific match wins in the Gateway API)` });
    const backends = rule.backendRefs ?? [];
    const weights = backends.map((b) => b.weight ?? 1);
    const total = weights.reduce((a, b) => a + b, 0);
    const effects: string[] = [];
    for (const f of rule.filters ?? []) {
      if (f.type === 'RequestMirror') effects.push(`mirror to ${f.requestMirror?.backendRef?.name ?? '?'}`);
      else if (f.type === 'URLRewrite') effects.push(`rewrite ${JSON.stringify(f.urlRewrite)}`);
      else if (f.type === 'RequestRedirect') effects.push(`redirect ${JSON.stringify(f.requestRedirect)}`);
      else effects.push(f.type);
    }
    if (rule.timeouts?.request) effects.push(`timeout ${rule.timeouts.request}`);
    const destinations = backends.map((b, k): SimDestination => {
      const h = `${b.name}.${b.namespace ?? ns}.svc.${s.domain}`;
      return { host: h, port: b.port, percent: total ? Math.round((1000 * weights[k]!) / total) / 10 : 0, unknown: !s.services.some((x) => x.name === b.name && x.namespace === (b.namespace ?? ns)) };
    });
    return { host, via: { ...ref(route), rule: i, match: j }, ignored, steps, effects, destinations,
      summary: `Rule ${i} of HTTPRoute ${ns}/${route.metadata.name} takes the request: ${destinations.map((d) => `${d.host} ${d.percent}%`).join(', ') || 'no backend (HTTP 500)'}${effects.length ? `; ${effects.join('; ')}` : ''}.` };
  }
  return { host, via: ref(route), ignored, steps, effects: [], destinations: [], summary: `No rule of HTTPRoute ${ns}/${route.metadata.name} matches: the request gets HTTP 404.` };
}
