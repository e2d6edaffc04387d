import type { ClusterConnection } from '../kube/connection.js';
import { METADATA_ONLY } from '../kube/connection.js';

export interface PrometheusCandidate { namespace: string; name: string; port: number; score: number; why: string }

interface Svc { metadata: { name: string; namespace: string; labels?: Record<string, string> }; spec?: { ports?: { name?: string; port: number }[] } }

/**
 * Services that look like Prometheus, best first: its labels or name, port 9090, and where Istio's
 * add-on and common installs put it (istio-system, monitoring). Pure, for tests; `discoverPrometheus` reads the cluster.
 */
export function rankPrometheus(services: readonly Svc[]): PrometheusCandidate[] {
  const out: PrometheusCandidate[] = [];
  for (const s of services) {
    const l = s.metadata.labels ?? {};
    const byLabel = l.app === 'prometheus' || l['app.kubernetes.io/name'] === 'prometheus';
    const byName = /prometheus/.test(s.metadata.name) && !/(operator|alertmanager|node-exporter|pushgateway|blackbox|adapter)/.test(s.metadata.name);
    if (!byLabel && !byName) continue;
    const ports = s.spec?.ports ?? [];
    const port = ports.find((p) => p.port === 9090) ?? ports.find((p) => /^(http|web)/.test(p.name ?? '')) ?? ports[0];
    if (!port) continue;
    const ns = s.metadata.namespace;
    let score = (byLabel ? 4 : 0) + (byName ? 2 : 0) + (port.port === 9090 ? 2 : 0) + (ns === 'istio-system' ? 3 : ns === 'monitoring' ? 2 : 0);
    if (s.metadata.name === 'prometheus-operated') score -= 1; // headless: the operator's Service beside it is the one to use
    out.push({ namespace: ns, name: s.metadata.name, port: port.port, score,
      why: [byLabel ? 'labelled as Prometheus' : '', byName ? 'named like it' : '', port.port === 9090 ? 'port 9090' : `port ${port.port}`].filter(Boolean).join(', ') });
  }
  return out.sort((a, b) => b.score - a.score || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export async function discoverPrometheus(conn: ClusterConnection): Promise<PrometheusCandidate[]> {
  // Services are small: the full list is needed for ports (metadata alone has none).
  const list = await conn.requestJson<{ items: Svc[] | null }>('GET', '/api/v1/services', { timeoutMs: 30_000 });
  return rankPrometheus(list.items ?? []);
}

export { METADATA_ONLY };
