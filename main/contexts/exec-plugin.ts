import { spawn, type ChildProcess } from 'node:child_process';
import { z } from 'zod';
import { MeshdeckError } from '../contract/errors.js';

/** What a kubeconfig's `exec` asks to run, as it will be run. */
export interface ExecPluginSpec {
  /** The kubeconfig file that defines the user whose plugin this is: confirmations are per file. */
  sourceFile: string;
  /** Resolved against sourceFile's folder when path-like; a bare name is looked up on PATH. */
  command: string;
  args: string[];
  /** Merged over Meshdeck's environment; includes KUBERNETES_EXEC_INFO. */
  env: { name: string; value: string }[];
  installHint?: string;
}

/** What a plugin gave: a bearer token and/or a client certificate, and until when (epoch ms) if it said. */
export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expiresAt?: number;
}

const MAX_STDOUT_BYTES = 1024 * 1024;
const MAX_STDERR_CHARS = 4000;
/** After SIGTERM to its group, a plugin has this long before SIGKILL. */
const KILL_GRACE_MS = 1000;

const ExecCredentialOutput = z.object({
  kind: z.literal('ExecCredential'),
  status: z.object({
    token: z.string().optional(),
    clientCertificateData: z.string().optional(),
    clientKeyData: z.string().optional(),
    expirationTimestamp: z.string().optional(),
  }),
});

/** Plugins running now, so that the process exiting stops them with their children. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // A plugin runs in its own process group (detached), so -pid reaches everything it started.
    if (process.platform === 'win32') spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    else process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Stops a plugin and what it started: SIGTERM to its group now, SIGKILL after a grace period. */
function stop(child: ChildProcess): void {
  killGroup(child, 'SIGTERM');
  setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
}

/**
 * Runs one credential plugin the way client-go does (args, env over ours, no terminal), with a timeout that
 * stops it and its whole process group, as does `signal`; every failure is a coded error in plain words.
 */
export function runExecPlugin(spec: ExecPluginSpec, timeoutMs: number, signal?: AbortSignal): Promise<ExecCredential> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => running.forEach((child) => killGroup(child, 'SIGKILL')));
  }
  const env = { ...process.env };
  for (const { name, value } of spec.env) env[name] = value;
  return new Promise<ExecCredential>((resolve, reject) => {
    if (signal?.aborted) return reject(new MeshdeckError({ code: 'CANCELLED', message: 'Meshdeck is shutting down.' }));
    const child = spawn(spec.command, spec.args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32', windowsHide: true });
    running.add(child);
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => {
      stop(child);
      finish(() => reject(new MeshdeckError({ code: 'CANCELLED', message: 'Meshdeck stopped the credential plugin because it is shutting down.' })));
    };
    signal?.addEventListener('abort', onAbort);
    const timer = setTimeout(() => {
      stop(child);
      finish(() => reject(new MeshdeckError({
        code: 'TIMEOUT',
        message: `The credential plugin did not finish within ${Math.round(timeoutMs / 1000)} s, so Meshdeck stopped it (is it waiting for a login?).`,
        detail: spec.command,
      })));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= MAX_STDOUT_BYTES) return void stdout.push(chunk);
      stop(child);
      finish(() => reject(failed(`its output is larger than ${MAX_STDOUT_BYTES / 1024 / 1024} MiB`)));
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr = (stderr + text).slice(0, MAX_STDERR_CHARS);
    });
    child.on('error', (err) => {
      running.delete(child);
      const hint = spec.installHint ? ` ${spec.installHint}` : '';
      finish(() => reject(new MeshdeckError({ code: 'EXEC_PLUGIN_MISSING', message: 'The credential plugin this context runs was not found.', detail: `${err.message}${hint}` })));
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      if (code !== 0) return finish(() => reject(failed(stderr.trim() || (signal ? `stopped by ${signal}` : `exited with code ${code}`))));
      finish(() => {
        try {
          resolve(parseCredential(Buffer.concat(stdout).toString('utf8')));
        } catch (err) {
          reject(err);
        }
      });
    });
  });
}

function failed(detail: string): MeshdeckError {
  return new MeshdeckError({ code: 'EXEC_PLUGIN_FAILED', message: 'The credential plugin this context runs failed.', detail });
}

function parseCredential(text: string): ExecCredential {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // V8's message quotes what it parsed, which may be a token: say what it was, not what it said.
    throw failed('its output is not a valid ExecCredential (not JSON)');
  }
  const parsed = ExecCredentialOutput.safeParse(json);
  if (!parsed.success) throw failed('its output is not a valid ExecCredential (no kind ExecCredential with a status)');
  const { token, clientCertificateData, clientKeyData, expirationTimestamp } = parsed.data.status;
  if (!token && !(clientCertificateData && clientKeyData)) throw failed('its ExecCredential holds neither a token nor a client certificate and key');
  const expiresAt = expirationTimestamp ? Date.parse(expirationTimestamp) : undefined;
  if (expiresAt !== undefined && Number.isNaN(expiresAt)) throw failed('its ExecCredential has an expirationTimestamp that is not a time');
  return { token, clientCertificateData, clientKeyData, expiresAt };
}
