import { MeshdeckClient } from '../contract/client.js';
import { MeshdeckError, type RpcErrorShape } from '../contract/errors.js';
import type { ClusterOverview, ContextsSnapshot } from '../contract/models.js';
import { createCore } from '../core.js';
import { localTransport } from '../rpc/local-transport.js';

/** The command-line front end: the same contract as the UI, carried in-process. */
const USAGE = `usage: meshdeck <command> [options]
  contexts [--json]                       list kubeconfig contexts and whether each is reachable
  overview --context NAME [--json] [--watch]   cluster overview (version, nodes, namespaces, mesh)`;

function explain(e: RpcErrorShape): string {
  const lines = [`error (${e.code}): ${e.message}`];
  if (e.forbidden) lines.push(`  refused: ${e.forbidden.verb} ${e.forbidden.resource}${e.forbidden.group ? '.' + e.forbidden.group : ''}`);
  if (e.location) lines.push(`  at ${e.location.file}${e.location.line ? ':' + e.location.line : ''}`);
  if (e.detail) lines.push(`  detail: ${e.detail}`);
  return lines.join('\n');
}

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
  const cps = o.mesh.controlPlanes.map((c) => `${c.namespace}/${c.name} rev ${c.revision} ${c.version ?? ''} ${c.readyReplicas}/${c.replicas}`);
  console.log(`mesh:       ${o.mesh.state}${o.mesh.istioCrds ? ` (${o.mesh.istioCrds} Istio CRDs)` : ''}${cps.length ? '\n  ' + cps.join('\n  ') : ''}`);
  for (const p of o.problems) console.log(`${p.section}: ${explain(p.error)}`);
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const json = rest.includes('--json');
  const opt = (name: string) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
  const core = await createCore();
  const transport = localTransport(core.handlers);
  const client = new MeshdeckClient(transport);
  try {
    switch (cmd) {
      case 'contexts': {
        const s = await client.call('contexts.list', {});
        const probes = await Promise.all(s.contexts.map((c) => client.call('contexts.probe', { context: c.name })));
        if (json) console.log(JSON.stringify({ ...s, probes }, null, 2));
        else printContexts(s, new Map(probes.map((p) => [p.context, p.reachable ? `reachable (${p.serverVersion}, ${p.latencyMs} ms)` : `${p.error?.code}: ${p.error?.message}`])));
        return 0;
      }
      case 'overview': {
        const context = opt('--context');
        if (!context) { console.error(USAGE); return 2; }
        const watch = rest.includes('--watch');
        return await new Promise<number>((resolve) => {
          const cancel = client.stream('cluster.overview', { context }, {
            onEvent: (e) => {
              if (json) console.log(JSON.stringify(e.overview, null, watch ? 0 : 2));
              else { printOverview(e.overview); if (watch) console.log('---'); }
              if (!watch) { cancel(); resolve(0); }
            },
            onError: (e) => { console.error(json ? JSON.stringify({ error: e }) : explain(e)); resolve(1); },
            onEnd: () => resolve(0),
          });
        });
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (err) {
    console.error(err instanceof MeshdeckError ? explain(err.shape) : String(err));
    return 1;
  } finally {
    transport.close();
    await core.dispose();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
