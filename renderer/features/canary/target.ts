import type { OutputOf } from '../../../main/contract/api.js';

/** What the canary page opens on: a service's rollout (watched, or planned when there is none), prefilled versions. */
export interface CanaryTarget {
  namespace: string;
  service: string;
  /** Prefill of the plan form. */
  stable?: string;
  canary?: string;
  /** Versions seen already (the inventory's, the service page's). */
  versions?: string[];
  /** The sandbox's sample app: offer the switch that makes its canary bad. */
  sandboxSample?: boolean;
}

/** What `sample.deploy` answers: the sample app's namespace, service and versions, and whether its traffic is simulated. */
export type SampleApp = OutputOf<'sample.deploy'>;

/** The canary page opened on the sample app just deployed (the sandbox's sample gets the "make it bad" switch). */
export function sampleTarget(sample: SampleApp): CanaryTarget {
  return {
    namespace: sample.namespace,
    service: sample.service,
    stable: sample.stableVersion,
    canary: sample.canaryVersion,
    versions: [sample.stableVersion, sample.canaryVersion],
    sandboxSample: sample.simulated,
  };
}
