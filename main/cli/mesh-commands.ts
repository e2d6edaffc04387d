import type { MeshdeckClient } from '../contract/client.js';
import type { RpcErrorShape } from '../contract/errors.js';
import type { InventoryKind, InventorySnapshot, MeshPlan, MeshTarget } from '../contract/inventory.js';

/** `inventory` and `mesh enable|disable|restart`: the inventory and mesh-change verbs of the CLI. */

type Explain = (e: RpcErrorShape) => string;
type Row = (string | number)[];

function table(head: string[], rows: Row[]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

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

function snapshotOf(client: MeshdeckClient, context: string): Promise<InventorySnapshot> {
  return new Promise((resolve, reject) => {
    const cancel = client.stream('inventory.watch', { context }, {
      onEvent: (e) => { if (e.type === 'snapshot') { cancel(); resolve(e); } },
      onError: (e) => reject(e),
    });
  });
}

export async function inventoryCommand(client: MeshdeckClient, rest: string[], explain: Explain): Promise<number> {
  const opt = (name: string) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
  const context = opt('--context');
  const kind = (opt('--kind') ?? 'namespaces') as InventoryKind;
  if (!context || !['namespaces', 'workloads', 'services', 'pods'].includes(kind)) return 2;
  let s: InventorySnapshot;
  try { s = await snapshotOf(client, context); } catch (e) { console.error(explain(e as RpcErrorShape)); return 1; }
  const t = inventoryTable(s, kind, { namespace: opt('--namespace'), filter: opt('--filter'), needsRestart: rest.includes('--needs-restart') });
  if (rest.includes('--json')) {
    console.log(JSON.stringify({ plane: s.plane, [kind]: t.items, problems: s.problems }, null, 2));
    return 0;
  }
  console.log(table(t.head, t.rows));
  console.log(`\n${t.rows.length} of ${s[kind].length} ${kind}; control planes: ${s.plane.revisions.map((r) => `${r.revision}${r.ready ? '' : ' (not ready)'}`).join(', ') || 'none'}${s.plane.tags.length ? `; tags: ${s.plane.tags.map((x) => `${x.tag}→${x.revision}`).join(', ')}` : ''}`);
  for (const p of s.problems) console.log(`${p.resource}: ${explain(p.error)}`);
  return 0;
}

export function printPlan(p: MeshPlan): void {
  const fmt = (l: Record<string, string>) => Object.entries(l).map(([k, v]) => `${k}=${v}`).join(', ') || '(no mesh labels)';
  console.log(`namespace ${p.namespace}`);
  console.log(`  labels now:   ${fmt(p.before)}`);
  console.log(`  labels after: ${fmt(p.after)}${p.unchanged ? '  (no change)' : ''}`);
  for (const c of p.checks) console.log(`  ${c.status === 'pass' ? 'ok  ' : c.status === 'warn' ? 'warn' : 'FAIL'} ${c.title}: ${c.detail}${c.fix && c.status !== 'pass' ? `\n       fix: ${c.fix}` : ''}`);
  for (const w of p.warnings) console.log(`  ! ${w}`);
  if (p.restart.length) console.log(`  to restart afterwards: ${p.restart.map((w) => `${w.kind}/${w.name} (${w.pods} pods)`).join(', ')}`);
  if (p.refusal) console.log(`  refused: ${p.refusal}`);
}

function restart(client: MeshdeckClient, context: string, namespace: string, explain: Explain): Promise<number> {
  return new Promise((resolve) => {
    client.stream('mesh.restart', { context, namespace }, {
      onEvent: (e) => {
        if (e.type === 'workload') {
          if (e.state === 'queued' || e.state === 'restarting' && e.updated > 0) return;
          console.log(`  ${e.state.padEnd(10)} ${e.kind}/${e.name} ${e.updated}/${e.desired}${e.proxy ? ` proxy ${e.proxy}${e.proxyRevision ? ` (${e.proxyRevision})` : ''}` : ''}${e.detail ? ` — ${e.detail}` : ''}`);
        } else {
          console.log(`restarted ${e.restarted}, failed ${e.failed}`);
          resolve(e.failed ? 1 : 0);
        }
      },
      onError: (e) => { console.error(explain(e)); resolve(1); },
    });
  });
}

/** mesh enable|disable|restart NAMESPACE: shows the change, makes it with --yes, restarts with --restart. */
export async function meshCommand(client: MeshdeckClient, rest: string[], explain: Explain): Promise<number> {
  const opt = (name: string) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
  const [verb, namespace] = rest;
  const context = opt('--context');
  if (!context || !namespace || namespace.startsWith('--') || !['enable', 'disable', 'restart'].includes(verb ?? '')) return 2;
  if (verb === 'restart') return restart(client, context, namespace, explain);
  const target: MeshTarget = verb === 'disable' ? { mode: 'none' } : rest.includes('--ambient') ? { mode: 'ambient' } : { mode: 'sidecar', revision: opt('--revision') ?? '' };
  const plan = await client.call('mesh.plan', { context, namespace, target });
  printPlan(plan);
  if (plan.refusal) return 1;
  if (!rest.includes('--yes')) {
    console.log(plan.unchanged ? 'Nothing to change.' : 'Run again with --yes to make this change (add --restart to restart the workloads after).');
    return 0;
  }
  await client.call('mesh.apply', { context, namespace, target, resourceVersion: plan.resourceVersion });
  console.log(plan.unchanged ? 'labels already as asked' : 'labels changed');
  if (rest.includes('--restart') && plan.restart.length) return restart(client, context, namespace, explain);
  if (plan.restart.length) console.log(`Restart to apply it to running pods: meshdeck mesh restart ${namespace} --context ${context}`);
  return 0;
}
