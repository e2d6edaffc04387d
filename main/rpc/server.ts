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

const MAX_ISSUES_SHOWN = 3;
const MAX_ISSUE_CHARS = 300;

/**
 * A validation failure in a few lines: the first issues, each cut short. Zod's own text lists every unknown key
 * and every failing entry, so a large request would draw an even larger reply.
 */
export function describeIssues(error: z.ZodError): string {
  const cut = (text: string) => (text.length > MAX_ISSUE_CHARS ? `${text.slice(0, MAX_ISSUE_CHARS)}…` : text);
  const lines = error.issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const where = issue.path.map(String).join('.');
    return cut(where ? `${where}: ${issue.message}` : issue.message);
  });
  const more = error.issues.length - lines.length;
  if (more > 0) lines.push(`(and ${more} more)`);
  return lines.join('\n');
}

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
        if (!parsed.success) return emit({ type: 'error', id, error: badRequest(describeIssues(parsed.error)) });
        try {
          const handler = handlers[method] as (i: unknown) => Promise<unknown>;
          // Answers are held to the contract too: a bug cannot send a field the contract does not name (a
          // credential, a path); zod drops unknown keys, and a wrong shape becomes an error instead.
          const output = api[method].output.safeParse(await handler(parsed.data));
          if (!output.success) {
            return emit({ type: 'error', id, error: { code: 'INTERNAL', message: 'Meshdeck produced an answer outside its contract.', detail: describeIssues(output.error) } });
          }
          emit({ type: 'result', id, output: output.data });
        } catch (err) {
          emit({ type: 'error', id, error: toErrorShape(err) });
        }
      }

      async function runStream(id: number, method: StreamMethod, input: unknown) {
        const parsed = api[method].input.safeParse(input);
        if (!parsed.success) return emit({ type: 'error', id, error: badRequest(describeIssues(parsed.error)) });
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
            return emit({ type: 'error', id, error: badRequest(describeIssues(message.error)) });
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
