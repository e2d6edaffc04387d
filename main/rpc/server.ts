import type { z } from 'zod';
import { api, isMethod, type Api, type CallMethod, type EventOf, type OutputOf, type StreamMethod } from '../contract/api.js';
import { MeshdeckError, toErrorShape, type RpcErrorShape } from '../contract/errors.js';
import { ClientMessage, type ServerMessage } from '../contract/wire.js';

export type ParsedInput<K extends keyof Api> = z.output<Api[K]['input']>;

/** The core's implementation of the contract: one function per method. */
export type Handlers = {
  [K in CallMethod]: (input: ParsedInput<K>) => Promise<OutputOf<K>>;
} & {
  [K in StreamMethod]: (input: ParsedInput<K>, signal: AbortSignal) => AsyncIterable<EventOf<K>>;
};

export interface Connection {
  /** Feed one raw message from the transport (already JSON-decoded). */
  receive(raw: unknown): void;
  /** The transport closed: stop every stream of this connection. */
  close(): void;
}

const badRequest = (detail: string): RpcErrorShape => ({ code: 'BAD_REQUEST', message: 'The request did not match the contract.', detail });

/** Serves the contract over any transport: each connection gets its own streams, torn down on close. */
export function createRpcServer(handlers: Handlers) {
  return {
    connect(send: (message: ServerMessage) => void): Connection {
      const streams = new Map<number, AbortController>();
      let closed = false;
      const emit = (message: ServerMessage) => {
        if (!closed) send(message);
      };

      async function runCall(id: number, method: CallMethod, input: unknown) {
        const parsed = api[method].input.safeParse(input);
        if (!parsed.success) return emit({ type: 'error', id, error: badRequest(parsed.error.message) });
        try {
          const handler = handlers[method] as (i: unknown) => Promise<unknown>;
          emit({ type: 'result', id, output: await handler(parsed.data) });
        } catch (err) {
          emit({ type: 'error', id, error: toErrorShape(err) });
        }
      }

      async function runStream(id: number, method: StreamMethod, input: unknown) {
        const parsed = api[method].input.safeParse(input);
        if (!parsed.success) return emit({ type: 'error', id, error: badRequest(parsed.error.message) });
        if (streams.has(id)) return emit({ type: 'error', id, error: badRequest(`stream id ${id} is already in use`) });
        const controller = new AbortController();
        streams.set(id, controller);
        try {
          const handler = handlers[method] as (i: unknown, s: AbortSignal) => AsyncIterable<unknown>;
          for await (const event of handler(parsed.data, controller.signal)) {
            if (controller.signal.aborted) break;
            emit({ type: 'event', id, event });
          }
          if (!controller.signal.aborted) emit({ type: 'end', id });
        } catch (err) {
          if (!controller.signal.aborted) emit({ type: 'error', id, error: toErrorShape(err) });
        } finally {
          streams.delete(id);
        }
      }

      return {
        receive(raw: unknown) {
          const message = ClientMessage.safeParse(raw);
          if (!message.success) {
            const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
            return emit({ type: 'error', id, error: badRequest(message.error.message) });
          }
          const msg = message.data;
          if (msg.type === 'cancel') {
            streams.get(msg.id)?.abort();
            return;
          }
          if (!isMethod(msg.method) || api[msg.method].kind !== msg.type) {
            return emit({ type: 'error', id: msg.id, error: { code: 'NOT_FOUND', message: `No ${msg.type} named ${msg.method}.` } });
          }
          if (msg.type === 'call') void runCall(msg.id, msg.method as CallMethod, msg.input);
          else void runStream(msg.id, msg.method as StreamMethod, msg.input);
        },
        close() {
          closed = true;
          for (const c of streams.values()) c.abort();
          streams.clear();
        },
      };
    },
  };
}

export { MeshdeckError };
