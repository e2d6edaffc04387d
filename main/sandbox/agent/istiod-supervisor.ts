import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Deployment } from '@kubernetes/client-node';
import { istiodPorts } from '../istio-ports.js';
import { isAlive, readTracked, startDaemon, stopProcess, untrack, type TrackedProcess } from '../processes.js';

export interface SupervisorConfig {
  pilotDiscovery: string;
  kubeconfig: string;
  stateDir: string;
  logsDir: string;
  pidsFile: string;
  log(msg: string): void;
}

/** An istiod Deployment is recognised the way Istio's charts label it. */
export const isIstiod = (d: V1Deployment) => d.metadata?.labels?.app === 'istiod' && !d.metadata?.deletionTimestamp;
export const revisionOf = (d: V1Deployment) => d.metadata?.labels?.['istio.io/rev'] || 'default';

/** The container env a kubelet would give istiod: plain values and the downward API fields we can answer. */
export function istiodEnv(d: V1Deployment, podName: string): Record<string, string> {
  const container = d.spec?.template.spec?.containers.find((c) => c.name === 'discovery') ?? d.spec?.template.spec?.containers[0];
  const env: Record<string, string> = {};
  for (const e of container?.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    const field = e.valueFrom?.fieldRef?.fieldPath;
    if (field === 'metadata.namespace') env[e.name] = d.metadata?.namespace ?? '';
    else if (field === 'metadata.name') env[e.name] = podName;
    else if (field === 'spec.serviceAccountName') env[e.name] = d.spec?.template.spec?.serviceAccountName ?? 'istiod';
  }
  return env;
}

/**
 * Plays the kubelet for the control plane: one real pilot-discovery per istiod Deployment, on loopback
 * ports chosen by revision, started when the Deployment appears and stopped when it goes.
 */
const roleOf = (d: V1Deployment) => `istiod-${d.metadata!.namespace}-${d.metadata!.name}`;

export class IstiodSupervisor {
  private readonly running = new Map<string, { proc: TrackedProcess; revision: string; generation: number }>();

  constructor(private readonly cfg: SupervisorConfig) {}

  private latest: readonly V1Deployment[] | undefined;
  private draining: Promise<void> | undefined;

  /**
   * Brings the processes in line with the Deployments. Calls arrive from cluster events and a timer, and a
   * stop takes a while: they run one at a time, each with the newest list, or two could start the same istiod.
   */
  sync(deployments: readonly V1Deployment[]): Promise<void> {
    this.latest = deployments;
    this.draining ??= (async () => {
      try {
        for (let next = this.latest; next; next = this.latest) {
          this.latest = undefined;
          await this.syncOnce(next);
        }
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  private async syncOnce(deployments: readonly V1Deployment[]): Promise<void> {
    const wanted = new Map(deployments.filter(isIstiod).map((d) => [`${d.metadata!.namespace}/${d.metadata!.name}`, d]));
    for (const [key, r] of this.running) {
      const d = wanted.get(key);
      if (!d || (d.metadata?.generation ?? 0) !== r.generation || !isAlive(r.proc)) {
        this.cfg.log(`istiod ${key}: stopping (${!d ? 'Deployment gone' : !isAlive(r.proc) ? 'exited' : 'spec changed'})`);
        await stopProcess(r.proc, 5000);
        untrack(this.cfg.pidsFile, r.proc.role);
        this.running.delete(key);
      }
    }
    for (const [key, d] of wanted) if (!this.running.has(key) && !this.adopt(key, d)) this.start(key, d);
  }

  /**
   * An istiod a previous agent started (the agent was restarted, the sandbox was not) is taken over as it
   * runs: starting a second on the same ports would fail, and stopping it would break its webhooks meanwhile.
   */
  private adopt(key: string, d: V1Deployment): boolean {
    const role = roleOf(d);
    const proc = readTracked(this.cfg.pidsFile).find((p) => p.role === role);
    if (!proc || !isAlive(proc)) return false;
    this.cfg.log(`istiod ${key}: pilot-discovery pid ${proc.pid} already runs; taken over`);
    this.running.set(key, { proc, revision: revisionOf(d), generation: d.metadata?.generation ?? 0 });
    return true;
  }

  private start(key: string, d: V1Deployment): void {
    const revision = revisionOf(d);
    const ns = d.metadata!.namespace!;
    const clash = [...this.running.values()].find((r) => r.revision === revision);
    if (clash) {
      this.cfg.log(`istiod ${key}: revision ${revision} already runs (${clash.proc.role}); not starting a second on the same ports`);
      return;
    }
    const ports = istiodPorts(revision);
    const podName = `${d.metadata!.name}-sandbox`;
    // pilot-discovery writes into its working directory: one empty directory per Deployment.
    const cwd = join(this.cfg.stateDir, 'istiod', `${ns}-${d.metadata!.name}`);
    mkdirSync(cwd, { recursive: true });
    const role = roleOf(d);
    const proc = startDaemon({
      role, exe: this.cfg.pilotDiscovery, cwd, logsDir: this.cfg.logsDir, pidsFile: this.cfg.pidsFile,
      env: {
        PATH: process.env.PATH, HOME: cwd,
        ...istiodEnv(d, podName),
        POD_NAMESPACE: ns, POD_NAME: podName, REVISION: revision,
        // The webhooks' serving certificate must be valid for the address the API server dials.
        ISTIOD_CUSTOM_HOST: 'localhost',
        KUBECONFIG: this.cfg.kubeconfig,
      },
      args: [
        'discovery', `--kubeconfig=${this.cfg.kubeconfig}`,
        `--httpAddr=127.0.0.1:${ports.http}`, `--grpcAddr=127.0.0.1:${ports.grpc}`, `--secureGRPCAddr=127.0.0.1:${ports.secureGrpc}`,
        `--httpsAddr=127.0.0.1:${ports.webhook}`, `--monitoringAddr=127.0.0.1:${ports.monitoring}`, `--ctrlz_port=${ports.ctrlz}`,
        '--ctrlz_address=127.0.0.1', '--domain=cluster.local', '--clusterID=Kubernetes', '--log_output_level=default:info',
      ],
    });
    this.cfg.log(`istiod ${key}: started pilot-discovery pid ${proc.pid} for revision ${revision}, webhooks on https://localhost:${ports.webhook}`);
    this.running.set(key, { proc, revision, generation: d.metadata?.generation ?? 0 });
  }

  async stopAll(): Promise<void> {
    this.latest = undefined;
    await this.draining?.catch(() => undefined);
    for (const r of this.running.values()) {
      await stopProcess(r.proc, 5000);
      untrack(this.cfg.pidsFile, r.proc.role);
    }
    this.running.clear();
  }
}
