import type { InputOf } from '../contract/api.js';
import type { InstallEvent } from '../contract/install.js';
import { MeshdeckClient } from '../contract/client.js';
import { MeshdeckError, type RpcErrorShape } from '../contract/errors.js';
import type { ClusterOverview, ContextsSnapshot } from '../contract/models.js';
import { createCore } from '../core.js';
import { localTransport } from '../rpc/local-transport.js';
import { inventoryCommand, meshCommand } from './mesh-commands.js';

/** The command-line front end: the same contract as the UI, carried in-process. */
const USAGE = `usage: meshdeck <command> [options]
  contexts [--json]                            list kubeconfig contexts and whether each is reachable
                                               (a credential plugin runs only once confirmed:)
  contexts trust-plugin NAME                   confirm the credential plugin context NAME runs, for its file
  overview --context NAME [--json] [--watch]   cluster overview (version, nodes, namespaces, mesh)
  mesh status --context NAME [--json]          the mesh part of the overview
  inventory --context NAME [--kind namespaces|workloads|services|pods] [--namespace NS]
          [--filter TEXT] [--needs-restart] [--json]    who is in the mesh, with proxy state
  mesh enable NAMESPACE --context NAME [--revision R | --ambient] [--yes] [--restart]
  mesh disable NAMESPACE --context NAME [--yes] [--restart]
          shows the label change and its checks; --yes makes it, --restart rolls the workloads
  mesh restart NAMESPACE --context NAME        restarts the workloads whose pods do not match
  install --context NAME [--profile minimal|default|demo] [--revision R] [--hub H] [--tag T]
          [--pull-secret S]... [--set key=value]... [--precheck | --preview] [--json]
  uninstall --context NAME --yes                removes Istio, its CRDs and every Istio object
  revisions --context NAME                                    revisions, their namespaces, tags
  upgrade --context NAME --to REV [--from REV] [--namespaces a,b] [--profile P]
          installs REV beside the old one, moves the namespaces, restarts them, points the
          "default" tag at REV; then "revisions remove" drops the old one when you are satisfied
  revisions remove --context NAME --revision REV
  revisions tag --context NAME --tag TAG --revision REV
  images push --registry HOST[:PORT] [--repository istio] [--insecure]
          pushes the bundled images; prints the --set values that pin them by digest`;

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

type StreamFn = MeshdeckClient['stream'];

/** Prints an install-shaped stream (install, uninstall, revision removal); resolves to an exit code. */
function printInstallStream<K extends 'install.apply' | 'install.uninstall' | 'revisions.remove'>(stream: StreamFn, method: K, input: InputOf<K>, json: boolean, verb: string): Promise<number> {
  return new Promise<number>((resolve) => {
    let failed = false;
    stream(method, input, {
      onEvent: (event) => {
        const e = event as InstallEvent;
        if (json) return console.log(JSON.stringify(e));
        if (e.type === 'phase') console.log(`[${e.index + 1}/${e.of}] ${e.phase}`);
        else if (e.type === 'object') console.log(`  ${e.result.padEnd(7)} ${e.object.kind} ${e.object.namespace ? `${e.object.namespace}/` : ''}${e.object.name}`);
        else if (e.type === 'waiting') {
          console.log(`  waiting for ${e.what}`);
          for (const b of e.blockers) console.log(`    ! ${b.message}${b.fix ? `\n      fix: ${b.fix}` : ''}`);
        } else if (e.type === 'done') {
          for (const c of e.verify?.checks ?? []) console.log(`  ${c.status === 'pass' ? 'ok  ' : 'FAIL'} ${c.title}: ${c.detail}`);
          console.log(`${verb} in ${(e.elapsedMs / 1000).toFixed(1)} s`);
        } else if (e.type === 'failed') { failed = true; console.error(explain(e.error)); }
      },
      onError: (e) => { console.error(explain(e)); resolve(1); },
      onEnd: () => resolve(failed ? 1 : 0),
    });
  });
}

