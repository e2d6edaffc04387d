import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { MeshdeckClient } from '../contract/client.js';

/**
 * The command line's verbs as a table: each names its words ("mesh enable"), its options and its
 * positionals, and is parsed strictly by Node's own argument parser, so an unknown or misspelt flag is
 * refused with that verb's usage instead of being ignored.
 */

type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Invocation {
  client: MeshdeckClient;
  values: Values;
  positionals: string[];
}

export interface Verb {
  /** The words that select it, e.g. "mesh enable". */
  words: string;
  /** Arguments after the words, as shown in the usage, e.g. "NAMESPACE --context NAME [--yes]". */
  synopsis: string;
  summary: string;
  options: Options;
  /** Names of the positionals it takes (in order); more or fewer are refused. */
  positionals?: string[];
  /** Options that must be given. */
  required?: string[];
  run(i: Invocation): Promise<number>;
}

export const HELP: Options = { help: { type: 'boolean', short: 'h' } };
export const CONTEXT: Options = { context: { type: 'string' } };
export const JSON_FLAG: Options = { json: { type: 'boolean' } };

export function usageOf(v: Verb): string {
  return `usage: meshdeck ${v.words} ${v.synopsis}\n  ${v.summary}`;
}

export function overallUsage(verbs: readonly Verb[]): string {
  return ['usage: meshdeck <command> [options]   (every command answers --help)', ...verbs.map((v) => `  ${v.words.padEnd(18)} ${v.summary}`)].join('\n');
}

/** The verb whose words start argv (the longest match), and the arguments after them. */
export function findVerb(verbs: readonly Verb[], argv: readonly string[]): { verb: Verb; rest: string[] } | undefined {
  let best: { verb: Verb; rest: string[] } | undefined;
  for (const verb of verbs) {
    const words = verb.words.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.verb.words.split(' ').length)) {
      best = { verb, rest: argv.slice(words.length) };
    }
  }
  return best;
}

export type Parsed = { ok: true; values: Values; positionals: string[]; help: boolean } | { ok: false; error: string };

/** Parses a verb's arguments strictly: unknown flags, missing values, extra or missing positionals and required options are errors. */
export function parseVerb(verb: Verb, rest: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...verb.options, ...HELP }, allowPositionals: true, strict: true });
  } catch (e) {
    return { ok: false, error: (e as Error).message.replace(/\. To specify a positional argument.*$/s, '.') };
  }
  const values = parsed.values as Values;
  if (values.help) return { ok: true, values, positionals: parsed.positionals, help: true };
  const names = verb.positionals ?? [];
  if (parsed.positionals.length > names.length) return { ok: false, error: `Unexpected argument '${parsed.positionals[names.length]}'.` };
  if (parsed.positionals.length < names.length) return { ok: false, error: `Missing ${names[parsed.positionals.length]}.` };
  const missing = (verb.required ?? []).find((r) => values[r] === undefined);
  if (missing) return { ok: false, error: `Missing --${missing}.` };
  return { ok: true, values, positionals: parsed.positionals, help: false };
}

export const str = (v: Values, name: string) => v[name] as string | undefined;
export const list = (v: Values, name: string) => (v[name] as string[] | undefined) ?? [];
export const flag = (v: Values, name: string) => v[name] === true;
