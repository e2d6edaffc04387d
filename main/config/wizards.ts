import { isDeepStrictEqual } from 'node:util';
import type { CircuitBreakerState, FaultState, MirrorState, RequestRoutingState, TimeoutsState, TrafficShiftState, WizardName, WizardState } from '../contract/config.js';
import { refusal } from '../contract/errors.js';
import type { ConfigObject } from './objects.js';

/**
 * The wizards' readers and builders, both ways and pure: `readWizard` turns an existing object (one
 * Meshdeck did not make, too) into the wizard's state; `writeWizard` puts a state back into a copy of
 * the object, touching only the fields the wizard owns. An untouched state writes the object back as
 * it was, so opening and saving changes nothing.
 */

type Json = Record<string, unknown>;
interface Dest { host?: string; subset?: string; port?: { number?: number } }
interface RouteDest { destination?: Dest; weight?: number; [k: string]: unknown }
type StringMatch = { exact?: string; prefix?: string; regex?: string };
interface HttpRule {
  match?: { uri?: StringMatch; method?: StringMatch; headers?: Record<string, StringMatch>; [k: string]: unknown }[];
  route?: RouteDest[]; name?: string; timeout?: string; retries?: { attempts?: number; perTryTimeout?: string; retryOn?: string };
  fault?: { delay?: { fixedDelay?: string; percentage?: { value?: number } }; abort?: { httpStatus?: number; percentage?: { value?: number } } };
  mirror?: Dest; mirrorPercentage?: { value?: number }; [k: string]: unknown;
}

const clone = <T>(o: T): T => structuredClone(o);
const httpOf = (o: ConfigObject): HttpRule[] => (((o.spec ?? {}) as { http?: HttpRule[] }).http ?? []);
const specOf = (o: ConfigObject): Json => (o.spec ??= {});

/** Sets `value` at `path` (creating maps on the way); undefined deletes it and prunes maps it leaves empty. */
function setPath(root: Json, path: string[], value: unknown): void {
  const parents: Json[] = [root];
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) {
      if (value === undefined) return;
      node[key] = {};
    }
    node = node[key] as Json;
    parents.push(node);
  }
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  if (value !== undefined) return;
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]!).length) break;
    delete parents[i - 1]![path[i - 1]!];
  }
}

const catchAll = (http: HttpRule[]) => http.findIndex((r) => !r.match?.length);
const defaultHost = (o: ConfigObject) => httpOf(o).flatMap((r) => r.route ?? []).find((d) => d.destination?.host)?.destination?.host ?? ((o.spec as { hosts?: string[] } | undefined)?.hosts?.[0] ?? '');

function readTrafficShift(o: ConfigObject): TrafficShiftState {
  const http = httpOf(o);
  const rule = catchAll(http);
  const route = rule >= 0 ? http[rule]!.route ?? [] : [];
  const host = defaultHost(o);
  return {
    ...(rule >= 0 ? { rule } : {}),
    splits: route.length
      ? route.map((d) => ({ subset: d.destination?.subset ?? '', weight: d.weight ?? (route.length === 1 ? 100 : 0), ...(d.destination?.host && d.destination.host !== host ? { host: d.destination.host } : {}) }))
      : [{ subset: '', weight: 100 }],
  };
}

function writeTrafficShift(o: ConfigObject, s: TrafficShiftState): void {
  const spec = specOf(o) as { http?: HttpRule[] };
  const http = (spec.http ??= []);
  let index = s.rule ?? catchAll(http);
  if (index < 0 || index >= http.length) {
    http.push({});
    index = http.length - 1;
  }
  const host = defaultHost(o);
  const old = http[index]!.route ?? [];
  http[index]!.route = s.splits.map((split) => {
    const keep = old.find((d) => (d.destination?.subset ?? '') === split.subset && (d.destination?.host ?? host) === (split.host ?? host));
    const next: RouteDest = keep ? clone(keep) : { destination: { host: split.host ?? host, ...(split.subset ? { subset: split.subset } : {}) } };
    // A lone destination takes everything without a weight; keep it that way if it had none.
    if (s.splits.length === 1 && split.weight === 100 && keep && keep.weight === undefined) delete next.weight;
    else next.weight = split.weight;
    return next;
  });
}

const matchOf = (m: StringMatch | undefined) => (m?.exact !== undefined ? { kind: 'exact' as const, value: m.exact } : m?.prefix !== undefined ? { kind: 'prefix' as const, value: m.prefix } : m?.regex !== undefined ? { kind: 'regex' as const, value: m.regex } : undefined);
const toMatch = (m: { kind: 'exact' | 'prefix' | 'regex'; value: string }): StringMatch => ({ [m.kind]: m.value });

