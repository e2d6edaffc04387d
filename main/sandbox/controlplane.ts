import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { componentKubeconfig, tokenAuthCsv } from './kubeconfigs.js';
import { PORTS, POD_CIDR, SERVICE_CIDR, type SandboxLayout } from './layout.js';
import { ensureCa, ensureCert, ensureServiceAccountKey } from './pki.js';
import { writeKwokStages } from './kwok-stages.js';
import { startDaemon, type TrackedProcess } from './processes.js';
import { probe, waitFor } from './wait.js';

export interface Credentials {
  ca: string;
  admin: { cert: string; key: string };
  apiserver: { cert: string; key: string };
  kubeletClient: { cert: string; key: string };
  kubeletServing: { cert: string; key: string };
  sa: { key: string; pub: string };
  kubeconfigs: { controllerManager: string; scheduler: string; kwok: string; admin: string };
  tokenFile: string;
}

/** Certificates and component kubeconfigs, created once and reused. */
export function ensureCredentials(l: SandboxLayout): Credentials {
  const dir = l.pki;
  const ca = ensureCa(dir).cert;
  const caKey = join(dir, 'ca.key');
  const admin = ensureCert(dir, { name: 'admin', commonName: 'sandbox-admin', organization: 'system:masters', usage: 'client' });
  const apiserver = ensureCert(dir, {
    name: 'apiserver', commonName: 'kube-apiserver', usage: 'server',
    sans: ['127.0.0.1', 'localhost', '10.96.0.1', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
  });
  const kubeletClient = ensureCert(dir, { name: 'apiserver-kubelet-client', commonName: 'kube-apiserver-kubelet-client', organization: 'system:masters', usage: 'client' });
  const kubeletServing = ensureCert(dir, { name: 'kwok-kubelet', commonName: 'kwok-kubelet', usage: 'server', sans: ['127.0.0.1', 'localhost'] });
  const kcm = ensureCert(dir, { name: 'controller-manager', commonName: 'system:kube-controller-manager', usage: 'client' });
  const sched = ensureCert(dir, { name: 'scheduler', commonName: 'system:kube-scheduler', usage: 'client' });
  const kwok = ensureCert(dir, { name: 'kwok', commonName: 'kwok', organization: 'system:masters', usage: 'client' });
  const sa = ensureServiceAccountKey(dir);
  const kubeconfigs = {
    controllerManager: join(dir, 'controller-manager.kubeconfig'),
    scheduler: join(dir, 'scheduler.kubeconfig'),
    kwok: join(dir, 'kwok.kubeconfig'),
    admin: join(dir, 'admin.kubeconfig'),
  };
  componentKubeconfig(kubeconfigs.controllerManager, 'system:kube-controller-manager', { caFile: ca, certFile: kcm.cert, keyFile: kcm.key });
  componentKubeconfig(kubeconfigs.scheduler, 'system:kube-scheduler', { caFile: ca, certFile: sched.cert, keyFile: sched.key });
  componentKubeconfig(kubeconfigs.kwok, 'kwok', { caFile: ca, certFile: kwok.cert, keyFile: kwok.key });
  componentKubeconfig(kubeconfigs.admin, 'sandbox-admin', { caFile: ca, certFile: admin.cert, keyFile: admin.key });
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, tokenAuthCsv(), { mode: 0o600 });
  void caKey;
  return { ca, admin, apiserver, kubeletClient, kubeletServing, sa, kubeconfigs, tokenFile };
}

type Start = (role: string, exe: string, args: string[], extra?: { env?: NodeJS.ProcessEnv; cwd?: string }) => TrackedProcess;

export function starter(l: SandboxLayout): Start {
  return (role, exe, args, extra) => startDaemon({ role, exe, args, logsDir: l.logs, pidsFile: l.pidsFile, ...extra });
}

export async function startEtcd(l: SandboxLayout, start: Start): Promise<void> {
  mkdirSync(l.etcdData, { recursive: true, mode: 0o700 });
  start('etcd', l.bin.etcd, [
    '--name=sandbox', `--data-dir=${l.etcdData}`,
    `--listen-client-urls=http://127.0.0.1:${PORTS.etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${PORTS.etcdClient}`,
    `--listen-peer-urls=http://127.0.0.1:${PORTS.etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${PORTS.etcdPeer}`,
    `--initial-cluster=sandbox=http://127.0.0.1:${PORTS.etcdPeer}`,
    // A disposable test cluster: durability is not worth the fsync latency on a shared disk.
    '--unsafe-no-fsync', '--quota-backend-bytes=4294967296', '--log-level=warn',
  ]);
  await waitFor('etcd health', async () => (await probe(`http://127.0.0.1:${PORTS.etcdClient}/health`)) === 200, 30_000, 100);
}