function installOptions(args: string[]): InputOf<'install.apply'>['options'] {
  const all = (name: string) => args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]!] : []));
  const one = (name: string) => all(name)[0];
  const values = Object.fromEntries(all('--set').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return {
    profile: (one('--profile') ?? 'minimal') as 'minimal', revision: one('--revision') ?? '', hub: one('--hub'), tag: one('--tag'),
    imagePullSecrets: all('--pull-secret'), values,
  };
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
        if (rest[0] === 'trust-plugin') {
          const context = rest[1];
          if (!context) { console.error(USAGE); return 2; }
          // The probe runs nothing for an unconfirmed plugin: it names the plugin, which is what gets confirmed.
          const plugin = (await client.call('contexts.probe', { context })).error?.plugin;
          if (!plugin) { console.error(`The context "${context}" runs no credential plugin that needs confirming.`); return 1; }
          const trusted = await client.call('contexts.trustPlugin', { context, command: plugin.command, file: plugin.file });
          console.log(`Confirmed: ${trusted.command}, as ${trusted.file} asks, runs from now on.`);
          return 0;
        }
        const s = await client.call('contexts.list', {});
        const probes = await Promise.all(s.contexts.map((c) => client.call('contexts.probe', { context: c.name })));
        if (json) console.log(JSON.stringify({ ...s, probes }, null, 2));
        else printContexts(s, new Map(probes.map((p) => [p.context, p.reachable ? `reachable (${p.serverVersion}, ${p.latencyMs} ms)` : `${p.error?.code}: ${p.error?.message}${p.error?.plugin ? ` To confirm: meshdeck contexts trust-plugin ${p.context}` : ''}`])));
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
      case 'inventory': {
        const code = await inventoryCommand(client, rest, explain);
        if (code === 2) console.error(USAGE);
        return code;
      }
      case 'mesh': {
        const context = opt('--context');
        if (rest[0] !== 'status') {
          const code = await meshCommand(client, rest, explain);
          if (code === 2) console.error(USAGE);
          return code;
        }
        if (!context) { console.error(USAGE); return 2; }
        return await new Promise<number>((resolve) => {
          const cancel = client.stream('cluster.overview', { context }, {
            onEvent: (e) => {
              const { mesh, problems } = e.overview;
              if (json) console.log(JSON.stringify({ mesh, problems: problems.filter((p) => p.section === 'mesh') }, null, 2));
              else {
                console.log(`mesh: ${mesh.state}${mesh.istioCrds ? ` (${mesh.istioCrds} Istio CRDs)` : ''}`);
                for (const c of mesh.controlPlanes) console.log(`  ${c.namespace}/${c.name}  revision ${c.revision}  ${c.version ?? ''}  ${c.readyReplicas}/${c.replicas} ready`);
              }
              cancel();
              resolve(0);
            },
            onError: (e) => { console.error(explain(e)); resolve(1); },
          });
        });
      }
      case 'revisions': {
        const context = opt('--context');
        if (!context) { console.error(USAGE); return 2; }
        if (rest[0] === 'remove' || rest[0] === 'tag') {
          const revision = opt('--revision');
          if (!revision) { console.error(USAGE); return 2; }
          if (rest[0] === 'tag') {
            const tag = opt('--tag');
            if (!tag) { console.error(USAGE); return 2; }
            console.log(JSON.stringify(await client.call('revisions.tag', { context, tag, revision })));
            return 0;
          }
          return await printInstallStream(client.stream.bind(client), 'revisions.remove', { context, revision }, json, 'removed');
        }
        const s = await client.call('revisions.status', { context });
        if (json) console.log(JSON.stringify(s, null, 2));
        else {
          for (const r of s.revisions) console.log(`${r.revision.padEnd(12)} ${r.version ?? ''} ${r.ready ? 'ready' : 'NOT READY'}  namespaces: ${r.namespaces.join(', ') || '-'}`);
          for (const t of s.tags) console.log(`tag ${t.tag} -> ${t.revision}`);
        }
        return 0;
      }
      case 'upgrade': {
        const context = opt('--context');
        const to = opt('--to');
        if (!context || !to) { console.error(USAGE); return 2; }
        const status = await client.call('revisions.status', { context });
        const from = opt('--from') ?? status.revisions.find((r) => r.revision !== to)?.revision ?? 'default';
        const namespaces = opt('--namespaces')?.split(',').filter(Boolean) ?? status.revisions.find((r) => r.revision === from)?.namespaces ?? [];
        console.log(`upgrade ${from} -> ${to}; namespaces: ${namespaces.join(', ') || 'none'}`);
        console.log('1. install the new revision');
        if (await printInstallStream(client.stream.bind(client), 'install.apply', { context, options: { ...installOptions(rest), revision: to } }, json, 'installed') !== 0) return 1;
        if (namespaces.length) {
          console.log('2. move namespaces');
          await client.call('revisions.move', { context, namespaces, target: to });
          console.log('3. restart their workloads');
          const ok = await new Promise<boolean>((resolve) => {
            client.stream('revisions.restart', { context, namespaces, expectRevision: to }, {
              onEvent: (e) => {
                if (e.type === 'workload') console.log(`  ${e.state.padEnd(10)} ${e.kind} ${e.namespace}/${e.name}${e.proxyRevision ? ` (proxy: ${e.proxyRevision})` : ''}${e.detail ? ` — ${e.detail}` : ''}`);
                else resolve(e.wrongRevision === 0);
              },
              onError: (e) => { console.error(explain(e)); resolve(false); },
            });
          });
          if (!ok) { console.error(`Some workloads do not run the ${to} proxy; undo with: meshdeck revisions … (move back to ${from})`); return 1; }
        }
        console.log('4. point the "default" tag at the new revision');
        await client.call('revisions.tag', { context, tag: 'default', revision: to });
        console.log(`done. Remove the old revision when satisfied: meshdeck revisions remove --context ${context} --revision ${from}`);
        return 0;
      }
      case 'images': {
        const registry = opt('--registry');
        if (rest[0] !== 'push' || !registry) { console.error(USAGE); return 2; }
        const target = { registry, repository: opt('--repository') ?? 'istio', insecure: rest.includes('--insecure'),
          username: process.env.MESHDECK_REGISTRY_USERNAME, password: process.env.MESHDECK_REGISTRY_PASSWORD };
        return await new Promise<number>((resolve) => {
          client.stream('images.push', target, {
            onEvent: (e) => {
              if (json) return console.log(JSON.stringify(e));
              if (e.type === 'pushing') console.log(`pushing ${e.name}…`);
              else if (e.type === 'pushed') console.log(`  ${e.image.reference}`);
              else console.log(Object.entries(e.values).map(([k, v]) => `--set ${k}=${v}`).join(' '));
            },
            onError: (e) => { console.error(explain(e)); resolve(1); },
            onEnd: () => resolve(0),
          });
        });
      }
      case 'install':
      case 'uninstall': {
        const context = opt('--context');
        if (!context) { console.error(USAGE); return 2; }
        const options = installOptions(rest);
        if (cmd === 'uninstall' && !rest.includes('--yes')) {
          console.error('Uninstalling removes Istio\'s CRDs and with them every Istio object (VirtualServices, DestinationRules...). Run again with --yes to go ahead.');
          return 2;
        }
        if (cmd === 'install' && rest.includes('--precheck')) {
          const r = await client.call('install.precheck', { context, options });
          if (json) console.log(JSON.stringify(r, null, 2));
          else for (const c of r.checks) console.log(`${c.status.toUpperCase().padEnd(4)}  ${c.title}: ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ''}`);
          return r.ok ? 0 : 1;
        }
        if (cmd === 'install' && rest.includes('--preview')) {
          const p = await client.call('install.preview', { context, options });
          if (json) console.log(JSON.stringify(p, null, 2));
          else process.stdout.write(p.yaml);
          return 0;
        }
        return await (cmd === 'install'
          ? printInstallStream(client.stream.bind(client), 'install.apply', { context, options }, json, 'installed')
          : printInstallStream(client.stream.bind(client), 'install.uninstall', { context, options }, json, 'uninstalled'));
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
