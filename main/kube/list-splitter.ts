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

  constructor(private readonly onItem: (json: string) => void) {}

  push(chunk: string): void {
    let itemStart = this.itemDepth >= 0 ? 0 : -1;
    let outsideStart = this.phase === 'items' ? -1 : 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) { this.inString = true; continue; }
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

  /** The list itself, items left out. Throws if the text was not a whole JSON object. */
  finish<T>(): T {
    if (this.depth !== 0 || this.inString || this.itemDepth >= 0) throw new SyntaxError('the list ended before it was complete');
    return JSON.parse(this.outside) as T;
  }
}
