import type { ConfigKindInfo, ConfigRow } from '../../../main/contract/config.js';

/** Rows and kinds for the routing page's tests: plain values with sensible defaults. */

export const row = (kind: string, namespace: string, name: string, more: Partial<ConfigRow> = {}): ConfigRow => ({
  id: `networking.istio.io/${kind}/${namespace}/${name}`,
  group: 'networking.istio.io',
  version: 'v1',
  kind,
  namespace,
  name,
  resourceVersion: '1',
  errors: 0,
  warnings: 0,
  findings: [],
  hosts: [],
  ...more,
});

export const kinds: ConfigKindInfo[] = [
  { group: 'networking.istio.io', version: 'v1', kind: 'VirtualService', plural: 'virtualservices', namespaced: true },
  { group: 'networking.istio.io', version: 'v1', kind: 'DestinationRule', plural: 'destinationrules', namespaced: true },
  { group: 'networking.istio.io', version: 'v1', kind: 'Gateway', plural: 'gateways', namespaced: true },
  { group: 'gateway.networking.k8s.io', version: 'v1', kind: 'Gateway', plural: 'gateways', namespaced: true },
  { group: 'gateway.networking.k8s.io', version: 'v1beta1', kind: 'ReferenceGrant', plural: 'referencegrants', namespaced: true },
];
