import type { ConfigState } from './config-state.js';

/** The hosts the simulator suggests: those with routing, then those the objects name. */
export function hostNames(config: ConfigState | undefined): string[] {
  if (!config) return [];
  return [...new Set([...config.hosts.map((h) => h.host), ...config.rows.list.flatMap((r) => (r.kind === 'VirtualService' || r.kind === 'DestinationRule' || r.kind === 'ServiceEntry' ? r.hosts : []))])];
}

/** Istio gateways as a request's "through" names them: namespace/name. */
export function gatewayNames(config: ConfigState | undefined): string[] {
  if (!config) return [];
  return config.rows.list.filter((r) => r.kind === 'Gateway' && r.group === 'networking.istio.io').map((r) => `${r.namespace}/${r.name}`);
}
