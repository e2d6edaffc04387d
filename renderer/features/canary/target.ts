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
