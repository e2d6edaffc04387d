import type { MeshdeckClient } from '../contract/client.js';
import { InstallOptions } from '../contract/install.js';
import type { UpgradeDraft, UpgradeEvent, UpgradeView } from '../contract/upgrade.js';
import { CONTEXT, JSON_FLAG, flag, list, str, type Values, type Verb } from './args.js';
import { explain, follow, printInstallEvent, printInstallStream, printUpgrade, restartLines } from './print.js';

/** `install`, `uninstall`, `revisions …`, `upgrade …` and `images push`. */

const INSTALL_OPTIONS = {
  profile: { type: 'string' as const }, revision: { type: 'string' as const }, hub: { type: 'string' as const }, tag: { type: 'string' as const },
  'pull-secret': { type: 'string' as const, multiple: true }, set: { type: 'string' as const, multiple: true }, prometheus: { type: 'boolean' as const },
};

/** The flags as the contract's InstallOptions; the contract's own rules say what is wrong. */
function installOptions(v: Values): { options?: InstallOptions; error?: string } {
  const values: Record<string, string> = {};
  for (const kv of list(v, 'set')) {
    const eq = kv.indexOf('=');
    if (eq <= 0) return { error: `--set takes key=value, not “${kv}”.` };
    values[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const parsed = InstallOptions.safeParse({
    profile: str(v, 'profile') ?? 'minimal', revision: str(v, 'revision') ?? '', hub: str(v, 'hub'), tag: str(v, 'tag'),
    imagePullSecrets: list(v, 'pull-secret'), values, ...(flag(v, 'prometheus') ? { prometheus: true } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `${issue.path.join('.') || 'options'}: ${issue.message}` };
  }
  return { options: parsed.data };
}

/** Follows an upgrade stream: the install's progress in stage 1, and the view when a stage changes state. */
async function followUpgrade(client: MeshdeckClient, method: 'upgrade.run' | 'upgrade.undo', input: Parameters<MeshdeckClient['stream']>[1], json: boolean): Promise<UpgradeView | undefined> {
  let last: UpgradeView | undefined;
  let shown = '';
  const install = { failed: false };
  const ended = await follow(client, method as 'upgrade.run', input as never, (e: UpgradeEvent) => {
    if (json) return console.log(JSON.stringify(e));
    if (e.type === 'install') return printInstallEvent(e.event, false, 'installed', install);
    last = e.upgrade;
    // A line when a stage or undo step changes state, not on every restart progress update.
    const key = JSON.stringify([e.upgrade.stages, e.upgrade.undo?.steps]);
    if (key !== shown) {
      shown = key;
      console.log(`» ${e.upgrade.summary}`);
    }
  });
  if (last?.restart && !json) for (const line of restartLines(last.restart)) console.log(line);
  return ended ? last : undefined;
}

const upgradeNext = (context: string, v: UpgradeView) => {
  if (v.complete || v.undo?.status === 'done') return `Start another later after: meshdeck upgrade dismiss --context ${context}`;
  const lines = [];
  if (v.next === 'remove') lines.push(`Remove the old revision when satisfied: meshdeck upgrade finish --context ${context}`);
  else if (v.next) lines.push(`Continue: meshdeck upgrade continue --context ${context}`);
  if (v.canUndo) lines.push(`Undo everything: meshdeck upgrade undo --context ${context}`);
  return lines.join('\n');
};

export const installVerbs: Verb[] = [
  {
    words: 'install', synopsis: '--context NAME [--profile minimal|default|demo] [--revision R] [--hub H] [--tag T] [--pull-secret S]... [--set key=value]... [--prometheus] [--precheck | --preview] [--json]',
    summary: 'installs the bundled Istio (or checks first, or shows the manifest)',
    options: { ...CONTEXT, ...JSON_FLAG, ...INSTALL_OPTIONS, precheck: { type: 'boolean' }, preview: { type: 'boolean' } }, required: ['context'],
    async run({ client, values }) {
      const context = str(values, 'context')!;
      const json = flag(values, 'json');
      const { options, error } = installOptions(values);
      if (!options) { console.error(`error: ${error}`); return 2; }
      if (flag(values, 'precheck')) {
        const r = await client.call('install.precheck', { context, options });
        if (json) console.log(JSON.stringify(r, null, 2));
        else for (const c of r.checks) console.log(`${c.status.toUpperCase().padEnd(4)}  ${c.title}: ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ''}`);
        return r.ok ? 0 : 1;
      }
      if (flag(values, 'preview')) {
        const p = await client.call('install.preview', { context, options });
        if (json) console.log(JSON.stringify(p, null, 2));
        else process.stdout.write(p.yaml);
        return 0;
      }
      return printInstallStream(client, 'install.apply', { context, options }, json, 'installed');
    },
  },
  {
    words: 'uninstall', synopsis: '--context NAME --yes [--json]', summary: 'removes every Istio and Meshdeck object in the cluster, CRDs included',
    options: { ...CONTEXT, ...JSON_FLAG, yes: { type: 'boolean' } }, required: ['context'],
    async run({ client, values }) {
      if (!flag(values, 'yes')) {
        console.error('Uninstalling removes Istio\'s CRDs and with them every Istio object (VirtualServices, DestinationRules...). Run again with --yes to go ahead.');
        return 2;
      }
      return printInstallStream(client, 'install.uninstall', { context: str(values, 'context')! }, flag(values, 'json'), 'uninstalled');
    },
  },
  {
    words: 'revisions', synopsis: '--context NAME [--json]', summary: 'control-plane revisions, the namespaces they serve, and tags',
    options: { ...CONTEXT, ...JSON_FLAG }, required: ['context'],
    async run({ client, values }) {
      const s = await client.call('revisions.status', { context: str(values, 'context')! });
      if (flag(values, 'json')) console.log(JSON.stringify(s, null, 2));
      else {
        for (const r of s.revisions) console.log(`${r.revision.padEnd(12)} ${r.version ?? ''} ${r.ready ? 'ready' : 'NOT READY'}  namespaces: ${r.namespaces.join(', ') || '-'}`);
        for (const t of s.tags) console.log(`tag ${t.tag} -> ${t.revision}`);
      }
      return 0;
    },
  },
  {
    words: 'revisions remove', synopsis: '--context NAME --revision REV [--json]', summary: 'removes one revision (refused while namespaces or tags use it)',
    options: { ...CONTEXT, ...JSON_FLAG, revision: { type: 'string' } }, required: ['context', 'revision'],
    run: ({ client, values }) => printInstallStream(client, 'revisions.remove', { context: str(values, 'context')!, revision: str(values, 'revision')! }, flag(values, 'json'), 'removed'),
  },
  {
    words: 'revisions tag', synopsis: '--context NAME --tag TAG --revision REV', summary: 'points a revision tag at a revision',
    options: { ...CONTEXT, tag: { type: 'string' }, revision: { type: 'string' } }, required: ['context', 'tag', 'revision'],
    async run({ client, values }) {
      const r = await client.call('revisions.tag', { context: str(values, 'context')!, tag: str(values, 'tag')!, revision: str(values, 'revision')! });
      console.log(`tag ${r.tag} -> ${r.revision}`);
      return 0;
    },
  },
  {
    words: 'upgrade', synopsis: '--context NAME [--to REV] [--from REV] [--namespaces a,b] [--tags default,…] [--json]',
    summary: 'installs a new revision beside the old one, moves and restarts its namespaces, points tags at it (undoable)',
    options: { ...CONTEXT, ...JSON_FLAG, to: { type: 'string' }, from: { type: 'string' }, namespaces: { type: 'string' }, tags: { type: 'string' } }, required: ['context'],
    async run({ client, values }) {
      const context = str(values, 'context')!;
      const status = await client.call('upgrade.status', { context });
      if (!status.proposal) { console.error('error: no Istio control plane runs in this cluster, so there is nothing to upgrade.'); return 1; }
      const split = (name: string) => str(values, name)?.split(',').map((x) => x.trim()).filter(Boolean);
      const draft: UpgradeDraft = {
        from: str(values, 'from') ?? status.proposal.from, to: str(values, 'to') ?? status.proposal.to,
        ...(split('namespaces') ? { namespaces: split('namespaces') } : {}), ...(split('tags') ? { tags: split('tags') } : {}),
      };
      const v = await followUpgrade(client, 'upgrade.run', { context, stage: 'through-tags', draft }, flag(values, 'json'));
      if (!v) return 1;
      if (!flag(values, 'json')) console.log(upgradeNext(context, v));
      return v.next === 'remove' ? 0 : 1;
    },
  },
  {
    words: 'upgrade status', synopsis: '--context NAME [--json]', summary: 'the upgrade in the cluster, and what comes next',
    options: { ...CONTEXT, ...JSON_FLAG }, required: ['context'],
    async run({ client, values }) {
      const context = str(values, 'context')!;
      const s = await client.call('upgrade.status', { context });
      if (flag(values, 'json')) { console.log(JSON.stringify(s, null, 2)); return 0; }
      if (!s.upgrade) {
        console.log(s.proposal ? `No upgrade under way. Proposed: ${s.proposal.from} → ${s.proposal.to} (Istio ${s.proposal.fromVersion ?? '?'} → ${s.proposal.toVersion}${s.proposal.change === 'revision-move' ? ', the same build: a move to a new revision' : ''}).` : 'No control plane to upgrade.');
        return 0;
      }
      printUpgrade(s.upgrade);
      console.log(upgradeNext(context, s.upgrade));
      return 0;
    },
  },
  {
    words: 'upgrade continue', synopsis: '--context NAME [--json]', summary: 'runs the upgrade\'s remaining steps up to the removal of the old revision',
    options: { ...CONTEXT, ...JSON_FLAG }, required: ['context'],
    async run({ client, values }) {
      const context = str(values, 'context')!;
      const v = await followUpgrade(client, 'upgrade.run', { context, stage: 'through-tags' }, flag(values, 'json'));
      if (v && !flag(values, 'json')) console.log(upgradeNext(context, v));
      return v?.next === 'remove' ? 0 : 1;
    },
  },
  {
    words: 'upgrade finish', synopsis: '--context NAME [--json]', summary: 'removes the old revision (the upgrade can no longer be undone)',
    options: { ...CONTEXT, ...JSON_FLAG }, required: ['context'],
    async run({ client, values }) {
      const v = await followUpgrade(client, 'upgrade.run', { context: str(values, 'context')!, stage: 'remove' }, flag(values, 'json'));
      return v?.complete ? 0 : 1;
    },
  },
  {
    words: 'upgrade undo', synopsis: '--context NAME [--json]', summary: 'points tags back, moves and restarts namespaces back, removes the new revision',
    options: { ...CONTEXT, ...JSON_FLAG }, required: ['context'],
    async run({ client, values }) {
      const v = await followUpgrade(client, 'upgrade.undo', { context: str(values, 'context')! }, flag(values, 'json'));
      if (v?.undo?.status === 'failed' && v.undo.error) console.error(explain(v.undo.error));
      return v?.undo?.status === 'done' ? 0 : 1;
    },
  },
  {
    words: 'upgrade dismiss', synopsis: '--context NAME', summary: 'forgets a finished or undone upgrade',
    options: CONTEXT, required: ['context'],
    async run({ client, values }) {
      await client.call('upgrade.dismiss', { context: str(values, 'context')! });
      console.log('dismissed');
      return 0;
    },
  },
  {
    words: 'images push', synopsis: '--registry HOST[:PORT] [--repository istio] [--insecure] [--json]   (credentials: MESHDECK_REGISTRY_USERNAME/PASSWORD)',
    summary: 'pushes the bundled images; prints the --set values that pin them by digest',
    options: { ...JSON_FLAG, registry: { type: 'string' }, repository: { type: 'string' }, insecure: { type: 'boolean' } }, required: ['registry'],
    async run({ client, values }) {
      const json = flag(values, 'json');
      const target = { registry: str(values, 'registry')!, repository: str(values, 'repository') ?? 'istio', insecure: flag(values, 'insecure'),
        username: process.env.MESHDECK_REGISTRY_USERNAME, password: process.env.MESHDECK_REGISTRY_PASSWORD };
      const ok = await follow(client, 'images.push', target, (e) => {
        if (json) return console.log(JSON.stringify(e));
        if (e.type === 'pushing') console.log(`pushing ${e.name}…`);
        else if (e.type === 'pushed') console.log(`  ${e.image.reference}`);
        else console.log(Object.entries(e.values).map(([k, v]) => `--set ${k}=${v}`).join(' '));
      });
      return ok ? 0 : 1;
    },
  },
];
