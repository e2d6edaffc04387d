import { describe, expect, it } from 'vitest';
import { checkDocuments } from './check-documents.js';
import { emptySnapshot, type Snapshot } from './objects.js';

/** A correct little mesh, as files: the checks must stay quiet on it. */
const SERVICES = `
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop }
spec:
  selector: { app: reviews }
  ports: [{ name: http, port: 9080 }]
---
apiVersion: v1
kind: Service
metadata: { name: legacy, namespace: shop }
spec:
  selector: { app: legacy }
  ports: [{ name: web, port: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: shop }
spec: { template: { metadata: { labels: { app: reviews, version: v1 } } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v2, namespace: shop }
spec: { template: { metadata: { labels: { app: reviews, version: v2 } } } }
`;

const GOOD = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: v2
    labels: { version: v2 }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews, subset: v1 }
      weight: 90
    - destination: { host: reviews, subset: v2 }
      weight: 10
`;

/** The live cluster as a snapshot: the files' Services and pods, and nothing else. */
function live(): Snapshot {
  const s = emptySnapshot(false);
  s.services.push({ namespace: 'shop', name: 'reviews', selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] });
  s.services.push({ namespace: 'shop', name: 'legacy', selector: { app: 'legacy' }, ports: [{ name: 'web', port: 8080 }] });
  s.pods.push({ namespace: 'shop', labels: { app: 'reviews', version: 'v1' } }, { namespace: 'shop', labels: { app: 'reviews', version: 'v2' } });
  return s;
}

const check = (yaml: string, base = live()) => checkDocuments([{ name: 'edit.yaml', text: yaml }], base).documents[0]!.findings;
const codes = (yaml: string, base?: Snapshot) => check(yaml, base).filter((f) => f.severity !== 'info').map((f) => f.code);

describe('semantic checks (each fires on a crafted object and stays quiet on a correct one)', () => {
  it('are quiet on a correct VirtualService and DestinationRule, and show the effective split', () => {
    const all = check(GOOD);
    expect(all.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(all).toEqual([expect.objectContaining({ code: 'MD120', severity: 'info', message: 'Effective split: v1 90%, v2 10%.' })]);
  });

  it('MD101 (IST0101): a destination host that matches no Service or ServiceEntry, pointed at its line', () => {
    const f = check(GOOD.replace('- destination: { host: reviews, subset: v2 }', '- destination: { host: reviewz, subset: v2 }')).find((x) => x.code === 'MD101')!;
    expect(f).toMatchObject({ istioCode: 'IST0101', severity: 'error', path: ['spec', 'http', 0, 'route', 1, 'destination', 'host'] });
    expect(f.message).toContain('reviewz.shop.svc.cluster.local');
    expect(f.range?.startLine).toBe(GOOD.split('\n').findIndex((l) => l.includes('subset: v2 }')) + 1);
  });

  it('a ServiceEntry host counts as known, wildcards included', () => {
    const se = `${GOOD.replace('host: reviews, subset: v2', 'host: api.example.com')}---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ext, namespace: shop }
spec: { hosts: ['*.example.com'], ports: [{ number: 443, name: https, protocol: HTTPS }] }
`;
    expect(codes(se)).toEqual([]);
  });

  it('MD102 (IST0101): a subset used but defined in no DestinationRule', () => {
    const f = check(GOOD.replace('subset: v2 }', 'subset: v3 }')).find((x) => x.code === 'MD102')!;
    expect(f.message).toBe('Subset v3 of reviews.shop.svc.cluster.local is defined in no DestinationRule (defined: v1, v2): Envoy answers 503 NR for these requests.');
    expect(f.path).toEqual(['spec', 'http', 0, 'route', 1, 'destination', 'subset']);
  });

  it('MD103 (IST0173): a subset whose labels match no pod, and only against the live cluster', () => {
    const bad = GOOD.replace('labels: { version: v2 }', 'labels: { version: v9 }');
    expect(codes(bad)).toEqual(['MD103']);
    expect(codes(bad, emptySnapshot(true))).not.toContain('MD103');
  });

  it('MD104 (IST0109): two VirtualServices for the same host in the mesh', () => {
    const other = `${GOOD}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-too, namespace: shop }
spec:
  hosts: [reviews.shop.svc.cluster.local]
  http: [{ route: [{ destination: { host: reviews } }] }]
