import type { MeshdeckClient } from '../contract/client.js';
import type { RpcErrorShape } from '../contract/errors.js';
import { InventoryKind, type InventorySnapshot, type MeshPlan, type MeshTarget, type RestartStatus } from '../contract/inventory.js';
import { CONTEXT, JSON_FLAG, flag, str, type Verb } from './args.js';
import { explain, follow, restartLines, table, type Row } from './print.js';

/** `inventory` and `mesh enable|disable|restart`: the inventory and mesh-change verbs of the CLI. */

const mode = (n: InventorySnapshot['namespaces'][number]) =>
  n.mode === 'none' ? '-' : `${n.mode}${n.source ? ` (${n.source}${n.tag ? ` ${n.tag}` : ''})` : ''}`;

/** The rows of one kind, as table cells next to the items they show. `filter` keeps rows whose text contains it. */
export function inventoryTable(s: InventorySnapshot, kind: InventoryKind, o: { namespace?: string; filter?: string; needsRestart?: boolean }): { head: string[]; rows: Row[]; items: unknown[] } {
  const inNs = (ns: string) => !o.namespace || ns === o.namespace;
  const text = o.filter?.toLowerCase();
  const pick = <T>(head: string[], items: T[], keep: (t: T) => boolean, cells: (t: T) => Row) => {
    const shown = items.filter(keep).map((item) => ({ item, row: cells(item) })).filter(({ row }) => !text || row.join(' ').toLowerCase().includes(text));
    return { head, rows: shown.map((x) => x.row), items: shown.map((x) => x.item) };
  };
  switch (kind) {
    case 'namespaces':
      return pick(['NAMESPACE', 'MESH', 'REVISION', 'PODS', 'WITH PROXY', 'NEEDS RESTART', 'NOTES'], s.namespaces,
        (n) => inNs(n.name) && (!o.needsRestart || n.needsRestart > 0),
        (n) => [n.name, mode(n), n.revision ?? '-', n.pods, n.withProxy, n.needsRestart, [n.system ? 'system' : '', ...n.problems].filter(Boolean).join('; ')]);
    case 'workloads':
      return pick(['NAMESPACE', 'KIND', 'NAME', 'VERSIONS', 'READY', 'PROXY', 'CONTAINERS', 'NEEDS RESTART'], s.workloads,
        (w) => inNs(w.namespace) && (!o.needsRestart || w.needsRestart > 0),
        (w) => [w.namespace, w.kind, w.name, w.versions.join(',') || '-', `${w.ready}/${w.desired}`,
          `${w.proxy}${w.proxyRevisions.length ? ` (${w.proxyRevisions.join(',')})` : ''}`, w.containers ? `${w.containers.ready}/${w.containers.total}` : '-', w.needsRestart]);
    case 'services':
      return pick(['NAMESPACE', 'NAME', 'PORTS', 'PODS', 'WITHOUT PROXY', 'VERSIONS'], s.services, (v) => inNs(v.namespace),
        (v) => [v.namespace, v.name, v.ports.map((p) => `${p.name ?? ''}:${p.port}${p.classified ? `/${p.detected}` : ' (unclassified)'}`).join(' '), v.pods, v.podsWithoutProxy, v.versions.join(',') || '-']);
    case 'pods':
      return pick(['NAMESPACE', 'NAME', 'WORKLOAD', 'VERSION', 'PHASE', 'CONTAINERS', 'PROXY', 'NEEDS RESTART'], s.pods,
        (p) => inNs(p.namespace) && (!o.needsRestart || p.needsRestart),
        (p) => [p.namespace, p.name, p.workload ?? '-', p.version ?? '-', p.phase, `${p.readyContainers}/${p.containers}`,
          `${p.proxy}${p.proxyRevision ? ` (${p.proxyRevision})` : ''}`, p.needsRestart ? 'yes' : '']);
  }
}

export function printPlan(p: MeshPlan): void {
  const fmt = (l: Record<string, string>) => Object.entries(l).map(([k, v]) => `${k}=${v}`).join(', ') || '(no mesh labels)';
  console.log(`namespace ${p.namespace}`);
  console.log(`  labels now:   ${fmt(p.before)}`);
  console.log(`  labels after: ${fmt(p.after)}${p.unchanged ? '  (no change)' : ''}`);
  for (const c of p.checks) console.log(`  ${c.status === 'pass' ? 'ok  ' : c.status === 'warn' ? 'warn' : 'FAIL'} ${c.title}: ${c.detail}${c.fix && c.status !== 'pass' ? `\n       fix: ${c.fix}` : ''}`);
  for (const w of p.warnings) console.log(`  ! ${w}`);
  if (p.restart.length) console.log(`  to restart afterwards: ${p.restart.map((w) => `${w.kind}/${w.name} (${w.pods} pods)`).join(', ')}`);
  if (p.refusal) console.log(`  refused: ${p.refusal.message}`);
}

