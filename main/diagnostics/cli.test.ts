import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `meshdeck diagnostics --out FILE` end to end, through the real CLI and core, against a kubeconfig full of
 * credentials whose cluster is a closed port on loopback (refused at once; nothing leaves the machine).
 */
const home = mkdtempSync(path.join(os.tmpdir(), 'meshdeck-diag-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const secrets = {
  token: 'cliTokenPlanted0001',
  password: 'cliPasswordPlanted0002',
  keyData: Buffer.from('-----BEGIN PRIVATE KEY-----\ncliKeyPlanted0003\n-----END PRIVATE KEY-----\n').toString('base64'),
  certData: Buffer.from('-----BEGIN CERTIFICATE-----\ncliCertPlanted0004\n-----END CERTIFICATE-----\n').toString('base64'),
};
const kubeconfig = path.join(home, 'kubeconfig');
writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
current-context: closed
clusters:
- name: closed
  cluster:
    server: https://127.0.0.1:1
    certificate-authority-data: ${secrets.certData}
users:
- name: admin
  user:
    token: ${secrets.token}
    client-certificate-data: ${secrets.certData}
    client-key-data: ${secrets.keyData}
- name: basic
  user:
    username: alice
    password: ${secrets.password}
contexts:
- name: closed
  context: { cluster: closed, user: admin }
- name: closed-basic
  context: { cluster: closed, user: basic }
`);

describe('meshdeck diagnostics', () => {
  it('writes the report, owner-only, with every context unreachable and no credential in it', async () => {
    const out = path.join(home, 'report.json');
    const cli = path.resolve('main/cli/meshdeck.ts');
    const tsx = path.resolve('node_modules/.bin/tsx');
    const env = { ...process.env, KUBECONFIG: kubeconfig, MESHDECK_HOME: path.join(home, 'meshdeck') };
    const { stderr } = await promisify(execFile)(tsx, [cli, 'diagnostics', '--out', out], { env, timeout: 60_000 });
    expect(stderr).toContain(`diagnostics written to ${out}`);
    expect(statSync(out).mode & 0o077).toBe(0);
    const text = readFileSync(out, 'utf8');
    for (const [name, secret] of Object.entries(secrets)) expect(text.includes(secret), name).toBe(false);
    for (const planted of ['cliKeyPlanted0003', 'cliCertPlanted0004']) expect(text).not.toContain(planted);
    const report: unknown = JSON.parse(text);
    expect(report).toMatchObject({
      app: { name: 'Meshdeck' },
      contexts: { current: 'closed', total: 2, shown: 2 },
      mesh: { context: 'closed' },
    });
    const list = (report as { contexts: { list: { name: string; probe: { reachable: boolean } }[] } }).contexts.list;
    expect(list.map((c) => [c.name, c.probe.reachable])).toEqual([['closed', false], ['closed-basic', false]]);
  }, 90_000);
});
