import { api, type CallMethod, type EventOf, type InputOf, type OutputOf, type StreamMethod } from './api.js';
import { MeshdeckError, type RpcErrorShape } from './errors.js';
import type { ClientTransport, ServerMessage } from './wire.js';

interface Pending { resolve(v: unknown): void; reject(e: unknown): void; method: CallMethod }
interface Subscription { onEvent(e: unknown): void; onError(e: RpcErrorShape): void; onEnd(): void; method: StreamMethod }

/** The one client of the contract, used by the UI and the CLI alike; it does not know its transport. */
export class MeshdeckClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly streams = new Map<number, Subscription>();

  constructor(private readonly transport: ClientTransport) {
    transport.onMessage((message) => this.receive(message));
  }

  call<K extends CallMethod>(method: K, input: InputOf<K>): Promise<OutputOf<K>> {
    const id = this.nextId++;
    return new Promise<OutputOf<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.transport.send({ type: 'call', id, method, input });
    });
  }

  /** Starts a stream; returns a function that cancels it. */
  stream<K extends StreamMethod>(
    method: K,
    input: InputOf<K>,
    handlers: { onEvent(event: EventOf<K>): void; onError?(error: RpcErrorShape): void; onEnd?(): void },
  ): () => void {
    const id = this.nextId++;
    this.streams.set(id, {
      method,
      onEvent: handlers.onEvent as (e: unknown) => void,
      onError: handlers.onError ?? (() => {}),
      onEnd: handlers.onEnd ?? (() => {}),
    });
    this.transport.send({ type: 'stream', id, method, input });
    return () => {
      if (this.streams.delete(id)) this.transport.send({ type: 'cancel', id });
    };
  }

  /** Fails every request in flight, e.g. when the transport is lost. */
  failAll(error: RpcErrorShape): void {
    for (const p of this.pending.values()) p.reject(new MeshdeckError(error));
    for (const s of this.streams.values()) s.onError(error);
    this.pending.clear();
    this.streams.clear();
  }

  private receive(message: ServerMessage): void {
    const call = this.pending.get(message.id);
    if (call) {
      this.pending.delete(message.id);
      if (message.type === 'result') {
        const parsed = api[call.method].output.safeParse(message.output);
        if (parsed.success) call.resolve(parsed.data);
        else call.reject(new MeshdeckError({ code: 'BAD_REQUEST', message: 'The core answered in an unexpected shape.', detail: parsed.error.message }));
      } else if (message.type === 'error') {
        call.reject(new MeshdeckError(message.error));
      }
      return;
    }
    const sub = this.streams.get(message.id);
    if (!sub) return;
    if (message.type === 'event') {
      const parsed = api[sub.method].event.safeParse(message.event);
      if (parsed.success) sub.onEvent(parsed.data);
      else {
        // Later events cannot be trusted either: end the stream rather than flip back to "live".
        this.streams.delete(message.id);
        this.transport.send({ type: 'cancel', id: message.id });
        sub.onError({ code: 'BAD_REQUEST', message: 'The core sent an event in an unexpected shape.', detail: parsed.error.message });
      }
    } else if (message.type === 'error') {
      this.streams.delete(message.id);
      sub.onError(message.error);
    } else if (message.type === 'end') {
      this.streams.delete(message.id);
      sub.onEnd();
    }
  }
}