`;
    const f = check(other).filter((x) => x.code === 'MD104');
    expect(f.map((x) => x.ref?.name).sort()).toEqual(['reviews', 'reviews-too']);
    expect(f[0]!.message).toMatch(/also routes? reviews\.shop\.svc\.cluster\.local inside the mesh/);
  });

  it('MD105 (IST0101): a Gateway referenced but missing', () => {
    const f = check(GOOD.replace('  hosts: [reviews]', '  hosts: [reviews]\n  gateways: [public-gw]')).find((x) => x.code === 'MD105')!;
    expect(f.message).toBe('Gateway shop/public-gw does not exist: the routes for it are never used.');
    expect(codes(GOOD.replace('  hosts: [reviews]', '  hosts: [reviews]\n  gateways: [mesh]'))).toEqual([]);
  });

  it('MD106 (IST0118): a destination Service port Istio cannot classify', () => {
    const f = check(GOOD.replace('- destination: { host: reviews, subset: v2 }', '- destination: { host: legacy }')).find((x) => x.code === 'MD106')!;
    expect(f).toMatchObject({ severity: 'warning', istioCode: 'IST0118' });
    expect(f.message).toContain('Port 8080 (web) of Service shop/legacy does not say its protocol');
  });

  it('MD107: a subset defined twice', () => {
    expect(codes(GOOD.replace('  - name: v2\n', '  - name: v1\n').replace('subset: v2 }', 'subset: v1 }'))).toContain('MD107');
  });

  it('MD108: TLS turned off where a STRICT PeerAuthentication requires mTLS', () => {
    const strict = `${GOOD.replace('  host: reviews\n', '  host: reviews\n  trafficPolicy: { tls: { mode: DISABLE } }\n')}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: istio-system }
spec: { mtls: { mode: STRICT } }
`;
    const f = check(strict).find((x) => x.code === 'MD108')!;
    expect(f.path).toEqual(['spec', 'trafficPolicy', 'tls', 'mode']);
    expect(codes(strict.replace('mode: STRICT', 'mode: PERMISSIVE'))).toEqual([]);
  });

  const ROUTE = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: reviews, namespace: shop }
spec:
  parentRefs: [{ group: "", kind: Service, name: reviews, port: 9080 }]
  rules:
  - backendRefs: [{ name: reviews, port: 9080 }]
`;
  it('MD109 / MD110 / MD111: HTTPRoute parents and backends that resolve to nothing or are not granted', () => {
    expect(codes(ROUTE)).toEqual([]);
    expect(codes(ROUTE.replace('kind: Service, name: reviews', 'kind: Service, name: nope'))).toEqual(['MD109']);
    expect(codes(ROUTE.replace('[{ group: "", kind: Service, name: reviews, port: 9080 }]', '[{ name: public }]'))).toEqual(['MD109']);
    expect(codes(ROUTE.replace('backendRefs: [{ name: reviews', 'backendRefs: [{ name: nope'))).toEqual(['MD110']);
    const cross = ROUTE.replace('backendRefs: [{ name: reviews, port: 9080 }]', 'backendRefs: [{ name: reviews, namespace: shop, port: 9080 }, { name: other, namespace: other, port: 80 }]');
    const base = live();
    base.services.push({ namespace: 'other', name: 'other', ports: [{ name: 'http', port: 80 }] });
    expect(codes(cross, base)).toEqual(['MD111']);
    const grant = `${cross}---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: from-shop, namespace: other }
spec: { from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop }], to: [{ group: "", kind: Service }] }
`;
    expect(codes(grant, base)).toEqual([]);
  });

  it('MD120: weights that do not add up to 100 are relative, not invalid', () => {
    const f = check(GOOD.replace('weight: 90', 'weight: 1').replace('weight: 10', 'weight: 1')).find((x) => x.code === 'MD120')!;
    expect(f.message).toBe('Effective split: v1 50%, v2 50% (weights add up to 2; Istio takes them as relative).');
  });

  it('offline, the files are the whole cluster: Services and workloads in them count', () => {
    expect(codes(`${SERVICES}---${GOOD}`, emptySnapshot(true))).toEqual([]);
    expect(codes(GOOD, emptySnapshot(true))).toEqual(['MD101', 'MD101']);
  });
});

describe('bad input', () => {
  it('invalid YAML is a marker at its place, nothing else', () => {
    const f = check('apiVersion: v1\nkind: [unclosed\n');
    expect(f[0]).toMatchObject({ code: 'MD002', source: 'yaml', severity: 'error' });
    expect(f[0]!.range?.startLine).toBeGreaterThanOrEqual(2);
  });

  it('a document without kind or name is named as such', () => {
    expect(check('apiVersion: networking.istio.io/v1\nmetadata: {}\n').map((f) => f.message)).toEqual(['kind is missing.', 'metadata.name is missing.']);
  });

  it('a text over the size limit is refused with one message', () => {
    const huge = `# ${'x'.repeat(3 * 1024 * 1024)}\n`;
    expect(check(huge)).toEqual([expect.objectContaining({ code: 'MD001', message: expect.stringContaining('checks at most 2 MB') })]);
  });

  it('an alias bomb is stopped', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    const t0 = performance.now();
    const f = check(`${bomb}\n`);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(f[0]).toMatchObject({ severity: 'error', source: 'yaml' });
  });
});
