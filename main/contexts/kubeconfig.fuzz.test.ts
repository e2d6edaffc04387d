import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshdeckError, type RpcErrorShape } from '../contract/errors.js';
import { ContextsSnapshot } from '../contract/models.js';
import { KUBECONFIG_LIMITS } from './kubeconfig-yaml.js';
import { contextsSnapshot, mergeKubeconfigs, readKubeconfigFiles, toKubeConfig } from './kubeconfig.js';

/**
 * The loader against thousands of generated kubeconfigs: random structure, mutated real files, alias bombs,
 * oversized and deeply nested text, and files that refer to /dev/zero, /dev/urandom, a named pipe, a directory
 * or nothing. Every input must finish within BOUND_MS, and every failure must be a coded problem that names
 * the file and says why. Seeded, so a failure is reproducible: the message carries the input's number.
 */
const SEED = 0x5eed_11;
const RANDOM_INPUTS = 2000;
/** Per input; generous for a busy two-core machine (a typical input takes about a millisecond). */
const BOUND_MS = 4000;

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const FIXTURE_TEXTS = ['a/config.yaml', 'b/config.yaml', 'full/config.yaml'].map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8'));
const posix = process.platform !== 'win32';

let dir: string;
let fifo: string;
let goodFile: string;
let bigFile: string;
let references: string[];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshdeck-fuzz-'));
  goodFile = path.join(dir, 'token.txt');
  fs.writeFileSync(goodFile, 'fake-token\n');
  bigFile = path.join(dir, 'big.pem');
  fs.writeFileSync(bigFile, Buffer.alloc(2 * 1024 * 1024, 'A'));
  fs.mkdirSync(path.join(dir, 'a-directory'));
  fifo = path.join(dir, 'a-pipe');
  // Devices and named pipes are POSIX things; on Windows those cases are not generated.
  if (posix) execFileSync('mkfifo', [fifo]);
  references = [goodFile, bigFile, path.join(dir, 'a-directory'), path.join(dir, 'missing.pem'), 'relative/missing.pem', 'token.txt',
    ...(posix ? ['/dev/zero', '/dev/urandom', fifo] : [])];
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** mulberry32: small, seeded, good enough to spread inputs. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const KEYS = ['apiVersion', 'kind', 'clusters', 'users', 'contexts', 'current-context', 'name', 'cluster', 'user', 'context', 'server',
  'certificate-authority', 'certificate-authority-data', 'insecure-skip-tls-verify', 'proxy-url', 'tls-server-name', 'namespace',
  'token', 'tokenFile', 'client-certificate', 'client-key', 'client-certificate-data', 'exec', 'command', 'args', 'env', 'auth-provider',
  'config', 'username', 'password', 'as', '<<', '__proto__', 'constructor'];
const SCALARS = ['', 'null', '~', 'yes', 'no', 'on', '0x1F', '1e3', '2024-01-01', 'https://127.0.0.1:6443', 'https://u:p@h:1', '*', '&', '!', '|', '>',
  '[', ']', '{', '}', ',', '#', '%YAML 1.1', '---', '...', '"', "'", '\t', '\\', 'ü', '\u0000', '<<'];

/** A random JS value shaped a bit like a kubeconfig, serialised by the YAML library (valid YAML, odd shapes). */
function randomValue(r: Rng, depth: number): unknown {
  const roll = r.int(depth > 4 ? 3 : 6);
  if (roll === 0) return r.pick(SCALARS);
  if (roll === 1) return r.next() < 0.5 ? r.int(1000) : r.next() < 0.5;
  if (roll === 2) return r.pick(references);
  if (roll === 3) return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
  return Object.fromEntries(Array.from({ length: r.int(5) }, () => [r.pick(KEYS), randomValue(r, depth + 1)]));
}

/** A kubeconfig that is well formed but refers to one of the references for every file it names. */
function referringKubeconfig(r: Rng): string {
  const ref = () => r.pick(references);
  return stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'c0',
    clusters: [{ name: 'k', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority': ref() } }],
    users: [{ name: 'u', user: r.next() < 0.5 ? { tokenFile: ref() } : { 'client-certificate': ref(), 'client-key': ref() } }],
    contexts: [{ name: 'c0', context: { cluster: 'k', user: 'u' } }],
  });
}

