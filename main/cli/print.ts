import type { InputOf, StreamMethod, EventOf } from '../contract/api.js';
import type { MeshdeckClient } from '../contract/client.js';
import type { RpcErrorShape } from '../contract/errors.js';
import type { InstallEvent } from '../contract/install.js';
import type { RestartStatus } from '../contract/inventory.js';
import { STAGE_LABEL, UPGRADE_STAGES, type UpgradeView } from '../contract/upgrade.js';

/** How the command line shows what the core computed: words and tables only, no rules. */

export function explain(e: RpcErrorShape): string {
  const lines = [`error (${e.code}${e.reason ? `: ${e.reason}` : ''}): ${e.message}`];
  if (e.forbidden) lines.push(`  refused: ${e.forbidden.verb} ${e.forbidden.resource}${e.forbidden.group ? '.' + e.forbidden.group : ''}`);
  if (e.location) lines.push(`  at ${e.location.file}${e.location.line ? ':' + e.location.line : ''}`);
  if (e.detail) lines.push(`  detail: ${e.detail}`);
  return lines.join('\n');
}

export type Row = (string | number)[];

export function table(head: string[], rows: Row[]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** Runs a stream to its end, handing each event to `onEvent`; resolves false when it failed. */
export function follow<K extends StreamMethod>(client: MeshdeckClient, method: K, input: InputOf<K>, onEvent: (e: EventOf<K>) => void): Promise<boolean> {
  return new Promise((resolve) => {
    client.stream(method, input, {
      onEvent,
      onError: (e) => { console.error(explain(e)); resolve(false); },
      onEnd: () => resolve(true),
    });
  });
}

/** One install-shaped event (install, uninstall, revision removal) as lines; sets `failed` on failure. */
export function printInstallEvent(e: InstallEvent, json: boolean, verb: string, state: { failed: boolean }): void {
  if (json) return console.log(JSON.stringify(e));
  if (e.type === 'phase') console.log(`[${e.index + 1}/${e.of}] ${e.phase}`);
  else if (e.type === 'object') console.log(`  ${e.result.padEnd(7)} ${e.object.kind} ${e.object.namespace ? `${e.object.namespace}/` : ''}${e.object.name}`);
  else if (e.type === 'waiting') {
    console.log(`  waiting for ${e.what}`);
    for (const b of e.blockers) console.log(`    ! ${b.message}${b.fix ? `\n      fix: ${b.fix}` : ''}`);
  } else if (e.type === 'done') {
    for (const c of e.verify?.checks ?? []) console.log(`  ${c.status === 'pass' ? 'ok  ' : 'FAIL'} ${c.title}: ${c.detail}`);
    console.log(`${verb} in ${(e.elapsedMs / 1000).toFixed(1)} s`);
    if (e.labelledNamespaces?.length) {
      console.log(`namespaces still labelled for the removed mesh (their pods keep orphaned proxies until restarted): ${e.labelledNamespaces.join(', ')}`);
      console.log('  clear one with: meshdeck mesh disable NAMESPACE --context NAME --yes --restart');
    }
  } else if (e.type === 'failed') {
    state.failed = true;
    console.error(explain(e.error));
  }
}

export async function printInstallStream<K extends 'install.apply' | 'install.uninstall' | 'revisions.remove'>(client: MeshdeckClient, method: K, input: InputOf<K>, json: boolean, verb: string): Promise<number> {
  const state = { failed: false };
  const ended = await follow(client, method, input, (e) => printInstallEvent(e as InstallEvent, json, verb, state));
  return ended && !state.failed ? 0 : 1;
}

export function restartLines(s: RestartStatus): string[] {
  return s.workloads.filter((w) => w.state === 'ready' || w.state === 'failed')
    .map((w) => `  ${w.state.padEnd(7)} ${w.kind} ${w.namespace}/${w.name} ${w.updated}/${w.desired}${w.proxy ? ` proxy ${w.proxy}${w.proxyRevision ? ` (${w.proxyRevision})` : ''}` : ''}${w.detail ? ` — ${w.detail}` : ''}`);
}

/** The upgrade view, whole. */
export function printUpgrade(v: UpgradeView): void {
  console.log(v.summary);
  console.log(`  ${v.change === 'version' ? `Istio ${v.fromVersion ?? 'unknown version'} → ${v.toVersion}` : `same Istio (${v.toVersion}), a move to a new revision`}`);
  for (const id of UPGRADE_STAGES) {
    const err = v.errors[id];
    console.log(`  ${v.stages[id].padEnd(8)} ${STAGE_LABEL[id]}${err ? ` — ${err.message}` : ''}`);
  }
  if (v.moved.length) console.log(`  moved: ${v.moved.join(', ')} → ${v.moveTarget}`);
  if (v.tagChanges.length) console.log(`  tags: ${v.tagChanges.map((t) => `${t.tag} (was ${t.previous ?? 'unset'})`).join(', ')}`);
  if (v.undo) for (const s of v.undo.steps) console.log(`  undo ${s.state.padEnd(8)} ${s.label}`);
}
