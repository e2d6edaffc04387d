import type { NamespaceRow, PodRow, ServiceRow, WorkloadRow } from '../../../main/contract/inventory.js';
import type { Tone } from '../../components/ui.js';

/** The plain words (and badge tone) for the values of the inventory's rows; shared by the cells and the filter. */

export interface Worded {
  text: string;
  tone: Tone;
}

/** "sidecar · istio-injection", "sidecar · rev canary (tag prod)", "ambient", "disabled"; undefined when outside the mesh. */
export function meshModeText(ns: Pick<NamespaceRow, 'mode' | 'source' | 'revision' | 'tag' | 'labels'>): Worded | undefined {
  switch (ns.mode) {
    case 'sidecar':
      return { text: `sidecar · ${sourceText(ns)}`, tone: 'info' };
    case 'ambient':
      return { text: 'ambient', tone: 'info' };
    case 'disabled':
      return { text: 'disabled', tone: 'neutral' };
    case 'conflict':
      return { text: `conflicting labels · ${sourceText(ns)}`, tone: 'warn' };
    default:
      return undefined;
  }
}

function sourceText(ns: Pick<NamespaceRow, 'source' | 'revision' | 'tag' | 'labels'>): string {
  if (ns.source === 'istio.io/rev') {
    const named = ns.tag ?? ns.labels['istio.io/rev'];
    const revision = ns.revision ?? named;
    return ns.tag ? `rev ${revision} (tag ${ns.tag})` : `rev ${revision}`;
  }
  return ns.source ?? 'labels';
}

/** "8/10 with proxy" (opted-out pods count in the total: they run without one). */
export function podsWithProxyText(ns: Pick<NamespaceRow, 'pods' | 'withProxy'>): string {
  return ns.pods === 0 ? 'no pods' : `${ns.withProxy}/${ns.pods} with proxy`;
}

const WORKLOAD_PROXY: Record<WorkloadRow['proxy'], Worded> = {
  present: { text: 'present', tone: 'ok' },
  absent: { text: 'absent', tone: 'neutral' },
  mixed: { text: 'mixed', tone: 'warn' },
  'opted-out': { text: 'opted out', tone: 'neutral' },
  'no-pods': { text: 'no pods', tone: 'neutral' },
  'mesh-system': { text: 'part of the mesh', tone: 'neutral' },
};

/** Why an orphaned proxy is a problem, and what ends it. */
export const ORPHANED_HINT =
  'These pods run a proxy of a control plane that is no longer installed: nothing configures it any more. Restart them, after pointing their namespace at a running revision or taking it out of the mesh.';

/** "present · canary", "mixed 2/3 · canary, stable", "opted out", "no pods"; "orphaned · old" when a removed control plane's proxies run. */
export function workloadProxyText(w: Pick<WorkloadRow, 'proxy' | 'proxyRevisions' | 'withProxy' | 'pods'> & Partial<Pick<WorkloadRow, 'orphaned'>>): Worded {
  if (w.orphaned) return { text: `orphaned ${w.orphaned}/${w.pods} · ${w.proxyRevisions.join(', ')}`, tone: 'warn' };
  const base = WORKLOAD_PROXY[w.proxy];
  const share = w.proxy === 'mixed' ? ` ${w.withProxy}/${w.pods}` : '';
  const revisions = w.proxyRevisions.length > 0 && (w.proxy === 'present' || w.proxy === 'mixed') ? ` · ${w.proxyRevisions.join(', ')}` : '';
  return { text: `${base.text}${share}${revisions}`, tone: base.tone };
}

/** "present · canary", "absent", "opted out"; "orphaned · old" for the proxy of a removed control plane. */
export function podProxyText(p: Pick<PodRow, 'proxy' | 'proxyRevision'> & Partial<Pick<PodRow, 'orphaned'>>): Worded {
  if (p.orphaned) return { text: `orphaned · ${p.proxyRevision ?? 'removed revision'}`, tone: 'warn' };
  if (p.proxy === 'present') return { text: p.proxyRevision ? `present · ${p.proxyRevision}` : 'present', tone: 'ok' };
  return p.proxy === 'opted-out' ? { text: 'opted out', tone: 'neutral' } : { text: 'absent', tone: 'neutral' };
}

export const countText = (ready: number, total: number) => `${ready}/${total}`;

type Port = ServiceRow['ports'][number];

/** "http-web:80 → http", "9000 → ?" (the protocol Istio reads it as, or a question mark when it has to guess). */
export function portText(p: Port): string {
  return `${p.name ? `${p.name}:` : ''}${p.port} → ${p.detected ?? '?'}`;
}

/** Why an unclassified port matters, in one sentence the user can act on. */
export const UNCLASSIFIED_PORT_HINT =
  'Istio cannot tell the protocol of these ports: it sniffs the first bytes, or treats them as plain TCP, which breaks server-first protocols such as MySQL. ' +
  'Name each port <protocol>[-suffix] (for example http-web or grpc-api) or set its appProtocol.';

export function unclassifiedPortsText(s: Pick<ServiceRow, 'ports'>): string {
  const ports = s.ports.filter((p) => !p.classified).map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port)));
  return `Unclassified: ${ports.join(', ')}. ${UNCLASSIFIED_PORT_HINT}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
