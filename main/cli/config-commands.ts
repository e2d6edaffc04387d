import { readFileSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import type { MeshdeckClient } from '../contract/client.js';
import type { ConfigDocument, ConfigEvent, ConfigRef, Finding } from '../contract/config.js';
import { CONTEXT, JSON_FLAG, flag, list, str, type Verb } from './args.js';
import { table } from './print.js';

/** `config list|get|check|validate|diff|apply|export` and `route simulate`: the routing config verbs. */

const FILES = { file: { type: 'string' as const, short: 'f', multiple: true } };

function readDocuments(files: string[]): ConfigDocument[] {
  return files.map((f) => ({ name: f, text: f === '-' ? readFileSync(0, 'utf8') : readFileSync(f, 'utf8') }));
}

const where = (f: Finding) => `${f.range ? `${f.range.startLine}:${f.range.startColumn}` : '-'}`;
function printFindings(name: string, findings: Finding[]): void {
  for (const f of findings) {
    console.log(`${name}:${where(f)}  ${f.severity.padEnd(7)} ${f.code}${f.istioCode && f.istioCode !== f.code ? ` (${f.istioCode})` : ''}  ${f.message}${f.fix ? `\n    fix: ${f.fix}` : ''}`);
  }
}

function parseRef(arg: string, namespace: string | undefined): ConfigRef | undefined {
  // KIND/NAME, or KIND.GROUP/NAME; Istio's networking group by default.
  const m = /^([A-Za-z]+)(?:\.([a-z0-9.-]+))?\/([a-z0-9.-]+)$/.exec(arg);
  if (!m) return undefined;
  const kind = m[1]!;
  const group = m[2] ?? (['HTTPRoute', 'GRPCRoute', 'ReferenceGrant', 'GatewayClass', 'TCPRoute', 'TLSRoute'].includes(kind) ? 'gateway.networking.k8s.io'
    : ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication'].includes(kind) ? 'security.istio.io' : kind === 'Telemetry' ? 'telemetry.istio.io' : 'networking.istio.io');
  return { group, kind, namespace: namespace ?? 'default', name: m[3]! };
}

function firstSnapshot(client: MeshdeckClient, context: string): Promise<Extract<ConfigEvent, { type: 'snapshot' }>> {
  return new Promise((resolve, reject) => {
    const cancel = client.stream('config.watch', { context }, {
      onEvent: (e) => { if (e.type === 'snapshot') { cancel(); resolve(e); } },
      onError: reject,
    });
  });
}

export const configVerbs: Verb[] = [
  {
    words: 'config list', synopsis: '--context NAME [--kind KIND] [--namespace NS] [--hosts] [--json]', summary: 'routing objects of the cluster with their check status (or, --hosts, which API governs each host)',
    options: { ...CONTEXT, ...JSON_FLAG, kind: { type: 'string' }, namespace: { type: 'string' }, hosts: { type: 'boolean' } }, required: ['context'],
    async run({ client, values }) {
      const s = await firstSnapshot(client, str(values, 'context')!);
      if (flag(values, 'hosts')) {
        if (flag(values, 'json')) console.log(JSON.stringify(s.hosts, null, 2));
        else for (const h of s.hosts) console.log(`${h.host}\n  ${h.summary}`);
        return 0;
      }
      const rows = s.rows.filter((r) => (!str(values, 'kind') || r.kind.toLowerCase() === str(values, 'kind')!.toLowerCase()) && (!str(values, 'namespace') || r.namespace === str(values, 'namespace')));
      if (flag(values, 'json')) { console.log(JSON.stringify({ kinds: s.kinds, rows, problems: s.problems }, null, 2)); return 0; }
      console.log(table(['KIND', 'NAMESPACE', 'NAME', 'ERRORS', 'WARNINGS', 'FIRST FINDING'], rows.map((r) => [r.kind, r.namespace ?? '-', r.name, r.errors, r.warnings, r.findings[0] ? `${r.findings[0].code} ${r.findings[0].message}` : ''])));
      console.log(`\n${rows.length} objects; kinds served: ${s.kinds.map((k) => `${k.kind} (${k.group}/${k.version})`).join(', ')}`);
      return 0;
    },
  },
  {
    words: 'config get', synopsis: 'KIND/NAME [--namespace NS] --context NAME [--json]', summary: 'one routing object as YAML (kind with its group if not Istio networking: HTTPRoute, PeerAuthentication.security.istio.io…)',
    options: { ...CONTEXT, ...JSON_FLAG, namespace: { type: 'string', short: 'n' } }, positionals: ['KIND/NAME'], required: ['context'],
    async run({ client, values, positionals }) {
      const ref = parseRef(positionals[0]!, str(values, 'namespace'));
      if (!ref) { console.error('error: name the object as KIND/NAME, for example VirtualService/reviews.'); return 2; }
      const o = await client.call('config.get', { context: str(values, 'context')!, ref });
      if (flag(values, 'json')) console.log(JSON.stringify(o, null, 2));
      else process.stdout.write(o.yaml);
      return 0;
    },
  },
  {
    words: 'config check', synopsis: '-f FILE... [--context NAME] [--json]', summary: 'semantic checks of files: against a cluster, or (no context) the files alone as the whole cluster',
    options: { ...CONTEXT, ...JSON_FLAG, ...FILES }, required: ['file'],
    async run({ client, values }) {
      const documents = readDocuments(list(values, 'file'));
      const r = await client.call('config.check', { ...(str(values, 'context') ? { context: str(values, 'context') } : {}), documents });
      if (flag(values, 'json')) console.log(JSON.stringify(r, null, 2));
      else {
        for (const d of r.documents) printFindings(d.name, d.findings);
        const errors = r.documents.flatMap((d) => d.findings).filter((f) => f.severity === 'error').length;
        console.log(`${r.documents.reduce((n, d) => n + d.objects.length, 0)} objects checked in ${r.elapsedMs} ms: ${errors} error(s).`);
      }
      return r.documents.some((d) => d.findings.some((f) => f.severity === 'error')) ? 1 : 0;
    },
  },
  {
    words: 'config validate', synopsis: '-f FILE... --context NAME [--json]', summary: 'the API server\'s dry run (Istio\'s webhook) and istioctl analyze on the files against the cluster',
    options: { ...CONTEXT, ...JSON_FLAG, ...FILES }, required: ['file', 'context'],
    async run({ client, values }) {
      const r = await client.call('config.validate', { context: str(values, 'context')!, documents: readDocuments(list(values, 'file')) });
      if (flag(values, 'json')) console.log(JSON.stringify(r, null, 2));
      else for (const d of r.documents) printFindings(d.name, d.findings);
      return r.documents.some((d) => d.findings.some((f) => f.severity === 'error')) ? 1 : 0;
    },
  },
  {
    words: 'config diff', synopsis: '-f FILE... --context NAME [--json]', summary: 'what applying the files would change, against the live objects',
    options: { ...CONTEXT, ...JSON_FLAG, ...FILES }, required: ['file', 'context'],
    async run({ client, values }) {
      const r = await client.call('config.diff', { context: str(values, 'context')!, documents: readDocuments(list(values, 'file')) });
      if (flag(values, 'json')) { console.log(JSON.stringify(r, null, 2)); return 0; }
      for (const e of r.entries) {
        const name = `${e.ref.kind}/${e.ref.namespace}/${e.ref.name}`;
        if (e.status === 'same') console.log(`= ${name} (no change)`);
        else process.stdout.write(createTwoFilesPatch(`${name} (live)`, `${name} (yours)`, e.live ?? '', e.mine, e.liveResourceVersion ? `resourceVersion ${e.liveResourceVersion}` : 'does not exist', ''));
      }
      return 0;
    },
  },
  {
    words: 'config apply', synopsis: '-f FILE... --context NAME [--json]', summary: 'server-side apply, refused if another tool owns a field; prints the id to undo it with',
    options: { ...CONTEXT, ...JSON_FLAG, ...FILES }, required: ['file', 'context'],
    async run({ client, values }) {
      const context = str(values, 'context')!;
      const documents = readDocuments(list(values, 'file'));
      // The command line applies what the files say over whatever is live now: the diff it just read is the base.
      const diff = await client.call('config.diff', { context, documents });
      const base = diff.entries.map((e) => ({ ref: e.ref, resourceVersion: e.liveResourceVersion ?? null }));
      const r = await client.call('config.apply', { context, documents, base });
      if (flag(values, 'json')) console.log(JSON.stringify(r, null, 2));
      else if (r.outcome === 'applied') {
        for (const a of r.applied) console.log(`${a.created ? 'created' : 'applied'} ${a.ref.kind}/${a.ref.namespace}/${a.ref.name} (resourceVersion ${a.resourceVersion})`);
        console.log(`Undo with: meshdeck config undo ${r.undoId} --context ${context}`);
      } else if (r.outcome === 'conflict') for (const c of r.conflicts) console.error(`conflict: ${c.ref.kind}/${c.ref.namespace}/${c.ref.name} changed meanwhile; nothing was applied`);
      else if (r.outcome === 'owned') console.error(`refused: ${r.ref.kind}/${r.ref.namespace}/${r.ref.name} has fields owned by ${r.managers.join(', ')}; Meshdeck does not take them over.\n  ${r.detail}`);
      else printFindings('rejected', r.findings);
      return r.outcome === 'applied' ? 0 : 1;
    },
  },
  {
    words: 'config export', synopsis: '-f FILE... [--context NAME]', summary: 'the files\' objects as clean YAML for a GitOps repository (checked first; nothing applied)',
    options: { ...CONTEXT, ...FILES }, required: ['file'],
    async run({ client, values }) {
      const documents = readDocuments(list(values, 'file'));
      const r = await client.call('config.check', { ...(str(values, 'context') ? { context: str(values, 'context') } : {}), documents });
      const errors = r.documents.flatMap((d) => d.findings.filter((f) => f.severity === 'error').map((f) => ({ d: d.name, f })));
      for (const { d, f } of errors) console.error(`${d}:${where(f)} ${f.code} ${f.message}`);
      if (errors.length) return 1;
      process.stdout.write(documents.map((d) => d.text.trim()).join('\n---\n') + '\n');
      return 0;
    },
  },
  {
    words: 'route simulate', synopsis: 'HOST [--path /p] [--method GET] [--header k=v]... [--from NS] [--port N] [--gateway mesh|NS/NAME] [--context NAME] [-f FILE...] [--json]',
    summary: 'which rule matches a request and where it goes, over the live objects (and the files laid over them)',
    options: { ...CONTEXT, ...JSON_FLAG, ...FILES, path: { type: 'string' }, method: { type: 'string' }, header: { type: 'string', multiple: true }, from: { type: 'string' }, port: { type: 'string' }, gateway: { type: 'string' } },
    positionals: ['HOST'],
    async run({ client, values, positionals }) {
      const headers = Object.fromEntries(list(values, 'header').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      const r = await client.call('route.simulate', {
        ...(str(values, 'context') ? { context: str(values, 'context') } : {}), documents: readDocuments(list(values, 'file')),
        request: { host: positionals[0]!, path: str(values, 'path') ?? '/', method: str(values, 'method') ?? 'GET', headers, sourceNamespace: str(values, 'from') ?? 'default', gateway: str(values, 'gateway') ?? 'mesh', ...(str(values, 'port') ? { port: Number(str(values, 'port')) } : {}) },
      });
      if (flag(values, 'json')) { console.log(JSON.stringify(r, null, 2)); return 0; }
      console.log(r.summary);
      for (const s of r.steps) console.log(`  rule ${s.rule}: ${s.matched ? 'MATCHES' : 'skipped'} — ${s.reason}`);
      for (const d of r.destinations) console.log(`  → ${d.host}${d.subset ? ` subset ${d.subset}${d.subsetLabels ? ` (${Object.entries(d.subsetLabels).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}` : ''} ${d.percent}%${d.unknown ? '  (no such Service or ServiceEntry!)' : ''}`);
      for (const i of r.ignored) console.log(`  ignored for this host: ${i.kind} ${i.namespace}/${i.name}`);
      return 0;
    },
  },
  {
    words: 'config undo', synopsis: 'UNDO-ID --context NAME', summary: 'puts back what an apply changed, if nobody changed it since',
    options: CONTEXT, positionals: ['UNDO-ID'], required: ['context'],
    async run({ client, values, positionals }) {
      const r = await client.call('config.undo', { context: str(values, 'context')!, undoId: positionals[0]! });
      for (const x of r.restored) console.log(`${x.action} ${x.ref.kind}/${x.ref.namespace}/${x.ref.name}`);
      return 0;
    },
  },
];