export async function startApiServer(l: SandboxLayout, c: Credentials, start: Start): Promise<void> {
  start('kube-apiserver', l.bin.kubeApiserver, [
    `--etcd-servers=http://127.0.0.1:${PORTS.etcdClient}`,
    '--bind-address=127.0.0.1', `--secure-port=${PORTS.apiServer}`,
    '--advertise-address=127.0.0.1', '--endpoint-reconciler-type=none',
    `--tls-cert-file=${c.apiserver.cert}`, `--tls-private-key-file=${c.apiserver.key}`,
    `--client-ca-file=${c.ca}`,
    `--kubelet-client-certificate=${c.kubeletClient.cert}`, `--kubelet-client-key=${c.kubeletClient.key}`,
    `--kubelet-certificate-authority=${c.ca}`,
    `--service-account-key-file=${c.sa.pub}`, `--service-account-signing-key-file=${c.sa.key}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--token-auth-file=${c.tokenFile}`,
    '--authorization-mode=Node,RBAC',
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--allow-privileged=true',
    '--profiling=false',
  ]);
  await waitFor('kube-apiserver /readyz', async () =>
    (await probe(`https://127.0.0.1:${PORTS.apiServer}/readyz`, { ca: c.ca, cert: c.admin.cert, key: c.admin.key })) === 200, 60_000, 100);
}

export function startControllers(l: SandboxLayout, c: Credentials, start: Start): void {
  start('kube-controller-manager', l.bin.kubeControllerManager, [
    `--kubeconfig=${c.kubeconfigs.controllerManager}`,
    `--authentication-kubeconfig=${c.kubeconfigs.controllerManager}`,
    `--authorization-kubeconfig=${c.kubeconfigs.controllerManager}`,
    `--cluster-signing-cert-file=${c.ca}`, `--cluster-signing-key-file=${join(l.pki, 'ca.key')}`,
    `--root-ca-file=${c.ca}`, `--service-account-private-key-file=${c.sa.key}`,
    '--use-service-account-credentials', '--leader-elect=false', '--bind-address=127.0.0.1',
    `--secure-port=${PORTS.controllerManager}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    // The default 20 QPS makes large Deployments crawl; measured 2.6x faster with these.
    '--kube-api-qps=300', '--kube-api-burst=600', '--concurrent-deployment-syncs=10', '--concurrent-replicaset-syncs=10',
  ]);
  start('kube-scheduler', l.bin.kubeScheduler, [
    `--kubeconfig=${c.kubeconfigs.scheduler}`,
    `--authentication-kubeconfig=${c.kubeconfigs.scheduler}`,
    `--authorization-kubeconfig=${c.kubeconfigs.scheduler}`,
    '--leader-elect=false', '--bind-address=127.0.0.1', `--secure-port=${PORTS.scheduler}`,
    '--kube-api-qps=300', '--kube-api-burst=600',
  ]);
}

export function startKwok(l: SandboxLayout, c: Credentials, start: Start): void {
  const files = ['node-initialize.yaml', 'node-heartbeat-with-lease.yaml', 'pod-ready.yaml', 'pod-complete.yaml', 'pod-delete.yaml']
    .filter((f) => existsSync(join(l.bin.kwokStages, f)));
  const stages = writeKwokStages(l.bin.kwokStages, join(l.runtime, 'kwok-stages'), files);
  start('kwok', l.bin.kwok, [
    `--kubeconfig=${c.kubeconfigs.kwok}`,
    ...stages.map((s) => `--config=${s}`),
    '--manage-all-nodes=false', '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
    '--node-lease-duration-seconds=40',
    // Fake nodes live on loopback, so the API server's logs/exec/port-forward never leave the machine.
    '--node-ip=127.0.0.1', `--node-port=${PORTS.kwokKubelet}`, `--server-address=127.0.0.1:${PORTS.kwokKubelet}`,
    `--tls-cert-file=${c.kubeletServing.cert}`, `--tls-private-key-file=${c.kubeletServing.key}`,
    `--cidr=${POD_CIDR}`,
  ]);
}
