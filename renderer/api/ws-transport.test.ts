import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MeshdeckClient } from '../../main/contract/client.js';
import type { RpcErrorShape } from '../../main/contract/errors.js';
import { createWsTransport, defaultRpcUrl, type SocketLike } from './ws-transport.js';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  deliver(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

let sockets: FakeSocket[];
const last = () => sockets[sockets.length - 1] as FakeSocket;
const make = (opts: { maxAttempts?: number } = {}) =>
  createWsTransport({ url: 'ws://host/rpc', createSocket: (u) => (sockets.push(new FakeSocket(u)), last()), initialDelayMs: 100, maxDelayMs: 1000, ...opts });

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('defaultRpcUrl', () => {
  it('follows the page protocol', () => {
    expect(defaultRpcUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/rpc');
    expect(defaultRpcUrl({ protocol: 'https:', host: 'example.com' })).toBe('wss://example.com/rpc');
  });
});

describe('createWsTransport', () => {
  it('queues messages until the socket opens, then sends them in order', () => {
    const t = make();
    t.send({ type: 'call', id: 1, method: 'app.info', input: {} });
    t.send({ type: 'stream', id: 2, method: 'contexts.watch', input: {} });
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent.map((m) => (m as { id: number }).id)).toEqual([1, 2]);
    t.send({ type: 'cancel', id: 2 });
    expect(last().sent).toHaveLength(3);
  });

  it('never sends a request that was cancelled while queued', () => {
    const t = make();
    t.send({ type: 'stream', id: 1, method: 'contexts.watch', input: {} });
    t.send({ type: 'cancel', id: 1 });
    last().open();
    expect(last().sent).toEqual([]);
  });

  it('delivers valid server messages and ignores garbage', () => {
    const t = make();
    const got: unknown[] = [];
    t.onMessage((m) => got.push(m));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    last().open();
    last().deliver({ type: 'end', id: 3 });
    last().onmessage?.({ data: 'not json' });
    last().deliver({ type: 'nope' });
    expect(got).toEqual([{ type: 'end', id: 3 }]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('reports a lost connection, so the client fails everything in flight', async () => {
    const t = make();
    const client = new MeshdeckClient(t);
    t.onLost((e) => client.failAll(e));
    last().open();
    const call = client.call('app.info', {});
    const errors: RpcErrorShape[] = [];
    client.stream('contexts.watch', {}, { onEvent() {}, onError: (e) => errors.push(e) });
    last().drop();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/connection to the Meshdeck core was lost/) });
    expect(errors).toHaveLength(1);
    expect(t.getState().status).toBe('lost');
    // It does not reconnect by itself once it had been open.
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('fails a request made while lost at once, instead of leaving it hanging', async () => {
    const t = make();
    const client = new MeshdeckClient(t);
    t.onLost((e) => client.failAll(e));
    last().open();
    last().drop();
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reconnects on demand, with backoff between failed attempts, and bumps the generation', () => {
    const t = make({ maxAttempts: 3 });
    const states: string[] = [];
    t.subscribe(() => states.push(`${t.getState().status}:${t.getState().attempt}`));
    last().open();
    last().drop();
    expect(t.getState()).toMatchObject({ status: 'lost', generation: 0 });

    t.reconnect();
    expect(sockets).toHaveLength(2);
    last().drop(); // attempt 1 fails: the next in 100 ms
    expect(t.getState()).toMatchObject({ status: 'reconnecting', attempt: 2 });
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().drop(); // attempt 2 fails: the next in 200 ms
    vi.advanceTimersByTime(200);
    expect(sockets).toHaveLength(4);
    last().open();
    expect(t.getState()).toMatchObject({ status: 'open', attempt: 0, generation: 1 });
    expect(states).toEqual(['open:0', 'lost:0', 'connecting:1', 'reconnecting:2', 'connecting:2', 'reconnecting:3', 'connecting:3', 'open:0']);
  });

  it('gives up after maxAttempts and waits to be asked again', () => {
    const t = make({ maxAttempts: 2 });
    last().drop(); // first connection, attempt 1
    expect(t.getState().status).toBe('reconnecting');
    vi.advanceTimersByTime(100);
    last().drop(); // attempt 2
    expect(t.getState().status).toBe('lost');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(2);
    t.reconnect();
    expect(sockets).toHaveLength(3);
  });

  it('drops what was queued when an attempt fails (the lost-listeners fail it)', () => {
    const t = make();
    const lost = vi.fn();
    t.onLost(lost);
    t.send({ type: 'call', id: 1, method: 'app.info', input: {} });
    last().drop();
    expect(lost).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    last().open();
    expect(last().sent).toEqual([]);
  });
});
