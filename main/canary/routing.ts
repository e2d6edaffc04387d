import { createHash } from 'node:crypto';
import type { CanaryPhase, CanarySpec, RouteApi } from '../contract/canary.js';
import type { ConfigObject } from '../config/objects.js';

/** Meshdeck's objects for a rollout carry this label (their value: the service), so they are found and told apart. */
export const CANARY_LABEL = 'meshdeck.io/canary';

const labelsOf = (spec: CanarySpec) => ({ [CANARY_LABEL]: spec.service, 'meshdeck.io/managed-by': 'meshdeck' });

export const routeApiOf = (spec: CanarySpec): RouteApi => spec.routeApi ?? 'istio';

/**
 * The objects a rollout writes. Istio: a VirtualService with weights over a DestinationRule's two subsets.
 * Gateway API: an HTTPRoute (the service as parent) with weights over two Services, one per version.
 */
export const canaryNames = (spec: Pick<CanarySpec, 'service'>) => ({
  route: `${spec.service}-canary`, destinationRule: `${spec.service}-canary`, stableService: `${spec.service}-stable`, canaryService: `${spec.service}-canary`,
});

/** What the backend Services copy from the rollout's Service. */
export interface ServiceShape { selector: Record<string, string>; ports: { name?: string; port: number; targetPort?: number | string; protocol?: string; appProtocol?: string }[] }

/** The objects that tell the versions apart: the DestinationRule's subsets, or a Service per version. */
export function subsetObjects(spec: CanarySpec, svc: ServiceShape): ConfigObject[] {
  const n = canaryNames(spec);
  if (routeApiOf(spec) === 'istio') {
    return [{
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule',
      metadata: { name: n.destinationRule, namespace: spec.namespace, labels: labelsOf(spec) },
      spec: { host: spec.service, subsets: [{ name: 'stable', labels: { [spec.versionLabel]: spec.stableVersion } }, { name: 'canary', labels: { [spec.versionLabel]: spec.canaryVersion } }] },
    }];
  }
  const backend = (name: string, version: string): ConfigObject => ({
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: spec.namespace, labels: labelsOf(spec) },
    spec: { selector: { ...svc.selector, [spec.versionLabel]: version }, ports: svc.ports.map(({ name: portName, port, targetPort, protocol, appProtocol }) => ({ ...(portName ? { name: portName } : {}), port, ...(targetPort !== undefined ? { targetPort } : {}), ...(protocol ? { protocol } : {}), ...(appProtocol ? { appProtocol } : {}) })) },
  });
  return [backend(n.stableService, spec.stableVersion), backend(n.canaryService, spec.canaryVersion)];
}

/** Kinds and names of the subset objects, for reading them back (no Service needed). */
export const subsetRefs = (spec: CanarySpec): { kind: 'DestinationRule' | 'Service'; name: string }[] => {
  const n = canaryNames(spec);
  return routeApiOf(spec) === 'istio' ? [{ kind: 'DestinationRule', name: n.destinationRule }] : [{ kind: 'Service', name: n.stableService }, { kind: 'Service', name: n.canaryService }];
};

/**
 * The route for a weight: stable and canary always sum to 100 (one object, so one update moves both);
 * testers' header to the canary first; mirroring while the canary is being judged; the canary alone once finalized.
 * `port` is the service's port (an HTTPRoute's Service backends need it).
 */
export function routeObject(spec: CanarySpec, weight: number, phase: CanaryPhase, port = 80): ConfigObject {
  const mirror = !!spec.mirrorPercent && phase === 'progressing' && weight < 100;
  const testers = !!spec.headerRoute && phase !== 'rolled-back' && phase !== 'aborted';
  const metadata = { name: canaryNames(spec).route, namespace: spec.namespace, labels: labelsOf(spec) };
  if (routeApiOf(spec) === 'gateway-api') {
    const n = canaryNames(spec);
    const to = (name: string, w: number) => ({ name, port, weight: w });
    const everything = { path: { type: 'PathPrefix', value: '/' } };
    const main = {
      matches: [everything],
      backendRefs: phase === 'finalized' ? [to(n.canaryService, 100)] : [to(n.stableService, 100 - weight), to(n.canaryService, weight)],
      ...(mirror ? { filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: n.canaryService, port }, percent: Math.round(spec.mirrorPercent!) } }] } : {}),
    };
    const header = spec.headerRoute && { matches: [{ ...everything, headers: [{ type: 'Exact', name: spec.headerRoute.name, value: spec.headerRoute.value }] }], backendRefs: [to(n.canaryService, 100)] };
    return {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata,
      spec: { parentRefs: [{ group: '', kind: 'Service', name: spec.service }], rules: [...(testers && header ? [header] : []), main] },
    };
  }
  const host = spec.service;
  const dest = (subset: 'stable' | 'canary', w: number) => ({ destination: { host, subset }, weight: w });
  const main: Record<string, unknown> = phase === 'finalized'
    ? { name: 'canary', route: [dest('canary', 100)] }
    : { name: 'weighted', route: [dest('stable', 100 - weight), dest('canary', weight)] };
  if (mirror) Object.assign(main, { mirror: { host, subset: 'canary' }, mirrorPercentage: { value: spec.mirrorPercent } });
  const header = testers && spec.headerRoute
    ? [{ name: 'testers', match: [{ headers: { [spec.headerRoute.name]: { exact: spec.headerRoute.value } } }], route: [dest('canary', 100)] }]
    : [];
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata, spec: { hosts: [host], http: [...header, main] } };
}

/**
 * What a person would see change in the routing: the route's spec and what the subset objects select,
 * hashed (a controller's status write, or a Service's assigned address, does not count).
 */
export function routeFingerprint(route: { spec?: unknown }, subsets: { kind?: string; spec?: unknown }[]): string {
  const meaning = (o: { kind?: string; spec?: unknown }) => {
    if (o.kind !== 'Service') return o.spec ?? null;
    const s = (o.spec ?? {}) as { selector?: unknown; ports?: { port?: number; targetPort?: unknown }[] };
    return { selector: s.selector ?? null, ports: (s.ports ?? []).map((p) => [p.port, p.targetPort]) };
  };
  return createHash('sha256').update(JSON.stringify([route.spec ?? null, ...subsets.map(meaning)])).digest('hex').slice(0, 16);
}

/** The canary's weight a route of ours sends (undefined when it is not one of ours in shape). */
export function weightIn(route: ConfigObject, spec: Pick<CanarySpec, 'service'>): number | undefined {
  if (route.kind === 'HTTPRoute') {
    const rules = ((route.spec ?? {}) as { rules?: { backendRefs?: { name?: string; weight?: number }[] }[] }).rules ?? [];
    const refs = rules.at(-1)?.backendRefs ?? [];
    const n = canaryNames(spec);
    const canary = refs.find((b) => b.name === n.canaryService);
    if (!canary) return undefined;
    if (refs.length === 1) return 100;
    const total = refs.reduce((s, b) => s + (b.weight ?? 1), 0);
    return total > 0 ? Math.round(((canary.weight ?? 1) * 100) / total) : undefined;
  }
  const http = ((route.spec ?? {}) as { http?: { name?: string; route?: { destination?: { subset?: string }; weight?: number }[] }[] }).http ?? [];
  const main = http.find((r) => r.name === 'weighted' || r.name === 'canary');
  if (!main) return undefined;
  if (main.name === 'canary') return 100;
  return main.route?.find((d) => d.destination?.subset === 'canary')?.weight;
}