/** A matched rule the routing wizard can show whole: one match block of uri/method/headers, one destination. */
const representable = (r: HttpRule) => r.match?.length === 1 && Object.keys(r.match[0]!).every((k) => ['uri', 'method', 'headers'].includes(k))
  && (r.route?.length ?? 0) === 1 && Object.keys(r).every((k) => ['match', 'route', 'name'].includes(k));

function readRequestRouting(o: ConfigObject): RequestRoutingState {
  const host = defaultHost(o);
  return {
    rules: httpOf(o).filter(representable).map((r) => {
      const m = r.match![0]!;
      const d = r.route![0]!.destination ?? {};
      return {
        ...(r.name ? { name: r.name } : {}),
        ...(matchOf(m.uri) ? { uri: matchOf(m.uri)! } : {}),
        ...(m.method?.exact ? { method: m.method.exact } : {}),
        headers: Object.entries(m.headers ?? {}).flatMap(([name, hm]) => (matchOf(hm) ? [{ name, match: matchOf(hm)! }] : [])),
        ...(d.subset ? { subset: d.subset } : {}),
        ...(d.host && d.host !== host ? { host: d.host } : {}),
      };
    }),
  };
}

function writeRequestRouting(o: ConfigObject, s: RequestRoutingState): void {
  const spec = specOf(o) as { http?: HttpRule[] };
  const http = spec.http ?? [];
  const host = defaultHost(o);
  const built = s.rules.map((r): HttpRule => ({
    ...(r.name ? { name: r.name } : {}),
    match: [{
      ...(r.uri ? { uri: toMatch(r.uri) } : {}),
      ...(r.method ? { method: { exact: r.method } } : {}),
      ...(r.headers.length ? { headers: Object.fromEntries(r.headers.map((h) => [h.name, toMatch(h.match)])) } : {}),
    }],
    route: [{ destination: { host: r.host ?? host, ...(r.subset ? { subset: r.subset } : {}) } }],
  }));
  // The wizard's rules take the places of the ones it showed; new ones go before the catch-all rule.
  const out: HttpRule[] = [];
  let next = 0;
  for (const rule of http) {
    if (representable(rule)) {
      if (next < built.length) out.push(built[next++]!);
      continue;
    }
    if (!rule.match?.length) while (next < built.length) out.push(built[next++]!);
    out.push(rule);
  }
  while (next < built.length) out.push(built[next++]!);
  spec.http = out;
}

function ruleAt(o: ConfigObject, rule: number): HttpRule {
  const http = httpOf(o);
  if (!http[rule]) throw refusal('wizard-not-applicable', `The VirtualService ${o.metadata.name} has no HTTP rule ${rule + 1} (it has ${http.length}).`);
  return http[rule]!;
}

function readFault(o: ConfigObject, rule: number): FaultState {
  const f = ruleAt(o, rule).fault ?? {};
  return {
    rule,
    ...(f.delay ? { delay: { fixedDelay: f.delay.fixedDelay ?? '', percent: f.delay.percentage?.value ?? 100 } } : {}),
    ...(f.abort ? { abort: { httpStatus: f.abort.httpStatus ?? 503, percent: f.abort.percentage?.value ?? 100 } } : {}),
  };
}
function writeFault(o: ConfigObject, s: FaultState): void {
  const r = ruleAt(o, s.rule) as Json;
  setPath(r, ['fault', 'delay'], s.delay ? { fixedDelay: s.delay.fixedDelay, percentage: { value: s.delay.percent } } : undefined);
  setPath(r, ['fault', 'abort'], s.abort ? { httpStatus: s.abort.httpStatus, percentage: { value: s.abort.percent } } : undefined);
}

function readTimeouts(o: ConfigObject, rule: number): TimeoutsState {
  const r = ruleAt(o, rule);
  return {
    rule, ...(r.timeout ? { timeout: r.timeout } : {}),
    ...(r.retries ? { retries: { attempts: r.retries.attempts ?? 0, ...(r.retries.perTryTimeout ? { perTryTimeout: r.retries.perTryTimeout } : {}), ...(r.retries.retryOn ? { retryOn: r.retries.retryOn } : {}) } } : {}),
  };
}
function writeTimeouts(o: ConfigObject, s: TimeoutsState): void {
  const r = ruleAt(o, s.rule) as Json;
  setPath(r, ['timeout'], s.timeout);
  setPath(r, ['retries'], s.retries ? { attempts: s.retries.attempts, ...(s.retries.perTryTimeout ? { perTryTimeout: s.retries.perTryTimeout } : {}), ...(s.retries.retryOn ? { retryOn: s.retries.retryOn } : {}) } : undefined);
}

