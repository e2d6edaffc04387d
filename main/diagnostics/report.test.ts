import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MeshdeckError } from '../contract/errors.js';
import type { ContextSummary } from '../contract/models.js';
import { bundlePaths } from '../platform/bundle-paths.js';
import { exportDiagnostics, type DiagnosticsSources } from './report.js';

const empty = mkdtempSync(path.join(os.tmpdir(), 'meshdeck-diag-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const context = (name: string, server: string): ContextSummary => ({
  name, cluster: name, server, user: 'u', namespace: 'default', authKind: 'token', usesProxy: false,
  insecureSkipTlsVerify: false, sourceFile: '/home/u/.kube/config', isCurrent: name === 'prod', warnings: [],
});

const planted = ['tokenPlantedInProbe0001', 'pwPlantedInServer0002', 'tokenPlantedInMesh0003', 'pwPlantedInLog0004'];

function sources(probed: string[]): DiagnosticsSources {
  return {
    appInfo: async () => ({ name: 'Meshdeck', version: '0.1.0', istio: '1.31-alpha.test', platform: 'linux-x64' }),
    contexts: async () => ({
      contexts: [context('prod', `https://admin:${planted[1]}@prod.example:6443`), ...Array.from({ length: 30 }, (_, i) => context(`c${i}`, `https://c${i}.example`))],
      currentContext: 'prod',
      files: [{ path: '/home/u/.kube/config', exists: true }],
      problems: [],
    }),
    probe: async (name) => {
      probed.push(name);
      if (name === 'prod') throw new MeshdeckError({ code: 'UNAUTHORIZED', message: 'The cluster refused the credentials.', detail: `Authorization: Bearer ${planted[0]}` });
      return { context: name, reachable: true, serverVersion: 'v1.36.3', latencyMs: 3 };
    },
    meshStatus: async () => {
      throw new Error(`istioctl said: token=${planted[2]}`);
    },
    recentLog: () => [{ at: '2026-12-01T00:00:00.000Z', level: 'warn', message: `PASSWORD=${planted[3]}` }],
  };
}

describe('exportDiagnostics', () => {
  it('reports versions, the bundle, every context with its reachability (bounded), the mesh and the log, redacted', async () => {
    const probed: string[] = [];
    const out = await exportDiagnostics(sources(probed), { now: new Date('2026-12-01T10:20:30.000Z'), paths: bundlePaths({}, empty), maxContexts: 10, parallelProbes: 3 });
    expect(out.fileName).toBe('meshdeck-diagnostics-2026-12-01T10-20-30-000Z.json');
    for (const secret of planted) expect(out.text).not.toContain(secret);
    const report: unknown = JSON.parse(out.text);
    expect(report).toMatchObject({
      app: { version: '0.1.0', istio: '1.31-alpha.test' },
      runtime: { node: process.versions.node },
      bundle: { layout: 'checkout', istioVersion: null, istioctl: { status: 'refused' } },
      contexts: {
        current: 'prod',
        shown: 10,
        total: 31,
      },
      mesh: { context: 'prod', error: { code: 'INTERNAL' } },
      recentLog: [{ message: 'PASSWORD=[redacted]' }],
    });
    expect(probed).toHaveLength(10);
    const { list } = (report as { contexts: { list: unknown[] } }).contexts;
    expect(list).toHaveLength(10);
    expect(list.slice(0, 2)).toMatchObject([
      { name: 'prod', server: 'https://[redacted]@prod.example:6443', probe: { reachable: false, error: { code: 'UNAUTHORIZED' } } },
      { name: 'c0', probe: { reachable: true, serverVersion: 'v1.36.3' } },
    ]);
  });

  it('still answers when the contexts cannot be read, and for a named context', async () => {
    const broken = { ...sources([]), contexts: async () => { throw new Error('kubeconfig unreadable'); } };
    const out = await exportDiagnostics(broken, { paths: bundlePaths({}, empty), context: 'other' });
    const report = JSON.parse(out.text) as { contexts: unknown; mesh: { context: string } };
    expect(report.contexts).toMatchObject({ error: { detail: 'kubeconfig unreadable' } });
    expect(report.mesh.context).toBe('other');
  });
});
