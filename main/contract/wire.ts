import { z } from 'zod';
import { RpcErrorShape } from './errors.js';

/**
 * The most YAML the core checks, keeps as a draft, simulates or applies at once. A client does not send a larger
 * text (the core would refuse it with its words); it says so and keeps the text.
 */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/**
 * The largest message every transport carries (the web mode's WebSocket refuses larger ones): a document at its
 * limit with the texts it was opened from, JSON-escaped, fits.
 */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/**
 * The envelope every transport (Electron IPC, web-mode WebSocket, in-process) carries.
 * A call gets one result or error; a stream gets events until end or error; the client can cancel either.
 */
export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().max(100), input: z.unknown() }),
  z.object({ type: z.literal('stream'), id: z.number().int().nonnegative(), method: z.string().max(100), input: z.unknown() }),
  z.object({ type: z.literal('cancel'), id: z.number().int().nonnegative() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number(), output: z.unknown() }),
  z.object({ type: z.literal('event'), id: z.number(), event: z.unknown() }),
  z.object({ type: z.literal('end'), id: z.number() }),
  z.object({ type: z.literal('error'), id: z.number(), error: RpcErrorShape }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** What a transport must offer the client: send a message, hear messages. */
export interface ClientTransport {
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): () => void;
}
