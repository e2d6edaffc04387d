/**
 * How much the editor sends at once. The web-mode link carries at most 1 MiB per message (the WebSocket's
 * maxPayload in main/server) and the core checks at most 2 MB of YAML; neither limit is in the contract, so the
 * editor keeps every request under the smaller one, with room for the rest of the message. A larger text stays in
 * the editor (and can be exported) but is not checked, kept as a draft, simulated or applied.
 */
export const MAX_SEND_BYTES = 960 * 1024;

const encoder = new TextEncoder();

/** The size of a request as it goes over the link (JSON, UTF-8); Infinity without encoding when its texts alone are too long. */
export function payloadBytes(input: unknown, texts: readonly string[] = []): number {
  // A character is at least one byte: a text longer than the limit cannot fit, and is not encoded at every keystroke.
  if (texts.reduce((n, t) => n + t.length, 0) > MAX_SEND_BYTES) return Infinity;
  return encoder.encode(JSON.stringify(input)).length;
}

/** The text fits in one request with a little around it (a document name, a context). */
export const textFits = (text: string) => payloadBytes(text, [text]) <= MAX_SEND_BYTES;

/** "840 KB", "10.0 MB" (the size of a text, for the user). */
export function sizeWords(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
