import { createHash } from 'node:crypto';
import type { CanaryPhase, CanarySpec } from '../contract/canary.js';
import type { ConfigObject } from '../config/objects.js';

/** Meshdeck's objects for a rollout carry this label (their value: the service), so they are found and told apart. */
export const CANARY_LABEL = 'meshdeck.io/canary';

export const canaryNames = (spec: Pick<CanarySpec, 'service'>) => ({ virtualService: `${spec.service}-canary`, destinationRule: `${spec.service}-canary` });

/** The two subsets a rollout routes between, by the version label. */
export function destinationRule(spec: CanarySpec): ConfigObject {
  return {
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule',
    metadata: { name: canaryNames(spec).destinationRule, namespace: spec.namespace, labels: { [CANARY_LABEL]: spec.service, 'meshdeck.io/managed-by': 'meshdeck' } },
    spec: { host: spec.service, subsets: [{ name: 'stable', labels: { [spec.versionLabel]: spec.stableVersion } }, { name: 'canary', labels: { [spec.versionLabel]: spec.canaryVersion } }] },
  };
}

/**
 * The route for a weight: stable and canary always sum to 100 (one object, so one update moves both);
 * testers' header to the canary first; mirroring while the canary is being judged; the canary alone once finalized.
 */
export function virtualService(spec: CanarySpec, weight: number, phase: CanaryPhase): ConfigObject {
  const host = spec.service;
  const dest = (subset: 'stable' | 'canary', w: number) => ({ destination: { host, subset }, weight: w });
  const main: Record<string, unknown> = phase === 'finalized'
    ? { name: 'canary', route: [dest('canary', 100)] }
    : { name: 'weighted', route: [dest('stable', 100 - weight), dest('canary', weight)] };
  if (spec.mirrorPercent && phase === 'progressing' && weight < 100) Object.assign(main, { mirror: { host, subset: 'canary' }, mirrorPercentage: { value: spec.mirrorPercent } });
  const testers = spec.headerRoute && phase !== 'rolled-back' && phase !== 'aborted'
    ? [{ name: 'testers', match: [{ headers: { [spec.headerRoute.name]: { exact: spec.headerRoute.value } } }], route: [dest('canary', 100)] }]
    : [];
  return {
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
    metadata: { name: canaryNames(spec).virtualService, namespace: spec.namespace, labels: { [CANARY_LABEL]: spec.service, 'meshdeck.io/managed-by': 'meshdeck' } },
    spec: { hosts: [host], http: [...testers, main] },
  };
}

/** What a person would see change in the route: its spec, hashed (a controller's status write does not count). */
export const routeFingerprint = (vs: { spec?: unknown }, dr: { spec?: unknown }) => createHash('sha256').update(JSON.stringify([vs.spec ?? null, dr.spec ?? null])).digest('hex').slice(0, 16);

/** The canary's weight a VirtualService of ours routes (undefined when it is not one of ours in shape). */
export function weightIn(vs: ConfigObject): number | undefined {
  const http = ((vs.spec ?? {}) as { http?: { name?: string; route?: { destination?: { subset?: string }; weight?: number }[] }[] }).http ?? [];
  const main = http.find((r) => r.name === 'weighted' || r.name === 'canary');
  if (!main) return undefined;
  if (main.name === 'canary') return 100;
  return main.route?.find((d) => d.destination?.subset === 'canary')?.weight;
}
