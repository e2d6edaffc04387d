import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import type { SandboxLayout } from '../../main/sandbox/layout.js';

/** Direct HTTPS calls to the sandbox API with the admin certificate: the baseline the app is compared to. */
export function rawApi(l: SandboxLayout, server = 'https://127.0.0.1:6443') {
  const agent = new Agent({
    ca: readFileSync(join(l.pki, 'ca.crt')), cert: readFileSync(join(l.pki, 'admin.crt')), key: readFileSync(join(l.pki, 'admin.key')),
    keepAlive: true,
  });
  return (path: string, accept = 'application/json'): Promise<{ status: number; bytes: number }> =>
    new Promise((resolve, reject) => {
      const req = request(new URL(path, server), { agent, headers: { accept } }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      });
      req.on('error', reject);
      req.end();
    });
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const best = (xs: number[]) => Math.min(...xs);
export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}
export const ms = (x: number) => `${x.toFixed(0)} ms`;
