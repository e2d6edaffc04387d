import { homedir } from 'node:os';
import { delimiter } from 'node:path';
import { toErrorShape } from '../contract/errors.js';
import type { ContextsSnapshot, ProbeResult } from '../contract/models.js';
import { ClusterConnection } from '../kube/connection.js';
import { ChangeSignal } from '../util/latest-value.js';
import { kubeconfigPaths } from './kubeconfig-paths.js';
import { contextsSnapshot, mergeKubeconfigs, readKubeconfigFiles, toKubeConfig, watchKubeconfigFiles, type MergedKubeconfig } from './kubeconfig.js';

export interface ContextsServiceOptions {
  env: NodeJS.ProcessEnv;
  /** Meshdeck's own files (the sandbox's kubeconfig), read after kubectl's so the user's names win. */
  extraFiles?: string[];
}

/** Kubeconfig contexts as kubectl sees them, kept fresh as the files change, and connections to them. */
export class ContextsService {
  readonly paths: string[];
  private merged: MergedKubeconfig | undefined;
  private snapshot: ContextsSnapshot | undefined;

  constructor(opts: ContextsServiceOptions) {
    const base = kubeconfigPaths(opts.env, opts.env.HOME || opts.env.USERPROFILE || homedir(), delimiter);
    this.paths = [...base, ...(opts.extraFiles ?? []).filter((f) => !base.includes(f))];
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
    return new ClusterConnection(await toKubeConfig(this.merged!, name), name);
  }

  /** Can this context reach its cluster and authenticate? Never throws: the error is part of the answer. */
  async probe(name: string, timeoutMs = 5000): Promise<ProbeResult> {
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
}
