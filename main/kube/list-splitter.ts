/**
 * Splits a Kubernetes List response (`{"kind":…,"metadata":{…},"items":[{…},{…}],…}`) into its items
 * while it downloads, so each item is parsed and dropped on its own: a 40 MB pod list never exists
 * as one string or one object tree, and parsing overlaps the download instead of following it.
 * The list without its items (metadata: resourceVersion, continue) is parsed at the end.
 */
export class ListSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Text of the list outside `items` (small: kind, apiVersion, metadata). */
  private outside = '';
  private phase: 'head' | 'items' | 'tail' = 'head';
  /** Text of the item being read, from chunks before the current one. */
  private partial = '';
  private itemDepth = -1;
  /** Which push() the cached backslash position belongs to (chunks are compared by count, not text). */
  private chunkNo = 0;
  private backslashChunkNo = -1;
  private backslashAt = -1;

  constructor(private readonly onItem: (json: string) => void) {}

  push(chunk: string): void {
    this.chunkNo++;
    let itemStart = this.itemDepth >= 0 ? 0 : -1;
    let outsideStart = this.phase === 'items' ? -1 : 0;
    for (let i = 0; i < chunk.length; i++) {
      if (this.inString) {
        i = this.skipString(chunk, i);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === 34 /* " */) {
        this.inString = true;
        i = this.skipString(chunk, i + 1);
        continue;
      }
      if (c === 123 /* { */ || c === 91 /* [ */) {
        this.depth++;
        if (this.phase === 'head' && c === 91 && this.depth === 2 && (this.outside + chunk.slice(outsideStart, i)).endsWith('"items":')) {
          this.outside += chunk.slice(outsideStart, i + 1);
          outsideStart = -1;
          this.phase = 'items';
        } else if (this.phase === 'items' && c === 123 && this.depth === 3 && this.itemDepth < 0) {
          this.itemDepth = 3;
          itemStart = i;
        }
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        if (this.phase === 'items' && c === 125 && this.depth === this.itemDepth) {
          this.onItem(this.partial + chunk.slice(itemStart, i + 1));
          this.partial = '';
          this.itemDepth = -1;
          itemStart = -1;
        } else if (this.phase === 'items' && c === 93 && this.depth === 2) {
          this.phase = 'tail';
          outsideStart = i;
        }
        this.depth--;
      }
    }
    if (this.itemDepth >= 0) this.partial += chunk.slice(itemStart);
    if (outsideStart >= 0) this.outside += chunk.slice(outsideStart);
  }

  /**
   * Most of a list is string content: jump to the closing quote with indexOf instead of looking at
   * every character. Returns the index of the closing quote, or the chunk's last index if the string
   * goes on in the next chunk.
   */
  private skipString(chunk: string, from: number): number {
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    for (;;) {
      const quote = chunk.indexOf('"', i);
      // Remember the next backslash per chunk: searching again for every string would rescan the chunk.
      if (this.backslashChunkNo !== this.chunkNo || (this.backslashAt >= 0 && this.backslashAt < i)) {
        this.backslashChunkNo = this.chunkNo;
        this.backslashAt = chunk.indexOf('\\', i);
      }
      const backslash = this.backslashAt;
      if (backslash >= 0 && (quote < 0 || backslash < quote)) {
        // An escape: skip the escaped character (which may be in the next chunk).
        if (backslash === chunk.length - 1) {
          this.escaped = true;
          return backslash;
        }
        i = backslash + 2;
        continue;
      }
      if (quote < 0) return chunk.length - 1;
      this.inString = false;
      return quote;
    }
  }

  /** The list itself, items left out. Throws if the text was not a whole JSON object. */
  finish<T>(): T {
    if (this.depth !== 0 || this.inString || this.itemDepth >= 0) throw new SyntaxError('the list ended before it was complete');
    return JSON.parse(this.outside) as T;
  }
}
