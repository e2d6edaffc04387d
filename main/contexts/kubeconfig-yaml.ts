import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';

/**
 * Bounds on what one kubeconfig may cost to read. Real kubeconfigs are far inside them (a thousand contexts with
 * embedded certificates is about 6 MiB... of which the parser's cost is in its nodes, not its bytes); a hostile
 * or broken file is refused with a plain reason instead of freezing the core.
 */
export const KUBECONFIG_LIMITS = {
  /** Bytes of one file. */
  maxBytes: 4 * 1024 * 1024,
  /** Bytes of all the files KUBECONFIG lists, together. */
  maxTotalBytes: 16 * 1024 * 1024,
  /** Lines plus flow separators and openers: a cheap upper estimate of the parser's work, taken before parsing. */
  maxStructure: 65_536,
  /** Nesting of [ and {: the parser's time grows faster than linearly with it. */
  maxFlowDepth: 64,
  /** Columns of indentation (and compact `- ` / `? ` nesting) at the start of a line. */
  maxIndent: 256,
  /** Aliases in one file (`*name`); kubeconfigs rarely have any. */
  maxAliases: 1000,
  /** Nodes that aliases may add when expanded (a "billion laughs" expands to far more). */
  maxAliasExpansion: 100_000,
  /** Depth of the converted value, aliases included. */
  maxDepth: 200,
} as const;

/** A fault at a place in the file (offset into the text, when known). */
export class YamlShapeError extends Error {
  constructor(
    message: string,
    readonly offset: number | undefined,
  ) {
    super(message);
  }
}

export interface KubeconfigDocument {
  doc: Document;
  lineCounter: LineCounter;
  /** The node itself, or the one an alias stands for. */
  deref(node: unknown): unknown;
  /** The plain JavaScript value of a node, aliases expanded within the limits. */
  toPlain(node: unknown): unknown;
}

/**
 * Parses kubeconfig text with every cost bounded: a pre-scan refuses text the parser would be slow on, aliases
 * are resolved in one pass over the document (the library resolves each one by walking the whole document, which
 * is quadratic), duplicate keys are found with a set per mapping (the library compares every pair of keys), and
 * alias expansion has a budget. Throws YamlShapeError; the caller names the file.
 */
export function parseKubeconfigYaml(text: string): KubeconfigDocument {
  const tooCostly = costlyShape(text);
  if (tooCostly) throw new YamlShapeError(tooCostly.message, tooCostly.offset);
  const lineCounter = new LineCounter();
  // YAML 1.1 because kubectl's parser (go-yaml v2) is 1.1: `yes`/`on` are booleans there.
  // prettyErrors off: pretty messages quote the offending source line, which may hold a token.
  const doc = parseDocument(text, { version: '1.1', lineCounter, prettyErrors: false, uniqueKeys: false });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    // Drop the quoted source token some messages end with: it could be part of a secret.
    throw new YamlSyntaxError(syntaxError.message.replace(/: ".*$/s, ''), syntaxError.pos[0], lineCounter);
  }
  const targets = indexDocument(doc);
  return { doc, lineCounter, deref: (node) => deref(targets, node), toPlain: (node) => new Converter(targets).convert(node, 0) };
}

/** A syntax error (as opposed to a shape the kubeconfig format does not allow), with its place. */
export class YamlSyntaxError extends YamlShapeError {
  constructor(
    message: string,
    offset: number,
    readonly lineCounter: LineCounter,
  ) {
    super(message, offset);
  }
}

/** The first limit the text exceeds, found in one pass over its characters. */
function costlyShape(text: string): { message: string; offset?: number } | undefined {
  const L = KUBECONFIG_LIMITS;
  if (text.length > L.maxBytes) return { message: `it is larger than ${L.maxBytes / 1024 / 1024} MiB` };
  let structure = 0;
  let flowDepth = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      structure++;
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      // Spaces, tabs and the compact collection indicators `- `, `? `, `: ` all nest the line deeper.
      if (c === 32 || c === 9 || c === 45 || c === 63 || c === 58) {
        if (++indent > L.maxIndent) return { message: `a line is nested more than ${L.maxIndent} columns deep`, offset: i };
        continue;
      }
      lineStart = false;
    }
    if (c === 91 /* [ */ || c === 123 /* { */) {
      structure++;
      if (++flowDepth > L.maxFlowDepth) return { message: `brackets are nested more than ${L.maxFlowDepth} deep`, offset: i };
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (flowDepth > 0) flowDepth--;
    } else if (c === 44 /* , */) {
      structure++;
    }
    if (structure > L.maxStructure) return { message: `it has more than ${L.maxStructure} lines and list items`, offset: i };
  }
  return undefined;
}

