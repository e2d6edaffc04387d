import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './contract/api.js';
import { MeshdeckClient } from './contract/client.js';
import { createCore, type Core } from './core.js';
import { localTransport } from './rpc/local-transport.js';

/** The core's answers, held to the contract's output schemas (the client checks them too; this checks the core). */
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'contexts', 'fixtures');
let core: Core;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshdeck-core-'));
  const withUserInfo = path.join(dir, 'userinfo.yaml');
  writeFileSync(withUserInfo, [
    'clusters: [{name: ui, cluster: {server: "https://admin:fake-url-password@k8s.example:6443"}}]',
    'contexts: [{name: ui, context: {cluster: ui}}]',
  ].join('\n'));
  const kubeconfig = [path.join(fixtures, 'a', 'config.yaml'), path.join(fixtures, 'b', 'config.yaml'), path.join(fixtures, 'full', 'config.yaml'), withUserInfo].join(path.delimiter);
  core = await createCore({ env: { KUBECONFIG: kubeconfig, HOME: dir, MESHDECK_HOME: path.join(dir, 'home') }, includeSandboxContexts: false });
});
afterAll(() => core.dispose());

describe('core outputs', () => {
  it('contexts.list answers exactly what the contract describes, with no user info in server addresses', async () => {
    const output = await core.handlers['contexts.list']({});
    const plain = JSON.parse(JSON.stringify(output)) as unknown;
    expect(api['contexts.list'].output.parse(plain)).toEqual(plain); // nothing the contract does not name
    expect(JSON.stringify(output)).not.toContain('fake-url-password');
    expect(output.contexts.find((c) => c.name === 'ui')?.server).toBe('https://k8s.example:6443');
  });

  it('answers the same through the contract client as from the handler', async () => {
    const transport = localTransport(core.handlers);
    const client = new MeshdeckClient(transport);
    try {
      expect(await client.call('contexts.list', {})).toEqual(JSON.parse(JSON.stringify(await core.handlers['contexts.list']({}))));
      expect(await client.call('app.info', {})).toMatchObject({ name: 'Meshdeck' });
    } finally {
      transport.close();
    }
  });
});
