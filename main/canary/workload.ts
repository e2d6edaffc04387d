import type { CanarySpec } from '../contract/canary.js';
import { CANARY_LABEL } from './routing.js';

/** The parts of a Deployment a canary copy is made from. */
export interface DeploymentLike {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: { containers?: { name: string; image?: string }[] } & Record<string, unknown> };
  } & Record<string, unknown>;
}

/** A Kubernetes name (DNS label): lower case, digits and '-', at most 63, starting and ending alphanumeric. */
function dnsLabel(raw: string): string {
  const s = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '');
  return s || 'canary';
}

/** The canary Deployment's name: the stable's with its version swapped (helloworld-v1 → helloworld-v2), else suffixed. */
export function canaryWorkloadName(stableName: string, spec: Pick<CanarySpec, 'stableVersion' | 'canaryVersion'>): string {
  const stableSuffix = `-${spec.stableVersion.toLowerCase()}`;
  const base = stableName.endsWith(stableSuffix) ? stableName.slice(0, -stableSuffix.length) : stableName;
  // The version is what tells the two apart: it is kept whole, the base gives way.
  const suffix = dnsLabel(spec.canaryVersion).slice(0, 30);
  return dnsLabel(`${base.slice(0, 62 - suffix.length)}-${suffix}`);
}

/**
 * A canary Deployment made from the stable one: same pod spec with the new image in one container, the
 * canary's version label on the pods and in the selector (so neither Deployment's selector takes the
 * other's pods), and Meshdeck's label saying which rollout made it.
 */
export function canaryDeployment(stable: DeploymentLike, spec: Pick<CanarySpec, 'service' | 'stableVersion' | 'canaryVersion' | 'versionLabel'> & { createCanary?: CanarySpec['createCanary'] }): DeploymentLike & { apiVersion: string; kind: string } {
  const image = spec.createCanary?.image;
  if (!image) throw new Error('No canary image given.');
  const containers = stable.spec?.template?.spec?.containers ?? [];
  const target = spec.createCanary?.container ?? containers[0]?.name;
  if (!containers.some((c) => c.name === target)) throw new Error(`The stable Deployment ${stable.metadata.name} has no container named ${target}.`);
  const swap = (labels: Record<string, string> | undefined) => ({ ...(labels ?? {}), [spec.versionLabel]: spec.canaryVersion });
  const { replicas, selector: _selector, template, ...rest } = stable.spec ?? {};
  void _selector;
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: {
      name: canaryWorkloadName(stable.metadata.name, spec), namespace: stable.metadata.namespace,
      labels: { ...swap(stable.metadata.labels), [CANARY_LABEL]: spec.service },
      // The sandbox's traffic annotations (latency, error rate) carry over, so the copy behaves like its original.
      ...(stable.metadata.annotations ? { annotations: Object.fromEntries(Object.entries(stable.metadata.annotations).filter(([k]) => !k.startsWith('deployment.kubernetes.io/') && k !== 'kubectl.kubernetes.io/last-applied-configuration')) } : {}),
    },
    spec: {
      ...rest,
      replicas: replicas ?? 1,
      selector: { matchLabels: swap(stable.spec?.selector?.matchLabels) },
      template: {
        ...template,
        metadata: { ...(template?.metadata ?? {}), labels: swap(template?.metadata?.labels) },
        spec: { ...(template?.spec ?? {}), containers: containers.map((c) => (c.name === target ? { ...c, image } : c)) },
      },
    },
  };
}
