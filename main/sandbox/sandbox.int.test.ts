import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuthenticationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ensureIstioCrds, eventually, kubeConfigFor, kubectl, kubectlFails, layout, promQuery, uniqueName } from '../testing/sandbox.js';
import { SIM } from './bootstrap.js';
import { PORTS } from './layout.js';
import { readTracked, isAlive } from './processes.js';
import { sandboxIstioInstallValues } from './istio-ports.js';

const json = <T>(text: string) => JSON.parse(text) as T;
interface Pod { metadata: { name: string }; spec: { containers: { name: string }[]; initContainers?: { name: string }[] }; status: { phase: string; podIP?: string; conditions?: { type: string; status: string }[] } }

describe('sandbox cluster', () => {
  it('has its fake nodes Ready on loopback', () => {
    const nodes = json<{ items: { status: { conditions: { type: string; status: string }[]; addresses: { address: string }[] } }[] }>(kubectl(['get', 'nodes', '-o', 'json'])).items;
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    for (const n of nodes) {
      expect(n.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(n.status.addresses.map((a) => a.address)).toContain('127.0.0.1');
    }
  });

  it('runs Deployments to Ready pods with IPs and endpoints, with service accounts and root CA', async () => {
    const ns = uniqueName('it-deploy');
    kubectl(['create', 'namespace', ns]);
    onTestFinished(() => { kubectl(['delete', 'namespace', ns, '--wait=false']); });
    kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=80']);
    kubectl(['-n', ns, 'expose', 'deployment', 'web', '--port=80']);
    const pods = await eventually('3 Ready pods', () => {
      const items = json<{ items: Pod[] }>(kubectl(['-n', ns, 'get', 'pods', '-o', 'json'])).items;
      return items.length === 3 && items.every((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ? items : undefined;
    });
    for (const p of pods) expect(p.status.podIP).toMatch(/^10\.244\./);
    const ready = await eventually('3 ready endpoints', () => {
      const slices = json<{ items: { endpoints?: { conditions: { ready: boolean } }[] }[] }>(kubectl(['-n', ns, 'get', 'endpointslices', '-o', 'json'])).items;
      const n = slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions.ready).length;
      return n === 3 ? n : undefined;
    });
    expect(ready).toBe(3);
    await eventually('default ServiceAccount', () => kubectl(['-n', ns, 'get', 'serviceaccount', 'default', '-o', 'name']));
    await eventually('kube-root-ca.crt', () => kubectl(['-n', ns, 'get', 'configmap', 'kube-root-ca.crt', '-o', 'name']));
  });
});

describe('sandbox contexts', () => {
  it('admin may create', () => {
    const ns = uniqueName('it-admin');
    expect(kubectl(['create', 'namespace', ns])).toContain('created');
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  it('viewer reads but gets 403 on create, on cluster-scoped writes and on nodes', async () => {
    expect(kubectl(['get', 'namespaces', '-o', 'name'], { context: 'sandbox-viewer' })).toContain('namespace/default');
    expect(kubectlFails(['create', 'namespace', uniqueName('it-no')], { context: 'sandbox-viewer' })).toMatch(/forbidden.*cannot create resource "namespaces"/);
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { plural: 'widgets', kind: 'Widget' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] } };
    expect(kubectlFails(['create', '-f', '-'], { context: 'sandbox-viewer', input: JSON.stringify(crd) })).toMatch(/forbidden.*customresourcedefinitions/);
    expect(kubectlFails(['get', 'nodes'], { context: 'sandbox-viewer' })).toMatch(/forbidden/);
  });

  it('exec context authenticates through its credential plugin', async () => {
    const review = await kubeConfigFor('sandbox-exec').makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(review.status?.userInfo?.username).toBe('sandbox-exec-user');
  });

  it('unreachable context fails fast with connection refused', async () => {
    const t0 = Date.now();
    const err = await kubeConfigFor('sandbox-unreachable').makeApiClient(CoreV1Api).listNamespace().then(() => undefined, (e: unknown) => e);
    expect(String((err as { cause?: { code?: string } })?.cause?.code ?? err)).toMatch(/ECONNREFUSED/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a second kubeconfig file merges with kubectl rules (first file wins)', () => {
    const env = { ...process.env, KUBECONFIG: `${layout.kubeconfig}:${layout.extraKubeconfig}` };
    const run = (args: string[]) => execFileSync(layout.bin.kubectl, args, { env, encoding: 'utf8' });
    expect(run(['config', 'current-context']).trim()).toBe('sandbox-admin');
    // The extra file's "sandbox" cluster points nowhere; the first file's must win, so this works.
    expect(run(['--context', 'sandbox-viewer', 'get', 'ns', 'default', '-o', 'name']).trim()).toBe('namespace/default');
    expect(run(['--context', 'sandbox-extra', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).toBe('sandbox-extra-admin');
  });
});

describe('sandbox metrics', () => {
  it('Prometheus, found through the API server, follows a VirtualService weight change within one scrape interval', async () => {
    ensureIstioCrds();
    const ns = uniqueName('it-traffic');
    kubectl(['create', 'namespace', ns]);
    onTestFinished(() => { kubectl(['delete', 'namespace', ns, '--wait=false']); });
    kubectl(['label', 'namespace', ns, `${SIM.trafficAlways}=always`]);
    kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: ns, annotations: { [SIM.rps]: '50' } }, spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 80 }] } }) });
    kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: ns }, spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] } }) });
    const vs = (w1: number) => JSON.stringify({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: ns },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: w1 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 100 - w1 }] }] } });
    kubectl(['apply', '-f', '-'], { input: vs(100) }); // before any workload exists, so v2 never had traffic
    for (const v of ['v1', 'v2']) {
      kubectl(['apply', '-f', '-'], { input: JSON.stringify({
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `reviews-${v}`, namespace: ns, annotations: { [SIM.errorRate]: v === 'v2' ? '0.25' : '0' } },
        spec: { replicas: 1, selector: { matchLabels: { app: 'reviews', version: v } }, template: { metadata: { labels: { app: 'reviews', version: v } }, spec: { containers: [{ name: 'app', image: 'reviews' }] } } },
      }) });
    }
    const sel = `reporter="destination",destination_workload_namespace="${ns}"`;
    await eventually('v1 traffic in Prometheus', () => promQuery(`sum(istio_requests_total{${sel},destination_version="v1"})`).length > 0, 40_000, 500);
    expect(promQuery(`sum(istio_requests_total{${sel},destination_version="v2"})`)).toEqual([]);

    kubectl(['apply', '-f', '-'], { input: vs(50) });
    const changedAt = Date.now();
    await eventually('v2 traffic after the weight change', () => promQuery(`sum(istio_requests_total{${sel},destination_version="v2"})`).length > 0, 20_000, 200);
    const followedInMs = Date.now() - changedAt;
    // scrape_interval is 5 s; allow the query's own round trip on top.
    expect(followedInMs).toBeLessThan(5000 + 1500);

    // Error rate set per version by the test shows up as 5xx for v2 only.
    const errors = await eventually('v2 errors', () => promQuery(`sum by (destination_version) (istio_requests_total{${sel},response_code="500"})`), 20_000, 500);
    expect(errors.map((r) => r.metric.destination_version)).toEqual(['v2']);
    const histogram = promQuery(`sum(istio_request_duration_milliseconds_bucket{${sel},le="+Inf"})`);
    expect(Number(histogram[0]?.value[1])).toBeGreaterThan(0);
  });
});

