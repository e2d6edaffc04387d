import type { MeshdeckClient } from '../contract/client.js';
import type { ClusterOverview, ContextsSnapshot } from '../contract/models.js';
import { CONTEXT, JSON_FLAG, flag, str, type Verb } from './args.js';
import { explain } from './print.js';

/** `contexts`, `overview` and `mesh status`. */

function printContexts(s: ContextsSnapshot, probes: Map<string, string>): void {
  for (const p of s.problems) console.log(explain(p));
  const rows = s.contexts.map((c) => [c.isCurrent ? '*' : ' ', c.name, c.server, c.user, c.namespace, probes.get(c.name) ?? '']);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]!.length))) ?? [];
  console.log(['', 'NAME', 'SERVER', 'USER', 'NAMESPACE', 'STATUS'].map((h, i) => h.padEnd(widths[i] ?? 0)).join('  '));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

function printOverview(o: ClusterOverview): void {
  console.log(`context:    ${o.context}`);
  console.log(`kubernetes: ${o.serverVersion}`);
  console.log(`nodes:      ${o.nodes ? `${o.nodes.ready}/${o.nodes.total} ready` : 'unknown'}`);
  console.log(`namespaces: ${o.namespaces ? o.namespaces.length : 'unknown'}`);
  printMesh(o.mesh);
  for (const p of o.problems) console.log(`${p.section}: ${explain(p.error)}`);
}

function printMesh(mesh: ClusterOverview['mesh']): void {
  console.log(`mesh:       ${mesh.state}${mesh.istioCrds ? ` (${mesh.istioCrds} Istio CRDs)` : ''}`);
  for (const c of mesh.controlPlanes) console.log(`  ${c.namespace}/${c.name}  revision ${c.revision}  ${c.version ?? ''}  ${c.readyReplicas}/${c.replicas} ready`);
  for (const i of mesh.incomplete) console.log(`  revision ${i.revision}: install not finished (${i.reason === 'webhooks-missing' ? 'its webhooks are missing' : `stopped in phase ${i.phase ?? '?'}`}); run the install again to resume`);
}

/** The first overview snapshot (or every one, with --watch). */
function overview(client: MeshdeckClient, context: string, onSnapshot: (o: ClusterOverview) => void, watch: boolean, json: boolean): Promise<number> {
  return new Promise<number>((resolve) => {
    const cancel = client.stream('cluster.overview', { context }, {
      onEvent: (e) => {
        onSnapshot(e.overview);
        if (!watch) { cancel(); resolve(0); }
      },
      onError: (e) => { console.error(json ? JSON.stringify({ error: e }) : explain(e)); resolve(1); },
      onEnd: () => resolve(0),
    });
  });
}

export const clusterVerbs: Verb[] = [
  {
    words: 'contexts', synopsis: '[--json]', summary: 'list kubeconfig contexts and whether each is reachable',
    options: { ...JSON_FLAG },
    async run({ client, values }) {
      const s = await client.call('contexts.list', {});
      const probes = await Promise.all(s.contexts.map((c) => client.call('contexts.probe', { context: c.name })));
      if (flag(values, 'json')) console.log(JSON.stringify({ ...s, probes }, null, 2));
      else printContexts(s, new Map(probes.map((p) => [p.context, p.reachable ? `reachable (${p.serverVersion}, ${p.latencyMs} ms)` : `${p.error?.code}: ${p.error?.message}${p.error?.plugin ? ` To confirm: meshdeck contexts trust-plugin ${p.context}` : ''}`])));
      return 0;
    },
  },
  {
    words: 'contexts trust-plugin', synopsis: 'NAME', summary: 'confirms the credential plugin a context runs (for its kubeconfig file); none runs before',
    options: {}, positionals: ['NAME'],
    async run({ client, positionals }) {
      const context = positionals[0]!;
      // The probe runs nothing for an unconfirmed plugin: it names the plugin, which is what gets confirmed.
      const plugin = (await client.call('contexts.probe', { context })).error?.plugin;
      if (!plugin) { console.error(`The context "${context}" runs no credential plugin that needs confirming.`); return 1; }
      const trusted = await client.call('contexts.trustPlugin', { context, command: plugin.command, file: plugin.file });
      console.log(`Confirmed: ${trusted.command}, as ${trusted.file} asks, runs from now on.`);
      return 0;
    },
  },
  {
    words: 'overview', synopsis: '--context NAME [--json] [--watch]', summary: 'cluster overview (version, nodes, namespaces, mesh)',
    options: { ...CONTEXT, ...JSON_FLAG, watch: { type: 'boolean' } }, required: ['context'],
    run({ client, values }) {
      const json = flag(values, 'json');
      const watch = flag(values, 'watch');
      return overview(client, str(values, 'context')!, (o) => {
        if (json) console.log(JSON.stringify(o, null, watch ? 0 : 2));
        else { printOverview(o); if (watch) console.log('---'); }
      }, watch, json);
    },
  },
  {
    words: 'mesh status', synopsis: '--context NAME [--json]', summary: 'the mesh part of the overview',
    options: { ...CONTEXT, ...JSON_FLAG }, required: ['context'],
    run({ client, values }) {
      const json = flag(values, 'json');
      return overview(client, str(values, 'context')!, ({ mesh, problems }) => {
        if (json) console.log(JSON.stringify({ mesh, problems: problems.filter((p) => p.section === 'mesh') }, null, 2));
        else printMesh(mesh);
      }, false, json);
    },
  },
];
