import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MeshdeckError } from '../contract/errors.js';
import { recordFailures, RecentLog } from './recent-log.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'meshdeck-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RecentLog', () => {
  it('keeps redacted entries on disk, newest last', () => {
    const log = new RecentLog(path.join(dir, 'a', 'meshdeck.log'), () => new Date('2026-12-01T00:00:00Z'));
    log.write({ level: 'warn', message: 'first' });
    log.write({ level: 'error', message: 'login failed with token: tokenPlanted0001' });
    expect(log.entries()).toEqual([
      { at: '2026-12-01T00:00:00.000Z', level: 'warn', message: 'first' },
      { at: '2026-12-01T00:00:00.000Z', level: 'error', message: 'login failed with token: [redacted]' },
    ]);
    expect(readFileSync(log.file, 'utf8')).not.toContain('tokenPlanted0001');
    expect(log.entries(1)).toHaveLength(1);
  });

  it('stays small: trimmed to the newest lines', () => {
    const log = new RecentLog(path.join(dir, 'b.log'));
    for (let i = 0; i < 1500; i++) log.write({ level: 'warn', message: `line ${i} ${'x'.repeat(500)}` });
    const entries = log.entries(10_000);
    expect(entries.length).toBeLessThan(1500);
    expect(entries.at(-1)?.message).toMatch(/^line 1499 /);
  });
});

describe('recordFailures', () => {
  it('logs failed calls and streams with their method, and passes results and errors through', async () => {
    const log = new RecentLog(path.join(dir, 'c.log'));
    const handlers = recordFailures({
      'app.info': async () => ({ ok: true }),
      'contexts.probe': async () => { throw new MeshdeckError({ code: 'UNREACHABLE', message: 'unreachable', detail: 'dial tcp 10.0.0.1:6443' }); },
      'sandbox.up': async function* () { yield 1; throw new Error('stream broke'); },
    }, log);
    await expect(handlers['app.info']()).resolves.toEqual({ ok: true });
    await expect(handlers['contexts.probe']()).rejects.toThrow('unreachable');
    const seen: number[] = [];
    await expect((async () => { for await (const n of handlers['sandbox.up']()) seen.push(n); })()).rejects.toThrow('stream broke');
    expect(seen).toEqual([1]);
    expect(log.entries().map((e) => [e.method, e.message])).toEqual([
      ['contexts.probe', 'UNREACHABLE: unreachable: dial tcp 10.0.0.1:6443'],
      ['sandbox.up', 'stream broke'],
    ]);
  });
});