describe('sandbox registry', () => {
  it('accepts an OCI blob and manifest push and serves them back', async () => {
    const base = `http://127.0.0.1:${PORTS.registry}`;
    const repo = `it/${uniqueName('img')}`;
    const layer = Buffer.from('meshdeck integration layer');
    const config = Buffer.from('{}');
    const digest = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
    for (const blob of [layer, config]) {
      const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
      expect(start.status).toBe(202);
      const loc = new URL(start.headers.get('location')!, base);
      loc.searchParams.set('digest', digest(blob));
      const put = await fetch(loc, { method: 'PUT', body: blob, headers: { 'content-type': 'application/octet-stream' } });
      expect(put.status).toBe(201);
    }
    const manifest = JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digest(layer), size: layer.length }],
    });
    const put = await fetch(`${base}/v2/${repo}/manifests/v1`, { method: 'PUT', body: manifest, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
    expect(put.status).toBe(201);
    expect(put.headers.get('docker-content-digest')).toBe(digest(Buffer.from(manifest)));
    const got = await fetch(`${base}/v2/${repo}/manifests/v1`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    expect(await got.text()).toBe(manifest);
  });
});

describe('sandbox istiod', () => {
  it('runs the real pilot-discovery for an installed istiod: injection and validation by Istio, stopped when it goes', async () => {
    const sets = Object.entries({ profile: 'minimal', ...sandboxIstioInstallValues('default') }).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    execFileSync(layout.bin.istioctl, ['install', '-y', '--kubeconfig', layout.kubeconfig, ...sets], { stdio: 'pipe', timeout: 180_000 });
    const proc = await eventually('a pilot-discovery process for istio-system/istiod', () => readTracked(layout.pidsFile).find((p) => p.role === 'istiod-istio-system-istiod' && isAlive(p)), 30_000);
    expect(readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8')).toContain('pilot-discovery');

    const ns = uniqueName('it-mesh');
    kubectl(['create', 'namespace', ns]);
    onTestFinished(() => { kubectl(['delete', 'namespace', ns, '--wait=false']); });
    kubectl(['label', 'namespace', ns, 'istio-injection=enabled']);
    // The webhook's caBundle is patched by istiod itself a few seconds after it starts.
    await eventually('an injected pod', () => {
      kubectl(['-n', ns, 'run', uniqueName('p'), '--image=nginx', '--restart=Never']);
      const pods = json<{ items: Pod[] }>(kubectl(['-n', ns, 'get', 'pods', '-o', 'json'])).items;
      return pods.some((p) => [...p.spec.containers, ...(p.spec.initContainers ?? [])].some((c) => c.name === 'istio-proxy'));
    }, 30_000, 1000);
    const bad = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'bad', namespace: ns },
      spec: { hosts: ['x'], http: [{ route: [{ destination: { host: 'x' }, weight: -10 }] }] } };
    expect(kubectlFails(['apply', '-f', '-'], { input: JSON.stringify(bad) })).toMatch(/validation\.istio\.io.*weight -10/);

    kubectl(['-n', 'istio-system', 'delete', 'deployment', 'istiod']);
    await eventually('pilot-discovery stopped', () => !isAlive(proc), 30_000);
    execFileSync(layout.bin.istioctl, ['uninstall', '--purge', '-y', '--kubeconfig', layout.kubeconfig], { stdio: 'pipe', timeout: 120_000 });
  });
});
