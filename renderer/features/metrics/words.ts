import type { GraphEdge } from './graph-layout.js';
import type { MtlsPosture } from '../../../main/contract/metrics.js';
import type { Tone } from '../../components/ui.js';

type Mtls = GraphEdge['mtls'];
type Observed = MtlsPosture['namespaces'][number]['observed'];

/** How an edge's traffic is secured, in words and tone (the graph also draws it as a line style). */
export const MTLS_WORDS: Record<Mtls, { label: string; tone: Tone; long: string }> = {
  mutual: { label: 'mTLS', tone: 'ok', long: 'mutual TLS' },
  plaintext: { label: 'plaintext', tone: 'warn', long: 'plaintext (no mTLS)' },
  mixed: { label: 'mixed', tone: 'warn', long: 'both mutual TLS and plaintext' },
  unknown: { label: 'unknown', tone: 'neutral', long: 'not reported' },
};

/** What traffic into a namespace shows. */
export const OBSERVED_WORDS: Record<Observed, { label: string; tone: Tone }> = {
  mutual: { label: 'mutual TLS', tone: 'ok' },
  plaintext: { label: 'plaintext', tone: 'warn' },
  mixed: { label: 'mTLS and plaintext', tone: 'warn' },
  none: { label: 'no traffic', tone: 'neutral' },
};

/** The PeerAuthentication mode in words; UNSET is Istio's default. */
export function modeWords(mode: string): string {
  return mode === 'UNSET' ? 'not set (PERMISSIVE by default)' : mode;
}
