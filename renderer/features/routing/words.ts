import type { ConfigKindInfo, ConfigRef, GovernedHost, Severity } from '../../../main/contract/config.js';
import type { Tone } from '../../components/ui.js';

/** The plain words of the routing page's values. */

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "shop/reviews", or "istio" for an object without a namespace. */
export const qualifiedName = (ref: Pick<ConfigRef, 'namespace' | 'name'>) => (ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name);

/** "VirtualService shop/reviews". */
export const refLabel = (ref: Pick<ConfigRef, 'kind' | 'namespace' | 'name'>) => `${ref.kind} ${qualifiedName(ref)}`;

/** The words for an API group where two groups serve a kind of the same name (Istio's Gateway, the Gateway API's). */
const GROUP_WORDS: Record<string, string> = {
  'networking.istio.io': 'Istio',
  'security.istio.io': 'Istio security',
  'telemetry.istio.io': 'Istio telemetry',
  'extensions.istio.io': 'Istio extensions',
  'gateway.networking.k8s.io': 'Gateway API',
};

/** A kind's name, with its API in brackets when another served kind has the same name: "Gateway (Gateway API)". */
export function kindLabel(kind: Pick<ConfigKindInfo, 'group' | 'kind'>, served: readonly Pick<ConfigKindInfo, 'group' | 'kind'>[]): string {
  const shared = served.some((k) => k.kind === kind.kind && k.group !== kind.group);
  return shared ? `${kind.kind} (${GROUP_WORDS[kind.group] ?? kind.group})` : kind.kind;
}

/** The key of a kind in filters and lists: its group and name ("networking.istio.io/Gateway"). */
export const kindKey = (kind: Pick<ConfigKindInfo, 'group' | 'kind'>) => `${kind.group}/${kind.kind}`;

export const GOVERNED_BY: Record<GovernedHost['governedBy'], { text: string; tone: Tone }> = {
  'virtual-service': { text: 'VirtualService', tone: 'info' },
  'http-route': { text: 'HTTPRoute', tone: 'info' },
  both: { text: 'Both APIs claim it', tone: 'warn' },
  none: { text: 'Nothing routes it', tone: 'neutral' },
};

export const SEVERITY: Record<Severity, { text: string; tone: Tone; icon: string }> = {
  error: { text: 'Error', tone: 'error', icon: '✕' },
  warning: { text: 'Warning', tone: 'warn', icon: '!' },
  info: { text: 'Note', tone: 'info', icon: 'i' },
};
