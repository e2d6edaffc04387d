import type { Diagnosis, ServiceMetrics } from '../contract/metrics.js';
import { CONTEXT, JSON_FLAG, flag, str, type Verb } from './args.js';
import { follow, table } from './print.js';

/** `metrics SERVICE`, `metrics graph`, `metrics mtls`, `metrics query` and `metrics source`: live metrics on the command line. */

/** "15m", "1h", "2d", "300s" or seconds. */
export function parseRange(text: string | undefined): number | undefined {
  if (text === undefined) return 900;
  const m = /^(\d+)(s|m|h|d)?$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's']!;
}

const pct = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(v > 0.999 && v < 1 ? 2 : 1)}%`);
const ms = (v: number | null) => (v === null ? '-' : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);
const num = (v: number | null, digits = 1) => (v === null ? '-' : v.toFixed(digits));
const bytes = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v > 1048576 ? `${(v / 1048576).toFixed(1)} MB/s` : `${(v / 1024).toFixed(1)} kB/s`);

function printDiagnosis(d: Diagnosis): void {
  console.log(`no data: ${d.message}\n  what to do: ${d.fix}${d.query ? `\n  query: ${d.query}` : ''}${d.detail ? `\n  detail: ${d.detail}` : ''}`);
}

function printService(m: ServiceMetrics): void {
  console.log(`${m.service}.${m.namespace}: last ${Math.round(m.rangeSeconds / 60)} min, ${m.protocol.toUpperCase()}, reported by the ${m.reporter} (${m.queries} queries, ${m.elapsedMs} ms)`);
  if (m.protocol === 'tcp') {
    console.log(table(['VERSION', 'SENT', 'RECEIVED', 'CONNECTIONS/S'], m.versions.map((v) => [v.version, bytes(v.tcp?.sentBps), bytes(v.tcp?.receivedBps), num(v.tcp?.connectionsPerSecond ?? null, 2)])));
  } else {
    console.log(table(['VERSION', 'RPS', 'REQUESTS', 'SUCCESS', 'FAILED', 'P50', 'P90', 'P99'],
      m.versions.map((v) => [v.version, num(v.rps, 2), num(v.requests, 0), pct(v.successRate), num(v.failures, 0), ms(v.p50), ms(v.p90), ms(v.p99)])));
  }
  if (m.diagnosis) printDiagnosis(m.diagnosis);
}

const RANGE = { range: { type: 'string' as const } };

export const metricsVerbs: Verb[] = [
  {
    words: 'metrics', synopsis: 'SERVICE --namespace NS --context NAME [--range 15m] [--4xx] [--json]', summary: 'golden signals of a service per version: rate, success with its count, p50/p90/p99 (or bytes for TCP)',
    options: { ...CONTEXT, ...JSON_FLAG, ...RANGE, namespace: { type: 'string', short: 'n' }, '4xx': { type: 'boolean' } }, positionals: ['SERVICE'], required: ['context', 'namespace'],
    async run({ client, values, positionals }) {
      const rangeSeconds = parseRange(str(values, 'range'));
      if (!rangeSeconds) { console.error('error: --range is a number with s, m, h or d, for example 15m.'); return 2; }
      let metrics: ServiceMetrics | undefined;
      let diagnosis: Diagnosis | undefined;
      const ok = await follow(client, 'metrics.service', { context: str(values, 'context')!, namespace: str(values, 'namespace')!, service: positionals[0]!, rangeSeconds, count4xx: flag(values, '4xx'), live: false }, (e) => {
        if (e.type === 'source') diagnosis = e.diagnosis;
        else metrics = e.metrics;
      });
      if (flag(values, 'json')) { console.log(JSON.stringify(metrics ?? { diagnosis }, null, 2)); return ok ? 0 : 1; }
      if (metrics) printService(metrics);
      else if (diagnosis) printDiagnosis(diagnosis);
      return ok && !(metrics?.diagnosis ?? diagnosis) ? 0 : 1;
    },
  },
  {
    words: 'metrics graph', synopsis: '--context NAME [--namespace NS] [--range 15m] [--json]', summary: 'who calls whom: rate, error share and mTLS per edge',
    options: { ...CONTEXT, ...JSON_FLAG, ...RANGE, namespace: { type: 'string', short: 'n' } }, required: ['context'],
    async run({ client, values }) {
      const rangeSeconds = parseRange(str(values, 'range'));
      if (!rangeSeconds) { console.error('error: --range is a number with s, m, h or d, for example 15m.'); return 2; }
      const g = await client.call('metrics.graph', { context: str(values, 'context')!, rangeSeconds, ...(str(values, 'namespace') ? { namespace: str(values, 'namespace') } : {}) });
      if (flag(values, 'json')) { console.log(JSON.stringify(g, null, 2)); return 0; }
      const name = (id: string) => id.replace(/^(workload|service):/, '');
      console.log(table(['FROM', 'TO', 'PROTOCOL', 'RPS', 'ERRORS', 'MTLS'], g.edges.map((e) => [name(e.source), name(e.target), e.protocol, e.rps.toFixed(2), pct(e.errorShare), e.mtls])));
      if (g.diagnosis) printDiagnosis(g.diagnosis);
      return 0;
    },
  },
  {
    words: 'metrics mtls', synopsis: '--context NAME [--range 15m] [--json]', summary: 'per namespace: the PeerAuthentication mode in force next to what the traffic shows',
    options: { ...CONTEXT, ...JSON_FLAG, ...RANGE }, required: ['context'],
    async run({ client, values }) {
      const p = await client.call('metrics.mtls', { context: str(values, 'context')!, rangeSeconds: parseRange(str(values, 'range')) ?? 900 });
      if (flag(values, 'json')) { console.log(JSON.stringify(p, null, 2)); return 0; }
      console.log(table(['NAMESPACE', 'MODE', 'FROM', 'OBSERVED', 'MISMATCH'], p.namespaces.map((n) => [n.namespace, n.mode, n.modeFrom ?? '-', n.observed, n.mismatch ?? ''])));
      if (p.diagnosis) printDiagnosis(p.diagnosis);
      return 0;
    },
  },
  {
    words: 'metrics query', synopsis: 'PROMQL --context NAME [--json]', summary: 'a PromQL query of your own at the Prometheus in use',
    options: { ...CONTEXT, ...JSON_FLAG }, positionals: ['PROMQL'], required: ['context'],
    async run({ client, values, positionals }) {
      const r = await client.call('metrics.query', { context: str(values, 'context')!, query: positionals[0]! });
      if (flag(values, 'json')) { console.log(JSON.stringify(r, null, 2)); return r.diagnosis ? 1 : 0; }
      for (const s of r.result) console.log(`${JSON.stringify(s.metric)} ${s.value}`);
      if (r.diagnosis) printDiagnosis(r.diagnosis);
      return r.diagnosis ? 1 : 0;
    },
  },
  {
    words: 'metrics source', synopsis: '--context NAME [--service NS/NAME:PORT | --url URL [--bearer-token-env VAR | --username U --password-env VAR] [--ca FILE] | --auto] [--json]',
    summary: 'which Prometheus is in use and how it is reached; or choose one (secrets from environment variables, never arguments)',
    options: { ...CONTEXT, ...JSON_FLAG, service: { type: 'string' }, url: { type: 'string' }, 'bearer-token-env': { type: 'string' }, username: { type: 'string' }, 'password-env': { type: 'string' }, ca: { type: 'string' }, auto: { type: 'boolean' } },
    required: ['context'],
    async run({ client, values }) {
      const context = str(values, 'context')!;
      const service = str(values, 'service');
      const url = str(values, 'url');
      if (service || url || flag(values, 'auto')) {
        let choice: Parameters<typeof client.call<'metrics.setSource'>>[1]['choice'];
        if (flag(values, 'auto')) choice = { kind: 'auto' };
        else if (service) {
          const m = /^([a-z0-9-]+)\/([a-z0-9.-]+):(\d+)$/.exec(service);
          if (!m) { console.error('error: --service is NAMESPACE/NAME:PORT, for example monitoring/prometheus:9090.'); return 2; }
          choice = { kind: 'service', namespace: m[1]!, name: m[2]!, port: Number(m[3]) };
        } else {
          const { readFileSync } = await import('node:fs');
          const env = (name?: string) => (name ? process.env[name] : undefined);
          choice = { kind: 'url', url: url!, ...(str(values, 'username') ? { username: str(values, 'username'), password: env(str(values, 'password-env')) } : {}),
            ...(str(values, 'bearer-token-env') ? { bearerToken: env(str(values, 'bearer-token-env')) } : {}), ...(str(values, 'ca') ? { caPem: readFileSync(str(values, 'ca')!, 'utf8') } : {}) };
        }
        await client.call('metrics.setSource', { context, choice });
      }
      const s = await client.call('metrics.source', { context });
      if (flag(values, 'json')) { console.log(JSON.stringify(s, null, 2)); return 0; }
      const src = s.source;
      console.log(src ? src.kind === 'service' ? `Prometheus: Service ${src.namespace}/${src.name}:${src.port} through the API server${src.discovered ? ' (found in the cluster)' : ''}` : `Prometheus: ${src.url} (${src.auth} auth${src.customCa ? ', own CA' : ''})` : 'Prometheus: none');
      if (s.diagnosis) printDiagnosis(s.diagnosis);
      for (const c of s.candidates) console.log(`  candidate ${c.namespace}/${c.name}:${c.port} — ${c.why}`);
      return s.diagnosis ? 1 : 0;
    },
  },
];
