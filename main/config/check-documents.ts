import type { CheckReport, ConfigDocument, ConfigRef, Finding } from '../contract/config.js';
import { runChecks } from './checks.js';
import { parseText, type ParsedDocument } from './documents.js';
import { GATEWAY_API, groupOf, keyOf, keyOfRef, overlay, type ConfigObject, type PodFacts, type ServiceFacts, type Snapshot } from './objects.js';

/** The API groups whose objects are routing config (checked and laid over the live snapshot). */
export const isRoutingGroup = (group: string) => group.endsWith('istio.io') || group === GATEWAY_API;

const refOf = (o: ConfigObject): ConfigRef => ({ group: groupOf(o.apiVersion), kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });

/** Facts of Kubernetes objects in the files (offline checks take the files as the whole cluster). */
function factsOf(o: ConfigObject): { service?: ServiceFacts; pods: PodFacts[] } {
  const ns = o.metadata.namespace ?? 'default';
  if (o.apiVersion === 'v1' && o.kind === 'Service') {
    const spec = (o.spec ?? {}) as { selector?: Record<string, string>; ports?: ServiceFacts['ports'] };
    return { service: { namespace: ns, name: o.metadata.name, selector: spec.selector, ports: spec.ports ?? [] }, pods: [] };
  }
  if (o.apiVersion === 'v1' && o.kind === 'Pod') return { pods: [{ namespace: ns, labels: o.metadata.labels ?? {} }] };
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(o.kind) && groupOf(o.apiVersion) === 'apps') {
    const labels = ((o.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template?.metadata?.labels) ?? {};
    return { pods: [{ namespace: ns, labels }] };
  }
  return { pods: [] };
}

/**
 * Checks documents against a snapshot (the live cluster's, or an empty offline one): parses each with
 * positions, lays its objects over the snapshot, runs the checks, and keeps the findings about the
 * documents' own objects, each pointed at its line.
 */
export function checkDocuments(documents: readonly ConfigDocument[], base: Snapshot): CheckReport {
  const t0 = performance.now();
  const parsed = documents.map((d) => ({ name: d.name, text: parseText(d.text) }));
  const objects: ConfigObject[] = [];
  const owner = new Map<string, { doc: number; parsed: ParsedDocument }>();
  const services = [...base.services];
  const pods = [...base.pods];
  parsed.forEach((p, doc) => {
    for (const d of p.text.documents) {
      if (!d.object) continue;
      owner.set(keyOf(d.object), { doc, parsed: d });
      if (isRoutingGroup(groupOf(d.object.apiVersion))) objects.push(d.object);
      else {
        const f = factsOf(d.object);
        if (f.service) services.push(f.service);
        pods.push(...f.pods);
      }
    }
  });
  const snapshot: Snapshot = { ...overlay(base, objects), services, pods };
  const mine = objects.length ? runChecks(snapshot).filter((f) => f.ref && owner.has(keyOfRef(f.ref))) : [];
  const report: CheckReport['documents'] = parsed.map((p) => {
    const findings: Finding[] = [
      ...p.text.problems.map((x) => ({ code: 'MD001', severity: 'error' as const, message: x.message, source: 'yaml' as const, path: [], range: x.range })),
      ...p.text.documents.flatMap((d) => d.problems.map((x) => ({ code: 'MD002', severity: 'error' as const, message: x.message, source: 'yaml' as const, path: [], range: x.range }))),
    ];
    return { name: p.name, objects: p.text.documents.flatMap((d) => (d.object ? [refOf(d.object)] : [])), findings };
  });
  for (const f of mine) {
    const o = owner.get(keyOfRef(f.ref!))!;
    report[o.doc]!.findings.push({ ...f, range: o.parsed.rangeOf(f.path) });
  }
  for (const d of report) d.findings.sort((a, b) => (a.range?.startLine ?? 0) - (b.range?.startLine ?? 0));
  return { documents: report, elapsedMs: Math.round((performance.now() - t0) * 10) / 10 };
}
