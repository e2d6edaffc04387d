import { homedir } from 'node:os';
import { join } from 'node:path';
import { meshdeckHome } from '../platform/app-home.js';
import { readPins, type Pins } from './pins.js';

/** Where everything of the sandbox lives: state under MESHDECK_HOME, binaries in a versioned cache. */
export interface SandboxLayout {
  home: string;
  dir: string;
  kubeconfig: string;
  extraKubeconfig: string;
  pki: string;
  logs: string;
  etcdData: string;
  pidsFile: string;
  runtime: string;
  bin: {
    etcd: string;
    kubeApiserver: string;
    kubeControllerManager: string;
    kubeScheduler: string;
    kubectl: string;
    kwok: string;
    kwokStages: string;
    istioctl: string;
    pilotDiscovery: string;
    prometheus: string;
    registry: string;
    /** The Gateway API's standard CRDs, from its module at the version Istio requires. */
    gatewayApiCrds: string;
  };
  pins: Pins;
}

export { meshdeckHome };

export function testbedCache(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.MESHDECK_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'meshdeck'), 'testbed');
}

export function sandboxLayout(env: NodeJS.ProcessEnv = process.env): SandboxLayout {
  const pins = readPins();
  const home = meshdeckHome(env);
  const dir = join(home, 'sandbox');
  const cache = testbedCache(env);
  const k8s = join(cache, `kubernetes-${pins.K8S_VERSION}`);
  const istio = join(cache, `istio-${pins.ISTIO_LABEL}`);
  const kwok = join(cache, `kwok-${pins.KWOK_VERSION}`);
  return {
    home,
    dir,
    kubeconfig: join(dir, 'kubeconfig'),
    extraKubeconfig: join(dir, 'kubeconfig-extra'),
    pki: join(dir, 'pki'),
    logs: join(dir, 'logs'),
    etcdData: join(dir, 'etcd'),
    pidsFile: join(dir, 'processes.json'),
    runtime: join(dir, 'run'),
    bin: {
      etcd: join(cache, `etcd-${pins.ETCD_VERSION}`, 'etcd'),
      kubeApiserver: join(k8s, 'kube-apiserver'),
      kubeControllerManager: join(k8s, 'kube-controller-manager'),
      kubeScheduler: join(k8s, 'kube-scheduler'),
      kubectl: join(k8s, 'kubectl'),
      kwok: join(kwok, 'kwok'),
      kwokStages: join(kwok, 'stages'),
      istioctl: join(istio, 'istioctl'),
      pilotDiscovery: join(istio, 'pilot-discovery'),
      prometheus: '/usr/bin/prometheus',
      registry: '/usr/bin/docker-registry',
      gatewayApiCrds: join(cache, `gateway-api-${pins.GATEWAY_API_VERSION}`, 'crds.yaml'),
    },
    pins,
  };
}

/** Fixed loopback ports inside the sandbox; only API_SERVER and REGISTRY are bridged to the host. */
export const PORTS = {
  apiServer: 6443,
  etcdClient: 2379,
  etcdPeer: 2380,
  controllerManager: 10257,
  scheduler: 10259,
  kwokKubelet: 10250,
  kwokMetrics: 10247,
  prometheus: 9090,
  simulator: 15090,
  registry: 5000,
  /** Nothing listens here: the `sandbox-unreachable` context. */
  unreachable: 6999,
} as const;

export const NETNS = 'meshdeck-sandbox';
export const SERVICE_CIDR = readPins().SANDBOX_SERVICE_CIDR;
export const POD_CIDR = readPins().SANDBOX_POD_CIDR;
