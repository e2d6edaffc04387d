import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { TrafficShiftState, type WizardName } from '../contract/config.js';
import { MeshdeckError } from '../contract/errors.js';
import type { ConfigObject } from './objects.js';
import { newObjectFor, readWizard, writeWizard } from './wizards.js';

/** Objects as people write them by hand (not by Meshdeck): every wizard must round-trip them untouched. */
const VS = parse(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop, labels: { team: a }, annotations: { note: hand-written } }
spec:
  hosts: [reviews]
  gateways: [mesh]
  http:
  - name: jason
    match: [{ headers: { end-user: { exact: jason } } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
  - match: [{ uri: { prefix: /v1 } }, { uri: { prefix: /old } }]
    route: [{ destination: { host: reviews, subset: v1 } }]
    corsPolicy: { allowOrigins: [{ exact: https://example.com }] }
  - route:
    - destination: { host: reviews, subset: v1, port: { number: 9080 } }
      weight: 75
      headers: { response: { set: { x-version: v1 } } }
    - destination: { host: reviews, subset: v2 }
      weight: 25
    timeout: 2s
    retries: { attempts: 3, perTryTimeout: 500ms, retryOn: 5xx }
    fault: { delay: { fixedDelay: 1s, percentage: { value: 5 } } }
    mirror: { host: reviews-shadow }
    mirrorPercentage: { value: 10 }
`) as ConfigObject;

const DR = parse(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  trafficPolicy:
    loadBalancer: { simple: LEAST_REQUEST }
    connectionPool: { tcp: { maxConnections: 100, connectTimeout: 3s }, http: { http1MaxPendingRequests: 10 } }
    outlierDetection: { consecutive5xxErrors: 5, interval: 10s }
  subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }]
`) as ConfigObject;

const WIZARDS: [WizardName, ConfigObject, number][] = [
  ['traffic-shift', VS, 0], ['request-routing', VS, 0], ['fault', VS, 2], ['timeouts', VS, 2], ['mirror', VS, 2], ['fault', VS, 0], ['circuit-breaker', DR, 0],
];

describe('wizards read and write existing objects both ways', () => {
  it.each(WIZARDS)('%s: opening and saving untouched changes nothing (rule %#)', (wizard, object, rule) => {
    const out = writeWizard(object, readWizard(wizard, object, rule));
    expect(out).toEqual(object);
    expect(stringify(out)).toBe(stringify(object));
  });

  it('reads what is there', () => {
    expect(readWizard('traffic-shift', VS).state).toEqual({ rule: 2, splits: [{ subset: 'v1', weight: 75 }, { subset: 'v2', weight: 25 }] });
    expect(readWizard('request-routing', VS).state).toEqual({ rules: [{ name: 'jason', headers: [{ name: 'end-user', match: { kind: 'exact', value: 'jason' } }], subset: 'v2' }] });
    expect(readWizard('fault', VS, 2).state).toEqual({ rule: 2, delay: { fixedDelay: '1s', percent: 5 } });
    expect(readWizard('timeouts', VS, 2).state).toEqual({ rule: 2, timeout: '2s', retries: { attempts: 3, perTryTimeout: '500ms', retryOn: '5xx' } });
    expect(readWizard('mirror', VS, 2).state).toEqual({ rule: 2, mirror: { host: 'reviews-shadow', percent: 10 } });
    expect(readWizard('circuit-breaker', DR).state).toEqual({ maxConnections: 100, http1MaxPendingRequests: 10, consecutive5xxErrors: 5, interval: '10s' });
  });

  it('traffic shift: changes only the weights of the catch-all rule, keeping each destination\'s other fields', () => {
    const out = writeWizard(VS, { wizard: 'traffic-shift', state: { rule: 2, splits: [{ subset: 'v1', weight: 50 }, { subset: 'v2', weight: 40 }, { subset: 'v3', weight: 10 }] } });
    const http = (out.spec as { http: { route?: unknown[] }[] }).http;
    expect(http[2]!.route).toEqual([
      { destination: { host: 'reviews', subset: 'v1', port: { number: 9080 } }, weight: 50, headers: { response: { set: { 'x-version': 'v1' } } } },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 40 },
      { destination: { host: 'reviews', subset: 'v3' }, weight: 10 },
    ]);
    expect(http.slice(0, 2)).toEqual((VS.spec as { http: unknown[] }).http.slice(0, 2));
    expect(out.metadata).toEqual(VS.metadata);
  });

  it('request routing: replaces the rules it shows, keeps the others (two match blocks, a CORS policy) in place, adds before the catch-all', () => {
    const out = writeWizard(VS, { wizard: 'request-routing', state: { rules: [
      { name: 'jason', headers: [{ name: 'end-user', match: { kind: 'exact', value: 'jason' } }], subset: 'v3' },
      { uri: { kind: 'prefix', value: '/beta' }, method: 'GET', headers: [], subset: 'v2' },
    ] } });
    const http = (out.spec as { http: { name?: string; match?: unknown; route?: { destination: { subset: string } }[]; corsPolicy?: unknown }[] }).http;
    expect(http.map((r) => r.route?.[0]?.destination.subset)).toEqual(['v3', 'v1', 'v2', 'v1']);
    expect(http[1]!.corsPolicy).toBeDefined();
    expect(http[2]!.match).toEqual([{ uri: { prefix: '/beta' }, method: { exact: 'GET' } }]);
  });

  it('fault, timeouts and mirror: set and clear their own fields only', () => {
    const noFault = writeWizard(VS, { wizard: 'fault', state: { rule: 2 } });
    expect((noFault.spec as { http: Record<string, unknown>[] }).http[2]).not.toHaveProperty('fault');
    expect((noFault.spec as { http: Record<string, unknown>[] }).http[2]).toHaveProperty('timeout', '2s');
    const abort = writeWizard(VS, { wizard: 'fault', state: { rule: 0, abort: { httpStatus: 503, percent: 20 } } });
    expect((abort.spec as { http: Record<string, unknown>[] }).http[0]!.fault).toEqual({ abort: { httpStatus: 503, percentage: { value: 20 } } });
    const noRetries = writeWizard(VS, { wizard: 'timeouts', state: { rule: 2, timeout: '5s' } });
    expect((noRetries.spec as { http: Record<string, unknown>[] }).http[2]).toMatchObject({ timeout: '5s' });
    expect((noRetries.spec as { http: Record<string, unknown>[] }).http[2]).not.toHaveProperty('retries');
    const noMirror = writeWizard(VS, { wizard: 'mirror', state: { rule: 2 } });
    expect((noMirror.spec as { http: Record<string, unknown>[] }).http[2]).not.toHaveProperty('mirrorPercentage');
  });

  it('circuit breaker: keeps the load balancer and connect timeout, prunes what it empties', () => {
    const out = writeWizard(DR, { wizard: 'circuit-breaker', state: { maxConnections: 10 } });
    expect((out.spec as { trafficPolicy: unknown }).trafficPolicy).toEqual({ loadBalancer: { simple: 'LEAST_REQUEST' }, connectionPool: { tcp: { maxConnections: 10, connectTimeout: '3s' } } });
  });

  it('builds new objects and refuses the wrong kind', () => {
    const vs = newObjectFor('traffic-shift', 'shop', 'ratings', 'ratings');
    const out = writeWizard(vs, { wizard: 'traffic-shift', state: { splits: [{ subset: 'v1', weight: 90 }, { subset: 'v2', weight: 10 }] } });
    expect((out.spec as { http: unknown[] }).http).toEqual([{ route: [{ destination: { host: 'ratings', subset: 'v1' }, weight: 90 }, { destination: { host: 'ratings', subset: 'v2' }, weight: 10 }] }]);
    const refusedFor = (f: () => unknown) => {
      try { f(); } catch (e) { return e instanceof MeshdeckError ? `${e.shape.code}: ${e.shape.reason}: ${e.shape.message}` : String(e); }
      return 'not refused';
    };
    expect(refusedFor(() => writeWizard(DR, { wizard: 'fault', state: { rule: 0 } }))).toMatch(/^REFUSED: wizard-not-applicable: .*edits a VirtualService/);
    expect(refusedFor(() => readWizard('traffic-shift', DR))).toMatch(/^REFUSED: wizard-not-applicable: .*this is a DestinationRule/);
    expect(refusedFor(() => readWizard('fault', VS, 7))).toMatch(/^REFUSED: wizard-not-applicable: .*no HTTP rule 8 \(it has 3\)/);
  });

  it('splits a route that names no subset, and writes it back as the contract reads it', () => {
    const plain = newObjectFor('traffic-shift', 'shop', 'ratings', 'ratings');
    const read = readWizard('traffic-shift', plain);
    expect(read).toEqual({ wizard: 'traffic-shift', state: { rule: 0, splits: [{ subset: '', weight: 100 }] } });
    // What the wizard read is a state the contract accepts, so writing it back is not refused.
    expect(TrafficShiftState.safeParse(read.state).success).toBe(true);
    const out = writeWizard(plain, { wizard: 'traffic-shift', state: { splits: [{ subset: '', weight: 80 }, { subset: 'v2', weight: 20 }] } });
    expect((out.spec as { http: unknown[] }).http).toEqual([{ route: [{ destination: { host: 'ratings' }, weight: 80 }, { destination: { host: 'ratings', subset: 'v2' }, weight: 20 }] }]);
  });
});
