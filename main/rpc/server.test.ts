import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../contract/wire.js';
import { createRpcServer, type Handlers } from './server.js';

/** One connection to a core whose handlers answer `answers[method]`; returns the messages it sent for one request. */
async function exchange(raw: unknown, answers: Partial<Record<string, unknown>> = {}): Promise<ServerMessage[]> {
  const handlers = new Proxy({}, { get: (_t, method: string) => async () => answers[method] }) as Handlers;
  const sent: ServerMessage[] = [];
  const conn = createRpcServer(handlers).connect((m) => sent.push(m));
  conn.receive(raw);
  await new Promise((r) => setTimeout(r, 20));
  conn.close();
  return sent;
}

const installInput = (options: Record<string, unknown>) => ({ type: 'call', id: 1, method: 'install.precheck', input: { context: 'c', options } });

describe('rpc server', () => {
  it('bounds the error it sends for a request with very many unknown keys', async () => {
    const junk = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`unknown-key-${i}-${'x'.repeat(50)}`, 1]));
    const [reply] = await exchange(installInput(junk));
    expect(reply).toMatchObject({ type: 'error', id: 1, error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(reply).length).toBeLessThan(4096);
    const detail = reply?.type === 'error' ? reply.error.detail ?? '' : '';
    expect(detail).toMatch(/^options: Unrecognized keys/);
    expect(detail).toContain('…');
  });

  it('refuses install values with too many keys, in a short answer', async () => {
    const values = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`values.k${i}`, 'v']));
    const [reply] = await exchange(installInput({ values }));
    expect(reply).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST', detail: expect.stringContaining('options.values') } });
    expect(JSON.stringify(reply).length).toBeLessThan(4096);
  });

  it('bounds the error for a message that is not an envelope at all', async () => {
    const [reply] = await exchange({ id: 7, ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) });
    expect(reply).toMatchObject({ type: 'error', id: 7, error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(reply).length).toBeLessThan(4096);
  });

  it('checks what the core answers against the contract too, and sends only what the contract names', async () => {
    const info = { name: 'Meshdeck', version: '1', istio: '1.2', platform: 'linux-x64' };
    expect(await exchange({ type: 'call', id: 2, method: 'app.info', input: {} }, { 'app.info': { ...info, secret: 'not in the contract' } }))
      .toEqual([{ type: 'result', id: 2, output: info }]);
    const [bad] = await exchange({ type: 'call', id: 3, method: 'app.info', input: {} }, { 'app.info': { name: 42 } });
    expect(bad).toMatchObject({ type: 'error', id: 3, error: { code: 'INTERNAL', message: expect.stringContaining('contract') } });
  });
});