async function restart(client: MeshdeckClient, context: string, namespace: string): Promise<number> {
  let last: RestartStatus | undefined;
  const ended = await follow(client, 'mesh.restart', { context, namespace }, (s) => { last = s; });
  if (!last) return 1;
  for (const line of restartLines(last)) console.log(line);
  console.log(last.summary);
  return ended && last.phase === 'done' ? 0 : 1;
}

/** Shows the change, makes it with --yes, restarts with --restart. */
async function changeMesh(client: MeshdeckClient, context: string, namespace: string, target: MeshTarget, yes: boolean, withRestart: boolean): Promise<number> {
  const plan = await client.call('mesh.plan', { context, namespace, target });
  printPlan(plan);
  if (plan.refusal) return 1;
  if (!yes) {
    console.log(plan.unchanged ? 'Nothing to change.' : 'Run again with --yes to make this change (add --restart to restart the workloads after).');
    return 0;
  }
  await client.call('mesh.apply', { context, namespace, target, resourceVersion: plan.resourceVersion });
  console.log(plan.unchanged ? 'labels already as asked' : 'labels changed');
  if (withRestart && plan.restart.length) return restart(client, context, namespace);
  if (plan.restart.length) console.log(`Restart to apply it to running pods: meshdeck mesh restart ${namespace} --context ${context}`);
  return 0;
}

function snapshotOf(client: MeshdeckClient, context: string): Promise<InventorySnapshot> {
  return new Promise((resolve, reject) => {
    const cancel = client.stream('inventory.watch', { context }, {
      onEvent: (e) => { if (e.type === 'snapshot') { cancel(); resolve(e); } },
      onError: (e) => reject(e),
    });
  });
}

const CHANGE = { ...CONTEXT, yes: { type: 'boolean' as const }, restart: { type: 'boolean' as const } };

export const meshVerbs: Verb[] = [
  {
    words: 'inventory', synopsis: '--context NAME [--kind namespaces|workloads|services|pods] [--namespace NS] [--filter TEXT] [--needs-restart] [--json]',
    summary: 'who is in the mesh, with proxy state',
    options: { ...CONTEXT, ...JSON_FLAG, kind: { type: 'string' }, namespace: { type: 'string' }, filter: { type: 'string' }, 'needs-restart': { type: 'boolean' } },
    required: ['context'],
    async run({ client, values }) {
      const kind = InventoryKind.safeParse(str(values, 'kind') ?? 'namespaces');
      if (!kind.success) { console.error(`error: --kind is one of ${InventoryKind.options.join(', ')}.`); return 2; }
      let s: InventorySnapshot;
      try { s = await snapshotOf(client, str(values, 'context')!); } catch (e) { console.error(explain(e as RpcErrorShape)); return 1; }
      const t = inventoryTable(s, kind.data, { namespace: str(values, 'namespace'), filter: str(values, 'filter'), needsRestart: flag(values, 'needs-restart') });
      if (flag(values, 'json')) {
        console.log(JSON.stringify({ plane: s.plane, [kind.data]: t.items, problems: s.problems }, null, 2));
        return 0;
      }
      console.log(table(t.head, t.rows));
      console.log(`\n${t.rows.length} of ${s[kind.data].length} ${kind.data}; control planes: ${s.plane.revisions.map((r) => `${r.revision}${r.ready ? '' : ' (not ready)'}`).join(', ') || 'none'}${s.plane.tags.length ? `; tags: ${s.plane.tags.map((x) => `${x.tag}→${x.revision}`).join(', ')}` : ''}`);
      for (const p of s.problems) console.log(`${p.resource}: ${explain(p.error)}`);
      return 0;
    },
  },
  {
    words: 'mesh enable', synopsis: 'NAMESPACE --context NAME [--revision R | --ambient] [--yes] [--restart]',
    summary: 'shows the label change and its checks; --yes makes it, --restart rolls the workloads',
    options: { ...CHANGE, revision: { type: 'string' }, ambient: { type: 'boolean' } }, positionals: ['NAMESPACE'], required: ['context'],
    run: ({ client, values, positionals }) => changeMesh(client, str(values, 'context')!, positionals[0]!,
      flag(values, 'ambient') ? { mode: 'ambient' } : { mode: 'sidecar', revision: str(values, 'revision') ?? '' }, flag(values, 'yes'), flag(values, 'restart')),
  },
  {
    words: 'mesh disable', synopsis: 'NAMESPACE --context NAME [--yes] [--restart]', summary: 'takes a namespace out of the mesh (shows the change first)',
    options: CHANGE, positionals: ['NAMESPACE'], required: ['context'],
    run: ({ client, values, positionals }) => changeMesh(client, str(values, 'context')!, positionals[0]!, { mode: 'none' }, flag(values, 'yes'), flag(values, 'restart')),
  },
  {
    words: 'mesh restart', synopsis: 'NAMESPACE --context NAME', summary: 'restarts the workloads whose pods do not match their namespace',
    options: CONTEXT, positionals: ['NAMESPACE'], required: ['context'],
    run: ({ client, values, positionals }) => restart(client, str(values, 'context')!, positionals[0]!),
  },
];
