import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService } from '../contexts/service.js';
import type { MeshdeckError } from '../contract/errors.js';
import { eventually, killApiServer, kubectl, layout, uniqueName } from '../testing/sandbox.js';
import type { ClusterConnection } from './connection.js';
import { requestCounter } from './connection.js';
import { reflect, type RawObject } from './reflector.js';

/** List-then-watch against the sandbox's API server: relist on 410, re-open ended watches, back off on errors. */
let conn: ClusterConnection;
const ns = uniqueName('it-reflect');

function recorder() {
  const r = { lists: 0, items: new Map<string, string>(), events: [] as string[], errors: [] as { code: string; attempt: number }[] };
  return {
    r,
    handlers: {
      project: (o: RawObject) => o.metadata.name,
      onList: (items: Map<string, string>) => { r.lists++; r.items = new Map(items); },
      onEvent: (type: string, key: string, name: string) => {
        r.events.push(`${type} ${name}`);
        if (type === 'DELETED') r.items.delete(key);
        else r.items.set(key, name);
      },
      onError: (err: MeshdeckError, attempt: number) => { r.errors.push({ code: err.code, attempt }); },
    },
  };
}
const configMap = (name: string) => kubectl(['-n', ns, 'create', 'configmap', name]);

beforeAll(async () => {
  conn = await new ContextsService({ env: { KUBECONFIG: layout.kubeconfig, HOME: '/nonexistent' } }).connection('sandbox-admin');
  kubectl(['create', 'namespace', ns]);
});
afterAll(() => { kubectl(['delete', 'namespace', ns, '--wait=false']); });

describe('reflector', () => {
  it('lists in pages, then follows adds and deletes by watch', async () => {
    for (const n of ['a', 'b', 'c']) configMap(n);
    const { r, handlers } = recorder();
    const reflector = reflect(conn, `/api/v1/namespaces/${ns}/configmaps`, handlers, { pageSize: 2 });
    try {
      await eventually('the first list', () => r.lists === 1);
      // Everything in the namespace (the cluster adds its own ConfigMaps beside ours), read in pages of two.
      const all = kubectl(['-n', ns, 'get', 'configmaps', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').sort();
      expect(all).toEqual(expect.arrayContaining(['a', 'b', 'c']));
      expect([...r.items.values()].sort()).toEqual(all);
      configMap('d');
      kubectl(['-n', ns, 'delete', 'configmap', 'a']);
      await eventually('add and delete seen', () => r.events.includes('ADDED d') && r.events.includes('DELETED a'));
      expect(r.lists).toBe(1);
    } finally {
      reflector.stop();
    }
  });

  it('re-opens a watch the server ended, from where it was, without listing again', async () => {
    const { r, handlers } = recorder();
    const before = requestCounter.byVerb.get('WATCH') ?? 0;
    const reflector = reflect(conn, `/api/v1/namespaces/${ns}/configmaps`, handlers, { watchSeconds: () => 1 });
    try {
      await eventually('the first list', () => r.lists === 1);
      await eventually('two watches ended and re-opened', () => (requestCounter.byVerb.get('WATCH') ?? 0) - before >= 3, 15_000);
      configMap('e');
      await eventually('the add seen through a re-opened watch', () => r.events.includes('ADDED e'));
      expect(r.lists).toBe(1);
    } finally {
      reflector.stop();
    }
  });

  it('lists again on 410 Gone: the API server came back with a watch cache that starts after the version it held', async () => {
    const { r, handlers } = recorder();
    const reflector = reflect(conn, `/api/v1/namespaces/${ns}/configmaps`, handlers, { delayMs: () => 200 });
    const elsewhere = uniqueName('it-reflect-elsewhere');
    try {
      await eventually('the first list', () => r.lists === 1);
      // Writes outside the watched namespace move the cluster on but not this reflector's version.
      kubectl(['create', 'namespace', elsewhere]);
      for (const n of ['x', 'y', 'z']) kubectl(['-n', elsewhere, 'create', 'configmap', n]);
      const apiServer = killApiServer();
      await eventually('the broken watch noticed', () => r.errors.length > 0, 15_000);
      await apiServer.bringBack();
      // Failures keep the version and re-watch from it; only the 410 from the new cache lists again.
      await eventually('a second list after 410 Gone', () => r.lists === 2, 30_000);
      expect(r.errors.map((e) => e.code)).not.toContain('GONE');
      configMap('after-gone');
      await eventually('the watch after the relist follows adds', () => r.items.has(`${ns}/after-gone`));
    } finally {
      reflector.stop();
      kubectl(['delete', 'namespace', elsewhere, '--wait=false', '--ignore-not-found']);
    }
  });

  it('backs off while the resource does not exist, and lists once it does', async () => {
    const group = `${uniqueName('g').replace(/-/g, '')}.meshdeck.io`;
    const { r, handlers } = recorder();
    const reflector = reflect(conn, `/apis/${group}/v1/widgets`, handlers, { delayMs: () => 100 });
    try {
      await eventually('three failed attempts', () => r.errors.length >= 3);
      expect(r.errors.slice(0, 3)).toEqual([{ code: 'NOT_FOUND', attempt: 1 }, { code: 'NOT_FOUND', attempt: 2 }, { code: 'NOT_FOUND', attempt: 3 }]);
      kubectl(['apply', '-f', '-'], { input: JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `widgets.${group}` },
        spec: { group, scope: 'Cluster', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
      }) });
      await eventually('a list once the CRD is served', () => r.lists === 1, 30_000);
    } finally {
      reflector.stop();
      kubectl(['delete', 'crd', `widgets.${group}`, '--wait=false']);
    }
  });
});