/** Random text edits of a real kubeconfig: mostly broken YAML or broken shapes. */
function mutated(r: Rng): string {
  let text = r.pick(FIXTURE_TEXTS);
  for (let n = 1 + r.int(6); n > 0; n--) {
    const at = r.int(text.length + 1);
    const edit = r.int(4);
    if (edit === 0) text = text.slice(0, at) + text.slice(at + 1 + r.int(20));
    else if (edit === 1) text = text.slice(0, at) + r.pick([...SCALARS, ': ', '- ', '\n', '\n  ', '&a ', '*a ', '<<: *a\n']) + text.slice(at);
    else if (edit === 2) text = text.slice(0, at) + text.slice(at, at + r.int(200)).repeat(1 + r.int(3)) + text.slice(at);
    else text = text.slice(0, at);
  }
  return text;
}

/** Inputs made to hit each limit, plus their near misses. */
function hostileInputs(): { name: string; text: string; expect?: RegExp }[] {
  const laughs = (levels: number, fanout: number) => {
    const lines = ['a0: &a0 [lol]'];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: fanout }, () => `*a${i - 1}`).join(', ')}]`);
    lines.push(`clusters: [{name: x, cluster: {server: *a${levels}}}]`);
    return lines.join('\n');
  };
  const manyAliases = (n: number) => `x: &a 1\nl:\n${'- *a\n'.repeat(n)}`;
  // Each entry's body is an alias: resolving one used to walk the whole document, so this was quadratic.
  const aliasedEntries = (n: number) => `c: &c {server: "https://h:1"}\nclusters:\n${Array.from({ length: n }, (_, i) => `- {name: c${i}, cluster: *c}\n`).join('')}`;
  const mergeBomb = ['b0: &b0 {k0: v}', ...Array.from({ length: 12 }, (_, i) => `b${i + 1}: &b${i + 1} {<<: [${Array.from({ length: 8 }, () => `*b${i}`).join(', ')}], k${i + 1}: v}`),
    'users: [{name: u, user: {<<: *b12}}]'].join('\n');
  return [
    { name: 'billion laughs', text: laughs(9, 10), expect: /expand to more than/ },
    { name: 'small laughs (allowed)', text: laughs(2, 3) },
    { name: '20,000 aliases', text: manyAliases(20_000), expect: /more than 1000 aliases/ },
    { name: '1,000 aliases (allowed)', text: manyAliases(1000) },
    { name: '5,000 aliased entries', text: aliasedEntries(5000), expect: /more than 1000 aliases/ },
    { name: '1,000 aliased entries (allowed)', text: aliasedEntries(1000) },
    { name: 'merge-key bomb', text: mergeBomb, expect: /expand to more than/ },
    { name: 'alias inside its own anchor', text: 'users: &u [{name: a, user: {token: x}}, *u]', expect: /contains it|not a mapping|must be a mapping/ },
    { name: 'alias to nothing', text: 'users: [{name: a, user: *nowhere}]', expect: /./ },
    { name: 'just over the size limit', text: `# ${'x'.repeat(KUBECONFIG_LIMITS.maxBytes)}\n`, expect: /larger than 4 MiB/ },
    { name: 'nested brackets', text: `a: ${'['.repeat(100_000)}`, expect: /brackets are nested more than 64/ },
    { name: 'nested indentation', text: Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'), expect: /nested more than 256 columns/ },
    { name: 'compact nested lists', text: `${'- '.repeat(5000)}x`, expect: /nested more than 256 columns/ },
    { name: 'too many lines', text: 'a:\n' + '  - x\n'.repeat(KUBECONFIG_LIMITS.maxStructure + 10), expect: /more than 65536 lines/ },
    { name: 'too many flow items', text: `a: [${'1,'.repeat(KUBECONFIG_LIMITS.maxStructure + 10)}]`, expect: /more than 65536 lines/ },
    { name: 'many keys in one mapping, under the limits', text: 'a:\n' + Array.from({ length: 60_000 }, (_, i) => `  k${i}: ${i}`).join('\n') },
    { name: 'repeated key', text: 'clusters: []\nclusters: []\n', expect: /repeats a key/ },
    { name: 'a long certificate line, under the limits', text: stringify({ clusters: [{ name: 'c', cluster: { server: 'https://h', 'certificate-authority-data': 'A'.repeat(3 * 1024 * 1024) } }] }) },
  ];
}

interface Outcome { problems: RpcErrorShape[]; contexts: number; credentialErrors: number }

