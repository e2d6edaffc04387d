import { MAX_DOCUMENT_BYTES, MAX_MESSAGE_BYTES } from '../../../../main/contract/wire.js';

/**
 * How much the editor sends at once, by the contract's two limits: a text the core checks (MAX_DOCUMENT_BYTES) in a
 * message every transport carries (MAX_MESSAGE_BYTES). A larger text stays in the editor (and can be exported) but
 * is not checked, kept as a draft, simulated or applied.
 */
export const MAX_SEND_BYTES = MAX_DOCUMENT_BYTES;
export { MAX_MESSAGE_BYTES };

const encoder = new TextEncoder();

/** The size of a request as it goes over the link (JSON, UTF-8); Infinity without encoding when its texts alone are too long. */
export function payloadBytes(input: unknown, texts: readonly string[] = []): number {
  // A character is at least one byte: texts longer than the limit cannot fit, and are not encoded at every keystroke.
  if (texts.reduce((n, t) => n + t.length, 0) > MAX_MESSAGE_BYTES) return Infinity;
  return encoder.encode(JSON.stringify(input)).length;
}

/** The text is one the core checks, and fits in one request with a little around it (a document name, a context). */
export const textFits = (text: string) => text.length <= MAX_SEND_BYTES && encoder.encode(text).length <= MAX_SEND_BYTES;

/** "840 KB", "10.0 MB" (the size of a text, for the user). */
export function sizeWords(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