/**
 * One walk in document order: each alias is mapped to the latest anchor of its name before it (the YAML rule),
 * aliases are counted, and every mapping's plain keys are checked for repeats (client-go refuses those).
 */
function indexDocument(doc: Document): Map<Node, Node> {
  const latest = new Map<string, Node>();
  const targets = new Map<Node, Node>();
  let aliases = 0;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        if (++aliases > KUBECONFIG_LIMITS.maxAliases) throw new YamlShapeError(`it has more than ${KUBECONFIG_LIMITS.maxAliases} aliases`, offsetOf(node));
        const target = latest.get(node.source);
        if (target) targets.set(node, target);
        return;
      }
      if (node.anchor) latest.set(node.anchor, node);
      if (isMap(node)) {
        const seen = new Set<string>();
        for (const pair of node.items) {
          if (!isScalar(pair.key) || typeof pair.key.value === 'symbol') continue; // `<<` may repeat
          const name = String(pair.key.value);
          if (seen.has(name)) throw new YamlShapeError('a mapping repeats a key', offsetOf(pair.key));
          seen.add(name);
        }
      }
    },
  });
  return targets;
}

function deref(targets: Map<Node, Node>, node: unknown): unknown {
  if (!isAlias(node)) return node;
  const target = targets.get(node);
  if (!target) throw new YamlShapeError('an alias refers to an anchor that is not defined before it', offsetOf(node));
  return target;
}

type Plain = Record<string, unknown>;

/** Node to plain value, like the library's toJS, but with linear alias lookup and a budget for what aliases add. */
class Converter {
  private expanded = 0;
  private readonly open = new Set<Node>();

  constructor(private readonly targets: Map<Node, Node>) {}

  convert(node: unknown, depth: number, viaAlias = false): unknown {
    if (depth > KUBECONFIG_LIMITS.maxDepth) throw new YamlShapeError(`values are nested more than ${KUBECONFIG_LIMITS.maxDepth} deep`, offsetOf(node));
    if (viaAlias && ++this.expanded > KUBECONFIG_LIMITS.maxAliasExpansion) {
      throw new YamlShapeError(`its aliases expand to more than ${KUBECONFIG_LIMITS.maxAliasExpansion} values`, offsetOf(node));
    }
    if (isAlias(node)) {
      const target = deref(this.targets, node) as Node;
      if (this.open.has(target)) throw new YamlShapeError('an alias refers to a value that contains it', offsetOf(node));
      return this.convert(target, depth + 1, true);
    }
    if (isScalar(node)) {
      const value = node.value;
      // Timestamps become their ISO text, as the library's toJS does.
      return value instanceof Date ? value.toISOString() : value;
    }
    if (!isMap(node) && !isSeq(node)) return isPair(node) ? this.pairsToObject([node], depth, viaAlias) : null;
    this.open.add(node);
    try {
      if (isSeq(node)) return node.items.map((item) => this.convert(item, depth + 1, viaAlias));
      return this.pairsToObject(node.items, depth, viaAlias);
    } finally {
      this.open.delete(node);
    }
  }

  private pairsToObject(pairs: readonly unknown[], depth: number, viaAlias: boolean): Plain {
    // No prototype: a key named __proto__ is just a key.
    const out: Plain = Object.create(null) as Plain;
    for (const pair of pairs) {
      if (!isPair(pair) || !isScalar(pair.key)) continue; // complex keys never appear in kubeconfigs
      const value = this.convert(pair.value, depth + 1, viaAlias);
      if (typeof pair.key.value === 'symbol') {
        // `<<` (YAML 1.1 merge): copy keys the mapping does not set itself, from one mapping or a list of them.
        for (const source of Array.isArray(value) ? value : [value]) {
          if (typeof source !== 'object' || source === null || Array.isArray(source)) continue;
          for (const [k, v] of Object.entries(source)) if (!(k in out)) out[k] = v;
        }
      } else {
        out[String(pair.key.value)] = value;
      }
    }
    return out;
  }
}

export function offsetOf(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0];
}
