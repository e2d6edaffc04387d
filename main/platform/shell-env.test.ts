import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginShellEnv, mergeShellEnv, parseEnvBlock } from './shell-env.js';

const M = '__MESHDECK_ENV_abc123__';

describe('parseEnvBlock', () => {
  it('reads NUL-separated entries between the markers, ignoring noise around them', () => {
    const text = `Welcome to your shell!\nlast login: today\n${M}PATH=/usr/local/bin:/usr/bin\0HOME=/home/u\0${M}bye\n`;
    expect(parseEnvBlock(text, M)).toEqual({ PATH: '/usr/local/bin:/usr/bin', HOME: '/home/u' });
  });

  it('keeps newlines, equals signs and empty values inside values', () => {
    const text = `${M}MULTI=line one\nline two\0EQ=a=b=c\0EMPTY=\0${M}`;
    expect(parseEnvBlock(text, M)).toEqual({ MULTI: 'line one\nline two', EQ: 'a=b=c', EMPTY: '' });
  });

  it('skips entries without a name or with a name that is not an identifier', () => {
    const text = `${M}=nothing\0BASH_FUNC_f%%=() {  echo hi\n}\0noequals\0OK_1=yes\0${M}`;
    expect(parseEnvBlock(text, M)).toEqual({ OK_1: 'yes' });
  });

  it('returns null without both markers, without entries, or when the block is cut short', () => {
    expect(parseEnvBlock('PATH=/bin\0', M)).toBeNull();
    expect(parseEnvBlock(`${M}PATH=/bin\0`, M)).toBeNull();
    expect(parseEnvBlock(`${M}${M}`, M)).toBeNull();
    expect(parseEnvBlock(`${M}env: illegal option -- 0\n${M}`, M)).toBeNull();
    expect(parseEnvBlock(`${M}PATH=/bin\0HOME=/ho${M}`, M)).toBeNull();
    expect(parseEnvBlock(`${M}PATH=/bin\0${M}`, '')).toBeNull();
  });
});

describe('mergeShellEnv', () => {
  it("lets the login shell's values win, except for process-specific ones", () => {
    const current = { PATH: '/usr/bin', HOME: '/home/u', PWD: '/', ELECTRON_RUN_AS_NODE: undefined, ELECTRON_X: '1', ONLY_HERE: 'kept' };
    const shell = { PATH: '/opt/homebrew/bin:/usr/bin', KUBECONFIG: '/home/u/.kube/a:/home/u/.kube/b', PWD: '/home/u', SHLVL: '2', _: '/usr/bin/env', ELECTRON_X: '2' };
    expect(mergeShellEnv(current, shell)).toEqual({
      PATH: '/opt/homebrew/bin:/usr/bin',
      HOME: '/home/u',
      PWD: '/',
      ELECTRON_X: '1',
      ONLY_HERE: 'kept',
      KUBECONFIG: '/home/u/.kube/a:/home/u/.kube/b',
    });
  });
});

const posix = process.platform !== 'win32' && existsSync('/usr/bin/env');
const shell = ['/bin/bash', '/bin/sh'].find((s) => existsSync(s));

describe.runIf(posix && shell)('loginShellEnv', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'meshdeck-shell-env-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("returns the login shell's environment", async () => {
    const env = await loginShellEnv(shell!, 10_000, { ...process.env, MESHDECK_TEST_VALUE: 'a\nb=c' });
    expect(env).not.toBeNull();
    expect(env!.MESHDECK_TEST_VALUE).toBe('a\nb=c');
    expect(env!.PATH).toBeTruthy();
    expect(env!.MESHDECK_RESOLVING_ENVIRONMENT).toBeUndefined();
  });

  it('gives up with null after the timeout', async () => {
    const slow = path.join(dir, 'slow-shell');
    await writeFile(slow, '#!/bin/sh\nsleep 30\n');
    await chmod(slow, 0o755);
    const started = Date.now();
    expect(await loginShellEnv(slow, 300)).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('returns null for a missing shell or one that prints no environment', async () => {
    expect(await loginShellEnv(path.join(dir, 'no-such-shell'), 5_000)).toBeNull();
    const mute = path.join(dir, 'mute-shell');
    await writeFile(mute, '#!/bin/sh\necho hello\n');
    await chmod(mute, 0o755);
    expect(await loginShellEnv(mute, 5_000)).toBeNull();
  });
});
