import { describe, expect, it } from 'vitest';
import type { MeshStatus } from '../contract/models.js';
import { paletteTasks, type PaletteFacts } from './palette.js';

const contexts = [
  { name: 'sandbox-admin', server: 'https://127.0.0.1:6443', isCurrent: true },
  { name: 'prod', server: 'https://prod.example.com', isCurrent: false },
];
const plane = { namespace: 'istio-system', name: 'istiod', revision: 'default', version: '1.31.0', readyReplicas: 1, replicas: 1 };
const installed: MeshStatus = { state: 'installed', istioCrds: 15, controlPlanes: [plane], incomplete: [] };
const facts = (more: Partial<PaletteFacts>): PaletteFacts => ({ contexts, sandbox: { state: 'running', context: 'sandbox-admin' }, ...more });
const ids = (f: PaletteFacts) => paletteTasks(f).map((t) => t.id);

describe('palette tasks', () => {
  it('never offers to switch to the context already open, nor to start a sandbox that runs', () => {
    const list = ids(facts({ open: 'sandbox-admin', mesh: installed }));
    expect(list).not.toContain('context:sandbox-admin');
    expect(list).toContain('context:prod');
    expect(list).not.toContain('sandbox:start');
    expect(list).not.toContain('sandbox:open');
  });

  it('offers the sandbox first when nothing is open and it is stopped, its cluster when it runs', () => {
    expect(ids(facts({ sandbox: { state: 'stopped' } }))[0]).toBe('sandbox:start');
    expect(ids(facts({}))[0]).toBe('sandbox:open');
    expect(ids(facts({ sandbox: { state: 'unavailable' } }))).toEqual(['context:sandbox-admin', 'context:prod']);
  });

  it('puts first what the mesh calls for: install, resume, or meshing a namespace', () => {
    expect(ids(facts({ open: 'prod', mesh: { ...installed, state: 'not-installed', controlPlanes: [] } }))[0]).toBe('istio:install');
    const incomplete: MeshStatus = { ...installed, state: 'incomplete', incomplete: [{ revision: 'default', reason: 'webhooks-missing' }] };
    const resume = paletteTasks(facts({ open: 'prod', mesh: incomplete }))[0];
    expect(resume?.target).toEqual({ kind: 'install', context: 'prod', mode: 'install', revisions: [''], task: 'resume' });
    const list = ids(facts({ open: 'prod', mesh: installed }));
    expect(list.slice(0, 4)).toEqual(['istio:mesh-namespace', 'istio:upgrade', 'istio:manage', 'istio:uninstall']);
    expect(list).not.toContain('istio:install');
  });

  it('lists the namespaces and services of the open cluster, ahead of other contexts', () => {
    const tasks = paletteTasks(facts({ open: 'sandbox-admin', mesh: installed, namespaces: ['meshdeck-sample'], services: [{ namespace: 'meshdeck-sample', name: 'helloworld' }] }));
    const namespace = tasks.find((t) => t.id === 'namespace:meshdeck-sample');
    expect(namespace?.target).toEqual({ kind: 'inventory', context: 'sandbox-admin', namespace: 'meshdeck-sample' });
    expect(tasks.findIndex((t) => t.id === 'service:meshdeck-sample/helloworld')).toBeLessThan(tasks.findIndex((t) => t.id === 'context:prod'));
  });
});
