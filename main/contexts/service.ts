import { homedir } from 'node:os';
import path, { delimiter } from 'node:path';
import { MeshdeckError, toErrorShape } from '../contract/errors.js';
import type { ContextsSnapshot, ExecPluginRef, ProbeResult } from '../contract/models.js';
import { ClusterConnection } from '../kube/connection.js';
import { meshdeckHome } from '../platform/app-home.js';
import { ChangeSignal } from '../util/latest-value.js';
import { ExecCredentials } from './exec-credentials.js';
import { kubeconfigPaths } from './kubeconfig-paths.js';
import { buildClientConfig, contextsSnapshot, mergeKubeconfigs, readKubeconfigFiles, watchKubeconfigFiles, type MergedKubeconfig } from './kubeconfig.js';
import { PluginTrust } from './plugin-trust.js';

export interface ContextsServiceOptions {
  env: NodeJS.ProcessEnv;
  /** Meshdeck's own files (the sandbox's kubeconfig), read after kubectl's so the user's names win. */
  extraFiles?: string[];
  /** Kubeconfigs Meshdeck writes itself: their credential plugins run without a confirmation (see PluginTrust). */
  ownFiles?: string[];
  /** How long a credential plugin may run before it is stopped with its process group. */
  pluginTimeoutMs?: number;
}

/** Kubeconfig contexts as kubectl sees them, kept fresh as the files change, and connections to them. */
export class ContextsService {
  readonly paths: string[];
  private merged: MergedKubeconfig | undefined;
  private snapshot: ContextsSnapshot | undefined;
  private readonly trust: PluginTrust;
  private readonly credentials: ExecCredentials;
  private readonly probes = new Map<string, Promise<ProbeResult>>();

  constructor(opts: ContextsServiceOptions) {
    const base = kubeconfigPaths(opts.env, opts.env.HOME || opts.env.USERPROFILE || homedir(), delimiter);
    this.paths = [...base, ...(opts.extraFiles ?? []).filter((f) => !base.includes(f))];
    this.trust = new PluginTrust(path.join(meshdeckHome(opts.env), 'trusted-exec-plugins.json'), opts.ownFiles);
    this.credentials = new ExecCredentials(this.trust, { timeoutMs: opts.pluginTimeoutMs });
  }

  async list(): Promise<ContextsSnapshot> {
    const files = await readKubeconfigFiles(this.paths);
    this.merged = mergeKubeconfigs(files);
    this.snapshot = contextsSnapshot(this.paths, files, this.merged);
    return this.snapshot;
  }

  /** The list now, then again after every change to any kubeconfig file. */
  async *watch(signal: AbortSignal): AsyncGenerator<ContextsSnapshot> {
    const changes = new ChangeSignal(50);
    const stop = watchKubeconfigFiles(this.paths, () => changes.mark());
    try {
      yield await this.list();
      while (await changes.next(signal)) yield await this.list();
    } finally {
      stop();
      changes.dispose();
    }
  }

  async connection(name: string): Promise<ClusterConnection> {
    if (!this.merged) await this.list();
    const { kubeConfig, execPlugin } = await buildClientConfig(this.merged!, name, this.credentials);
    // A plugin's credential without an expiry is kept until the cluster refuses it (as client-go does).
    return new ClusterConnection(kubeConfig, name, { onUnauthorized: execPlugin ? () => this.credentials.forget(execPlugin) : undefined });
  }

  /**
   * Can this context reach its cluster and authenticate? Never throws: the error is part of the answer. A probe
   * asked for while one of the same context runs waits for that one instead of starting another.
   */
  probe(name: string, timeoutMs = 5000): Promise<ProbeResult> {
    const running = this.probes.get(name);
    if (running) return running;
    const probe = this.probeNow(name, timeoutMs).finally(() => this.probes.delete(name));
    this.probes.set(name, probe);
    return probe;
  }

  private async probeNow(name: string, timeoutMs: number): Promise<ProbeResult> {
    const t0 = performance.now();
    try {
      const conn = await this.connection(name);
      // /version is open to anyone; the second asks something that needs the credentials to be accepted.
      const [v] = await Promise.all([
        conn.getJson<{ gitVersion: string }>('/version', timeoutMs),
        conn.getJson('/apis/authorization.k8s.io/v1', timeoutMs),
      ]);
      return { context: name, reachable: true, serverVersion: v.gitVersion, latencyMs: Math.round(performance.now() - t0) };
    } catch (err) {
      return { context: name, reachable: false, latencyMs: Math.round(performance.now() - t0), error: toErrorShape(err) };
    }
  }

  /**
   * Confirms the credential plugin of a context's user for that user's kubeconfig file, provided the file still
   * asks for the command the user was shown.
   */
  async trustPlugin(context: string, shown: ExecPluginRef): Promise<ExecPluginRef & { context: string }> {
    await this.list(); // compare with the files as they are now
    const merged = this.merged!;
    const ctx = merged.contexts.get(context);
    if (!ctx) throw new MeshdeckError({ code: 'NOT_FOUND', message: `There is no context named "${context}" in your kubeconfig files.` });
    const user = ctx.user ? merged.users.get(ctx.user) : undefined;
    if (!user?.exec) throw new MeshdeckError({ code: 'NOT_FOUND', message: `The context "${context}" runs no credential plugin.` });
    if (user.exec.command !== shown.command || path.resolve(user.sourceFile) !== path.resolve(shown.file)) {
      throw new MeshdeckError({
        code: 'CONFLICT',
        message: `The credential plugin of "${context}" changed since it was shown: it is now ${user.exec.command}, from ${user.sourceFile}. Review it again.`,
      });
    }
    await this.trust.trust(user.sourceFile, user.exec.command);
    return { context, command: user.exec.command, file: user.sourceFile };
  }

  /** Stops credential plugins still running, with their process groups. */
  dispose(): void {
    this.credentials.dispose();
  }
}