/** The loader end to end, for one file: read, merge, summarise (checked against the contract), build each context. */
async function load(file: string): Promise<Outcome> {
  const files = await readKubeconfigFiles([file]);
  const merged = mergeKubeconfigs(files);
  const snapshot = ContextsSnapshot.parse(contextsSnapshot([file], files, merged));
  for (const problem of snapshot.problems) {
    expect(problem.code).toBe('KUBECONFIG_MALFORMED');
    expect(problem.message).toContain(file);
    expect(problem.detail?.length ?? 0).toBeGreaterThan(0);
    expect(problem.detail!.length).toBeLessThan(300);
  }
  let credentialErrors = 0;
  for (const context of snapshot.contexts.slice(0, 20)) {
    try {
      await toKubeConfig(merged, context.name, { get: () => Promise.reject(new Error('no plugin runs while loading')) });
    } catch (err) {
      if (!(err instanceof MeshdeckError)) throw err;
      expect(['CONTEXT_INCOMPLETE', 'CREDENTIALS_UNREADABLE']).toContain(err.code);
      if (err.code === 'CREDENTIALS_UNREADABLE') {
        credentialErrors++;
        expect(err.message).toMatch(/ \(.+\) cannot be read: it (does not exist|is a directory|is a named pipe|is a device|is larger than)/);
      }
    }
  }
  return { problems: snapshot.problems, contexts: snapshot.contexts.length, credentialErrors };
}

async function withinBound(label: string, run: () => Promise<Outcome>): Promise<Outcome> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not finish within ${BOUND_MS} ms`)), BOUND_MS);
  });
  try {
    const outcome = await Promise.race([run(), late]);
    const elapsed = performance.now() - started;
    expect(elapsed, `${label} took ${Math.round(elapsed)} ms`).toBeLessThan(BOUND_MS);
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}

describe('kubeconfig loader, fuzzed', () => {
  it(`ends within ${BOUND_MS} ms on each of ${RANDOM_INPUTS} seeded inputs, failing only with coded, explained problems`, async () => {
    const r = prng(SEED);
    const totals = { problems: 0, contexts: 0, credentialErrors: 0 };
    for (let i = 0; i < RANDOM_INPUTS; i++) {
      const kind = i % 4;
      const text = kind === 0 ? stringify(randomValue(r, 0)) : kind === 1 ? mutated(r) : kind === 2 ? referringKubeconfig(r) : stringify(r.pick([
        { clusters: [randomValue(r, 1)], users: [randomValue(r, 1)], contexts: [{ name: 'c', context: randomValue(r, 2) }] },
        randomValue(r, 0),
      ]));
      const file = path.join(dir, `input-${i}.yaml`);
      fs.writeFileSync(file, text);
      const outcome = await withinBound(`input ${i} (seed ${SEED})`, () => load(file));
      totals.problems += outcome.problems.length;
      totals.contexts += outcome.contexts;
      totals.credentialErrors += outcome.credentialErrors;
    }
    // The generator must reach every class, or the test proves less than it says.
    expect(totals.problems).toBeGreaterThan(RANDOM_INPUTS / 10);
    expect(totals.contexts).toBeGreaterThan(RANDOM_INPUTS / 10);
    expect(totals.credentialErrors).toBeGreaterThan(RANDOM_INPUTS / 10);
  }, 120_000);

  it('refuses alias bombs, oversized and deeply nested files within the bound, saying which limit', async () => {
    for (const [i, input] of hostileInputs().entries()) {
      const file = path.join(dir, `hostile-${i}.yaml`);
      fs.writeFileSync(file, input.text);
      const { problems } = await withinBound(input.name, () => load(file));
      if (input.expect) {
        expect(problems, input.name).toHaveLength(1);
        expect(`${problems[0]?.message} ${problems[0]?.detail}`, input.name).toMatch(input.expect);
      } else {
        expect(problems, input.name).toEqual([]);
      }
    }
  }, 120_000);

  it.runIf(posix)('reads no kubeconfig that is a device, a named pipe or a directory, and says which', async () => {
    const cases: [string, RegExp][] = [
      ['/dev/zero', /it is a device, not a regular file/],
      ['/dev/urandom', /it is a device, not a regular file/],
      [fifo, /it is a named pipe, not a regular file/],
      [path.join(dir, 'a-directory'), /it is a directory, not a regular file/],
      [bigFile.replace('big.pem', 'huge.yaml'), /it is larger than 4 MiB/],
    ];
    fs.writeFileSync(cases[4]![0], Buffer.alloc(KUBECONFIG_LIMITS.maxBytes + 1, '#'));
    for (const [file, reason] of cases) {
      const { problems } = await withinBound(file, () => load(file));
      expect(problems, file).toHaveLength(1);
      const [problem] = problems;
      expect(problem).toMatchObject({ code: 'KUBECONFIG_MALFORMED', message: `${file} could not be read, so none of its contexts were loaded.`, location: { file } });
      expect(problem?.detail).toMatch(reason);
    }
    // A missing file is skipped silently, as kubectl does.
    expect((await withinBound('missing', () => load(path.join(dir, 'nope.yaml')))).problems).toEqual([]);
  }, 60_000);
});
