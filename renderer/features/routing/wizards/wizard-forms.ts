import type { z } from 'zod';
import {
  CircuitBreakerState,
  FaultState,
  MirrorState,
  RequestRoutingState,
  TimeoutsState,
  TrafficShiftState,
  type WizardName,
  type WizardState,
} from '../../../../main/contract/config.js';
import { issuesByPath, numberOf } from '../form-issues.js';

/**
 * The wizards' forms as typed (strings, rows, switches) and back to the contract's states, checked with the
 * contract's schemas. A form made from a state and not touched gives that state back, so an untouched wizard
 * writes nothing.
 */

type MatchKind = 'exact' | 'prefix' | 'regex';

export interface TrafficShiftForm { rule: number | undefined; splits: { subset: string; weight: string; host: string }[] }
export interface RequestRoutingForm {
  rules: { name: string; uriKind: MatchKind; uri: string; method: string; headers: { name: string; kind: MatchKind; value: string }[]; subset: string; host: string }[];
}
export interface FaultForm { rule: number; delay: boolean; fixedDelay: string; delayPercent: string; abort: boolean; httpStatus: string; abortPercent: string }
export interface TimeoutsForm { rule: number; timeout: string; retries: boolean; attempts: string; perTryTimeout: string; retryOn: string }
export type CircuitBreakerForm = Record<keyof CircuitBreakerState, string>;
export interface MirrorForm { rule: number; mirror: boolean; host: string; subset: string; percent: string }

export interface FormOf {
  'traffic-shift': TrafficShiftForm;
  'request-routing': RequestRoutingForm;
  fault: FaultForm;
  timeouts: TimeoutsForm;
  'circuit-breaker': CircuitBreakerForm;
  mirror: MirrorForm;
}

export type StateOf<W extends WizardName> = Extract<WizardState, { wizard: W }>['state'];

const str = (n: number | undefined) => (n === undefined ? '' : String(n));
const opt = <K extends string, V>(key: K, value: V | undefined | '') => (value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, V>));

export const CB_FIELDS: readonly (keyof CircuitBreakerState)[] = ['maxConnections', 'http1MaxPendingRequests', 'maxRequestsPerConnection', 'consecutive5xxErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent'];
const CB_DURATIONS = new Set<keyof CircuitBreakerState>(['interval', 'baseEjectionTime']);

export const toForm: { [W in WizardName]: (s: StateOf<W>) => FormOf[W] } = {
  'traffic-shift': (s) => ({ rule: s.rule, splits: s.splits.map((x) => ({ subset: x.subset, weight: String(x.weight), host: x.host ?? '' })) }),
  'request-routing': (s) => ({
    rules: s.rules.map((r) => ({
      name: r.name ?? '',
      uriKind: r.uri?.kind ?? 'prefix',
      uri: r.uri?.value ?? '',
      method: r.method ?? '',
      headers: r.headers.map((h) => ({ name: h.name, kind: h.match.kind, value: h.match.value })),
      subset: r.subset ?? '',
      host: r.host ?? '',
    })),
  }),
  fault: (s) => ({ rule: s.rule, delay: !!s.delay, fixedDelay: s.delay?.fixedDelay ?? '5s', delayPercent: str(s.delay?.percent ?? 100), abort: !!s.abort, httpStatus: str(s.abort?.httpStatus ?? 503), abortPercent: str(s.abort?.percent ?? 100) }),
  timeouts: (s) => ({ rule: s.rule, timeout: s.timeout ?? '', retries: !!s.retries, attempts: str(s.retries?.attempts ?? 3), perTryTimeout: s.retries?.perTryTimeout ?? '', retryOn: s.retries?.retryOn ?? '' }),
  'circuit-breaker': (s) => Object.fromEntries(CB_FIELDS.map((k) => [k, s[k] === undefined ? '' : String(s[k])])) as CircuitBreakerForm,
  mirror: (s) => ({ rule: s.rule, mirror: !!s.mirror, host: s.mirror?.host ?? '', subset: s.mirror?.subset ?? '', percent: str(s.mirror?.percent ?? 100) }),
};

/** The state a form stands for (not yet checked). */
export const fromForm: { [W in WizardName]: (f: FormOf[W]) => unknown } = {
  'traffic-shift': (f) => ({ ...opt('rule', f.rule), splits: f.splits.map((x) => ({ subset: x.subset.trim(), weight: numberOf(x.weight) ?? Number.NaN, ...opt('host', x.host.trim()) })) }),
  'request-routing': (f) => ({
    rules: f.rules.map((r) => ({
      ...opt('name', r.name.trim()),
      ...(r.uri.trim() ? { uri: { kind: r.uriKind, value: r.uri.trim() } } : {}),
      ...opt('method', r.method.trim().toUpperCase()),
      headers: r.headers.map((h) => ({ name: h.name.trim(), match: { kind: h.kind, value: h.value } })),
      ...opt('subset', r.subset.trim()),
      ...opt('host', r.host.trim()),
    })),
  }),
  fault: (f) => ({
    rule: f.rule,
    ...(f.delay ? { delay: { fixedDelay: f.fixedDelay.trim(), percent: numberOf(f.delayPercent) ?? Number.NaN } } : {}),
    ...(f.abort ? { abort: { httpStatus: numberOf(f.httpStatus) ?? Number.NaN, percent: numberOf(f.abortPercent) ?? Number.NaN } } : {}),
  }),
  timeouts: (f) => ({
    rule: f.rule,
    ...opt('timeout', f.timeout.trim()),
    ...(f.retries ? { retries: { attempts: numberOf(f.attempts) ?? Number.NaN, ...opt('perTryTimeout', f.perTryTimeout.trim()), ...opt('retryOn', f.retryOn.trim()) } } : {}),
  }),
  'circuit-breaker': (f) => Object.fromEntries(CB_FIELDS.flatMap((k) => (f[k].trim() === '' ? [] : [[k, CB_DURATIONS.has(k) ? f[k].trim() : Number(f[k])]]))),
  mirror: (f) => ({ rule: f.rule, ...(f.mirror ? { mirror: { host: f.host.trim(), ...opt('subset', f.subset.trim()), percent: numberOf(f.percent) ?? Number.NaN } } : {}) }),
};

const SCHEMAS: { [W in WizardName]: z.ZodType<StateOf<W>> } = {
  'traffic-shift': TrafficShiftState,
  'request-routing': RequestRoutingState,
  fault: FaultState,
  timeouts: TimeoutsState,
  'circuit-breaker': CircuitBreakerState,
  mirror: MirrorState,
};

/** The form's state, checked with the contract's schema; or what is wrong, by field path ("splits.1.weight"). */
export function checkForm<W extends WizardName>(wizard: W, form: FormOf[W]): { state: WizardState['state'] } | { errors: Record<string, string> } {
  const schema: z.ZodType<WizardState['state']> = SCHEMAS[wizard];
  const result = schema.safeParse(fromForm[wizard](form));
  return result.success ? { state: result.data } : { errors: issuesByPath(result) };
}

/** Deep equality of plain JSON values, whatever the order of their keys (an untouched form against the state it came from). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