const CB_PATHS: Record<keyof CircuitBreakerState, string[]> = {
  maxConnections: ['trafficPolicy', 'connectionPool', 'tcp', 'maxConnections'],
  http1MaxPendingRequests: ['trafficPolicy', 'connectionPool', 'http', 'http1MaxPendingRequests'],
  maxRequestsPerConnection: ['trafficPolicy', 'connectionPool', 'http', 'maxRequestsPerConnection'],
  consecutive5xxErrors: ['trafficPolicy', 'outlierDetection', 'consecutive5xxErrors'],
  interval: ['trafficPolicy', 'outlierDetection', 'interval'],
  baseEjectionTime: ['trafficPolicy', 'outlierDetection', 'baseEjectionTime'],
  maxEjectionPercent: ['trafficPolicy', 'outlierDetection', 'maxEjectionPercent'],
};
function readCircuitBreaker(o: ConfigObject): CircuitBreakerState {
  const out: Record<string, unknown> = {};
  for (const [k, path] of Object.entries(CB_PATHS)) {
    const v = path.reduce<unknown>((n, key) => (n && typeof n === 'object' ? (n as Json)[key] : undefined), o.spec ?? {});
    if (v !== undefined) out[k] = v;
  }
  return out as CircuitBreakerState;
}
function writeCircuitBreaker(o: ConfigObject, s: CircuitBreakerState): void {
  for (const [k, path] of Object.entries(CB_PATHS)) setPath(specOf(o), path, s[k as keyof CircuitBreakerState]);
}

function readMirror(o: ConfigObject, rule: number): MirrorState {
  const r = ruleAt(o, rule);
  return { rule, ...(r.mirror ? { mirror: { host: r.mirror.host ?? '', ...(r.mirror.subset ? { subset: r.mirror.subset } : {}), percent: r.mirrorPercentage?.value ?? 100 } } : {}) };
}
function writeMirror(o: ConfigObject, s: MirrorState): void {
  const r = ruleAt(o, s.rule) as Json;
  setPath(r, ['mirror'], s.mirror ? { host: s.mirror.host, ...(s.mirror.subset ? { subset: s.mirror.subset } : {}) } : undefined);
  setPath(r, ['mirrorPercentage'], s.mirror ? { value: s.mirror.percent } : undefined);
}

/** The kind each wizard edits. */
export const WIZARD_KIND: Record<WizardName, 'VirtualService' | 'DestinationRule'> = {
  'traffic-shift': 'VirtualService', 'request-routing': 'VirtualService', fault: 'VirtualService', timeouts: 'VirtualService', 'circuit-breaker': 'DestinationRule', mirror: 'VirtualService',
};

/** Refused (wizard-not-applicable) when the wizard edits another kind of object. */
function mustEdit(wizard: WizardName, o: ConfigObject): void {
  if (o.kind !== WIZARD_KIND[wizard]) throw refusal('wizard-not-applicable', `The ${wizard} wizard edits a ${WIZARD_KIND[wizard]}, and this is a ${o.kind}.`);
}

export function readWizard(wizard: WizardName, o: ConfigObject, rule = 0): WizardState {
  mustEdit(wizard, o);
  switch (wizard) {
    case 'traffic-shift': return { wizard, state: readTrafficShift(o) };
    case 'request-routing': return { wizard, state: readRequestRouting(o) };
    case 'fault': return { wizard, state: readFault(o, rule) };
    case 'timeouts': return { wizard, state: readTimeouts(o, rule) };
    case 'circuit-breaker': return { wizard, state: readCircuitBreaker(o) };
    case 'mirror': return { wizard, state: readMirror(o, rule) };
  }
}

export function writeWizard(o: ConfigObject, w: WizardState): ConfigObject {
  mustEdit(w.wizard, o);
  const rule = 'rule' in w.state && typeof w.state.rule === 'number' ? w.state.rule : 0;
  // Untouched: the object as it was, byte for byte once serialized.
  if (isDeepStrictEqual(readWizard(w.wizard, o, rule), w)) return clone(o);
  const out = clone(o);
  switch (w.wizard) {
    case 'traffic-shift': writeTrafficShift(out, w.state); break;
    case 'request-routing': writeRequestRouting(out, w.state); break;
    case 'fault': writeFault(out, w.state); break;
    case 'timeouts': writeTimeouts(out, w.state); break;
    case 'circuit-breaker': writeCircuitBreaker(out, w.state); break;
    case 'mirror': writeMirror(out, w.state); break;
  }
  return out;
}

/** A new object for a wizard to fill: a VirtualService or DestinationRule for a host. */
export function newObjectFor(wizard: WizardName, namespace: string, name: string, host: string): ConfigObject {
  return WIZARD_KIND[wizard] === 'DestinationRule'
    ? { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec: { host } }
    : { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec: { hosts: [host], http: [{ route: [{ destination: { host } }] }] } };
}
