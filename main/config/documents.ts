import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { ConfigObject, ObjectKey, TextRange } from './objects.js';
import { keyOf } from './objects.js';
import { MAX_DOCUMENT_BYTES } from '../contract/wire.js';

/**
 * YAML documents as the editor holds them: parsed with positions, so a finding about a field (a path
 * into the object) points at its line and column. Bounds keep a hostile or accidental paste from
 * freezing the core: the text's size and the number of aliases are capped.
 */
export const MAX_TEXT_BYTES = MAX_DOCUMENT_BYTES;
export const MAX_DOCUMENTS = 500;

export interface ParsedDocument {
  /** The object, when the document is a mapping with apiVersion, kind and metadata.name. */
  object?: ConfigObject;
  key?: ObjectKey;
  /** Where this document starts and ends in the text. */
  range: TextRange;
  /** Syntax and shape problems of this document, each with its range. */
  problems: { message: string; range: TextRange }[];
  /** Range of the node at a path into the object (the closest existing ancestor when the path goes further). */
  rangeOf(path: readonly (string | number)[]): TextRange;
}

export interface ParsedText {
  documents: ParsedDocument[];
  /** Problems of the whole text (too large, too many documents). */
  problems: { message: string; range: TextRange }[];
}

const whole: TextRange = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

/**
 * Parsed chunks by their text: a keystroke changes one document of many, and only that one is parsed
 * again (a 1,000-line text costs tens of milliseconds to parse whole).
 */
const chunkCache = new Map<string, ParsedDocument[]>();
const CHUNK_CACHE_SIZE = 2000;

/** A text split at its `---` separator lines, each piece with the line it starts at. */
function chunksOf(text: string): { text: string; firstLine: number }[] {
  const lines = text.split('\n');
  const out: { text: string; firstLine: number }[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || /^---(\s|$)/.test(lines[i]!)) {
      if (i > start || i === lines.length) out.push({ text: lines.slice(start, i).join('\n'), firstLine: start });
      start = i + 1;
    }
  }
  return out;
}

const shift = (r: TextRange, by: number): TextRange => (by ? { ...r, startLine: r.startLine + by, endLine: r.endLine + by } : r);

export function parseText(text: string, defaultNamespace = 'default'): ParsedText {
  if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES) {
    return { documents: [], problems: [{ message: `The text is ${(Buffer.byteLength(text, 'utf8') / 1048576).toFixed(1)} MB; Meshdeck checks at most ${MAX_TEXT_BYTES / 1048576} MB at once. Split it into several files.`, range: whole }] };
  }
  const documents: ParsedDocument[] = [];
  for (const chunk of chunksOf(text)) {
    const key = `${defaultNamespace}\u0000${chunk.text}`;
    let parsed = chunkCache.get(key);
    if (!parsed) {
      parsed = parseChunk(chunk.text, defaultNamespace);
      if (chunkCache.size >= CHUNK_CACHE_SIZE) chunkCache.delete(chunkCache.keys().next().value!);
      chunkCache.set(key, parsed);
    }
    for (const d of parsed) {
      documents.push(chunk.firstLine ? { ...d, range: shift(d.range, chunk.firstLine), problems: d.problems.map((p) => ({ ...p, range: shift(p.range, chunk.firstLine) })), rangeOf: (path) => shift(d.rangeOf(path), chunk.firstLine) } : d);
    }
  }
  const problems: ParsedText['problems'] = [];
  if (documents.length > MAX_DOCUMENTS) problems.push({ message: `${documents.length} documents; Meshdeck checks at most ${MAX_DOCUMENTS} at once.`, range: whole });
  return { documents: documents.slice(0, MAX_DOCUMENTS), problems };
}

/** One piece of the text (usually one document), parsed with positions relative to its own first line. */
function parseChunk(text: string, defaultNamespace: string): ParsedDocument[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const all = Array.isArray(docs) ? docs : [];
  const toRange = (from: number, to: number): TextRange => {
    const a = lines.linePos(from);
    const b = lines.linePos(Math.max(from, to));
    return { startLine: a.line, startColumn: a.col, endLine: b.line, endColumn: b.col };
  };
  return all.slice(0, MAX_DOCUMENTS).map((doc) => documentOf(doc, toRange, defaultNamespace));
}

function documentOf(doc: Document.Parsed, toRange: (from: number, to: number) => TextRange, defaultNamespace: string): ParsedDocument {
  const [start, , end] = doc.range;
  const range = toRange(start, end);
  const problems = [...doc.errors, ...doc.warnings].map((e) => ({ message: e.message.split('\n')[0]!, range: toRange(e.pos[0], e.pos[1]) }));
  const rangeOf = (path: readonly (string | number)[]): TextRange => {
    let node: unknown = doc.contents;
    let best: YamlNode | undefined = doc.contents ?? undefined;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === step);
        if (!pair) break;
        // Point at the key of a scalar, the whole value of a collection.
        best = (isMap(pair.value) || isSeq(pair.value) ? pair.value : pair.key) as YamlNode;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        const item = node.items[step] as YamlNode | undefined;
        if (!item) break;
        best = item;
        node = item;
      } else break;
    }
    return best?.range ? toRange(best.range[0], best.range[1]) : range;
  };
  if (problems.some((p) => p)) return { range, problems, rangeOf };
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { range, problems: [{ message: (e as Error).message, range }], rangeOf };
  }
  if (js === null || js === undefined) return { range, problems: [], rangeOf };
  const o = js as Partial<ConfigObject>;
  const shape: string[] = [];
  if (typeof js !== 'object' || Array.isArray(js)) shape.push('A document must be a mapping with apiVersion, kind and metadata.');
  else {
    if (typeof o.apiVersion !== 'string') shape.push('apiVersion is missing.');
    if (typeof o.kind !== 'string') shape.push('kind is missing.');
    if (typeof o.metadata?.name !== 'string' || !o.metadata.name) shape.push('metadata.name is missing.');
  }
  if (shape.length) return { range, problems: shape.map((message) => ({ message, range: rangeOf(message.startsWith('metadata') ? ['metadata'] : []) })), rangeOf };
  const object = js as ConfigObject;
  if (!object.metadata.namespace) object.metadata.namespace = defaultNamespace;
  return { object, key: keyOf(object), range, problems: [], rangeOf };
}
