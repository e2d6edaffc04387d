import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import type {
  ApplyResult, CheckReport, ConfigDocument, ConfigEvent, ConfigObjectText, ConfigRef, ConfigRow, DiffReport, Finding, SimResult, ValidateReport, WizardState,
} from '../contract/config.js';
import { MeshdeckError, refusal } from '../contract/errors.js';
import type { ClusterConnection } from '../kube/connection.js';
import { withKubeconfigFile } from '../kube/kubeconfig-file.js';
import { analyzeDocuments } from './analyze.js';
import { conflictingManagers, readable, readLive, rejectionFindings, serverApply, targetOf, toYaml, type LiveTarget } from './apply.js';
import { checkDocuments, isRoutingGroup } from './check-documents.js';
import { runChecks } from './checks.js';
import { parseText } from './documents.js';
import { governedHosts } from './hosts.js';
import type { LiveConfig, ServedKind } from './live.js';
import type { UndoEntry, UndoStore } from './undo-store.js';
import { emptySnapshot, groupOf, keyOf, keyOfRef, overlay, type ConfigObject, type Snapshot } from './objects.js';
import { objectSchema } from './schema.js';
import { simulate, type SimRequest } from './simulate.js';
import { readWizard, writeWizard } from './wizards.js';


const refOf = (o: ConfigObject): ConfigRef => ({ group: groupOf(o.apiVersion), kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });

/** The objects of the documents, or a refusal naming the first YAML problem. */
function objectsOf(documents: readonly ConfigDocument[]): ConfigObject[] {
  const out: ConfigObject[] = [];
  for (const d of documents) {
    const parsed = parseText(d.text);
    const problem = [...parsed.problems, ...parsed.documents.flatMap((x) => x.problems)][0];
    if (problem) throw new MeshdeckError({ code: 'BAD_REQUEST', message: `${d.name}: ${problem.message}`, detail: `line ${problem.range.startLine}` });
    out.push(...parsed.documents.flatMap((x) => (x.object ? [x.object] : [])));
  }
  return out;
}

/** Offline checks: the files are the whole cluster. */
export function checkOffline(documents: readonly ConfigDocument[]): CheckReport {
  return checkDocuments(documents, emptySnapshot(true));
}

export function simulateOffline(documents: readonly ConfigDocument[], request: SimRequest): SimResult {
  return simulate(withDocuments(emptySnapshot(true), documents), request);
}

function withDocuments(base: Snapshot, documents: readonly ConfigDocument[]): Snapshot {
  const objects = documents.length ? objectsOf(documents) : [];
  const s = overlay(base, objects.filter((o) => isRoutingGroup(groupOf(o.apiVersion))));
  const services = [...s.services];
  for (const o of objects) {
    if (o.apiVersion === 'v1' && o.kind === 'Service') {
      const spec = (o.spec ?? {}) as { selector?: Record<string, string>; ports?: Snapshot['services'][number]['ports'] };
      services.push({ namespace: o.metadata.namespace ?? 'default', name: o.metadata.name, selector: spec.selector, ports: spec.ports ?? [] });
    }
  }
  return { ...s, services };
}

/** Reading and writing wizards on YAML text (one object). */
export function wizardRead(wizard: WizardState['wizard'], text: string, rule?: number): WizardState {
  return readWizard(wizard, singleObject(text), rule);
}
export function wizardWrite(text: string, state: WizardState): { yaml: string; changed: boolean } {
  const before = singleObject(text);
  const after = writeWizard(before, state);
  const changed = JSON.stringify(after) !== JSON.stringify(before);
  // Untouched: the text as it was (comments and layout kept).
  return { yaml: changed ? stringify(after, { lineWidth: 0 }) : text, changed };
}
function singleObject(text: string): ConfigObject {
  const objects = objectsOf([{ name: 'wizard', text }]);
  if (objects.length !== 1) throw new MeshdeckError({ code: 'BAD_REQUEST', message: `A wizard edits one object; this text holds ${objects.length}.` });
  return objects[0]!;
}

/**
 * Routing config of one cluster: the live list with each object's check status, checks of the user's
 * documents against it, the API server's and istioctl's verdicts, diff, a conflict-safe apply and its
 * undo, schemas for the editor, and the simulator.
 */
export class ConfigService {
  constructor(private readonly conn: ClusterConnection, private readonly live: LiveConfig, private readonly istioctl: () => Promise<string>, private readonly undoStore: UndoStore) {}

  /** Waits (briefly) for every list, so the first answers see the whole cluster. */
  private async ready(signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + 20_000;
    const never = new AbortController();
    while (!this.live.complete && Date.now() < deadline && !signal?.aborted) {
      await Promise.race([this.live.changes.next(signal ?? never.signal), new Promise((r) => setTimeout(r, 200))]);
    }
  }

  private kindFor(o: ConfigObject): ServedKind {
    const k = this.live.kindOf(groupOf(o.apiVersion), o.kind);
    if (!k) throw refusal('kind-not-served', `This cluster serves no ${o.kind} in ${groupOf(o.apiVersion) || 'the core API'}: is Istio (or the Gateway API) installed?`);
    const version = o.apiVersion.split('/')[1];
    if (version && version !== k.version && !k.crd) throw refusal('kind-not-served', `${o.kind} ${version} is not served.`);
    return k;
  }

  async check(documents: readonly ConfigDocument[]): Promise<CheckReport> {
    await this.ready();
    const report = checkDocuments(documents, this.live.snapshot());
    // A document for a kind or version the cluster does not serve is named at its own line.
    for (const [i, d] of documents.entries()) {
      for (const doc of parseText(d.text).documents) {
        const o = doc.object;
        if (!o || !isRoutingGroup(groupOf(o.apiVersion))) continue;
        const k = this.live.kindOf(groupOf(o.apiVersion), o.kind);
        const version = o.apiVersion.split('/')[1];
        const served = k?.servedVersions ?? [];
        if (!k || (version && !served.includes(version))) {
          report.documents[i]!.findings.unshift({ code: 'MD003', severity: 'error', source: 'schema', ref: refOf(o), path: ['apiVersion'], range: doc.rangeOf(['apiVersion']),
            message: k ? `${o.kind} ${version} is not served by this cluster (it serves ${served.join(', ')}).` : `This cluster serves no ${o.kind} in ${groupOf(o.apiVersion)}.`,
            fix: k ? `Use apiVersion ${k.group}/${k.version}.` : 'Check the apiVersion and kind, or install the CRD that defines it.' });
        }
      }
    }
    return report;
  }

  async get(ref: ConfigRef): Promise<ConfigObjectText> {
    await this.ready();
    const k = this.live.kindOf(ref.group, ref.kind);
    if (!k) throw refusal('kind-not-served', `This cluster serves no ${ref.kind} in ${ref.group}.`);
    const target = targetOf({ apiVersion: `${k.group}/${k.version}`, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } }, k);
    const o = await readLive(this.conn, target);
    if (!o) throw new MeshdeckError({ code: 'NOT_FOUND', message: `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} does not exist (any more).` });
    return { ref: target.ref, yaml: toYaml(o), resourceVersion: String(o.metadata.resourceVersion ?? '') };
  }

  async schemas() {
    await this.ready();
    const out = [];
    for (const k of this.live.servedKinds()) {
      const crd = await this.conn.requestJson<{ spec: { versions: { name: string; schema?: { openAPIV3Schema?: unknown } }[] } }>('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${k.crd}`);
      const v = crd.spec.versions.find((x) => x.name === k.version);
      out.push({ group: k.group, version: k.version, kind: k.kind, schema: objectSchema(k.group, k.version, k.kind, v?.schema?.openAPIV3Schema) });
    }
    return { schemas: out };
  }

  /** The API server's dry run (CRD schema, Istio's webhook) and istioctl analyze, as findings at lines. */
  async validate(documents: readonly ConfigDocument[]): Promise<ValidateReport> {
    const t0 = performance.now();
    await this.ready();
    const results = documents.map((d) => ({ name: d.name, findings: [] as Finding[] }));
    for (const [i, d] of documents.entries()) {
      for (const doc of parseText(d.text).documents) {
        const o = doc.object;
        if (!o || !isRoutingGroup(groupOf(o.apiVersion))) continue;
        const k = this.live.kindOf(groupOf(o.apiVersion), o.kind);
        if (!k) continue;
        try {
          await serverApply(this.conn, { object: o, target: targetOf(o, k) }, true);
        } catch (e) {
          const err = e instanceof MeshdeckError ? e : this.conn.classify(e);
          if (err.code === 'CONFLICT') continue; // another manager's fields: apply names it
          results[i]!.findings.push(...rejectionFindings(refOf(o), err).map((f) => ({ ...f, range: doc.rangeOf(f.path) })));
        }
      }
    }
    const analyzed = await withKubeconfigFile(this.conn, async (kubeconfig) => analyzeDocuments(await this.istioctl(), kubeconfig, documents));
    for (const [i, a] of analyzed.entries()) results[i]!.findings.push(...a.findings);
    return { documents: results, elapsedMs: Math.round(performance.now() - t0) };
  }

  async diff(documents: readonly ConfigDocument[]): Promise<DiffReport> {
    await this.ready();
    const entries: DiffReport['entries'] = [];
    for (const o of objectsOf(documents)) {
      if (!isRoutingGroup(groupOf(o.apiVersion))) continue;
      const target = targetOf(o, this.kindFor(o));
      const live = await readLive(this.conn, target);
      const mine = toYaml(o);
      if (!live) { entries.push({ ref: target.ref, status: 'create', mine }); continue; }
      const theirs = toYaml(live);
      const same = JSON.stringify(comparable(live)) === JSON.stringify(comparable(o));
      entries.push({ ref: target.ref, status: same ? 'same' : 'change', live: theirs, liveResourceVersion: String(live.metadata.resourceVersion ?? ''), mine });
    }
    return { entries, problems: [] };
  }

  /**
   * Applies with a resourceVersion precondition per object (what the editor opened): anything changed
   * since is reported as a conflict and nothing is applied. Field-manager conflicts are named, never forced.
   */
  async apply(documents: readonly ConfigDocument[], base: readonly { ref: ConfigRef; resourceVersion: string | null }[]): Promise<ApplyResult> {
    await this.ready();
    const objects = objectsOf(documents).filter((o) => isRoutingGroup(groupOf(o.apiVersion)));
    const baseOf = new Map(base.map((b) => [keyOfRef(b.ref), b.resourceVersion]));
    const plans: { o: ConfigObject; target: LiveTarget; live?: ConfigObject }[] = [];
    const conflicts: Extract<ApplyResult, { outcome: 'conflict' }>['conflicts'] = [];
    for (const o of objects) {
      const target = targetOf(o, this.kindFor(o));
      const live = await readLive(this.conn, target);
      const opened = baseOf.get(keyOf(o));
      const liveRv = live ? String(live.metadata.resourceVersion ?? '') : null;
      // Opened at a version (or as new): it must still be that version (or still absent).
      if (opened !== undefined && opened !== liveRv) conflicts.push({ ref: target.ref, ...(live ? { theirs: toYaml(live), theirsResourceVersion: liveRv! } : {}) });
      plans.push({ o, target, live });
    }
    if (conflicts.length) return { outcome: 'conflict', conflicts };
    // Dry run every object first: a refusal applies nothing.
    const rejected: Finding[] = [];
    for (const p of plans) {
      try {
        await serverApply(this.conn, { object: p.o, target: p.target, resourceVersion: p.live?.metadata.resourceVersion as string | undefined }, true);
      } catch (e) {
        const err = e instanceof MeshdeckError ? e : this.conn.classify(e);
        if (err.code === 'CONFLICT' && conflictingManagers(err.shape.detail ?? '').length) continue;
        if (err.code === 'CONFLICT') return { outcome: 'conflict', conflicts: [{ ref: p.target.ref }] };
        rejected.push(...rejectionFindings(p.target.ref, err));
      }
    }
    if (rejected.length) return { outcome: 'rejected', findings: rejected };
    const undoId = randomBytes(8).toString('hex');
    const journal: UndoEntry[] = [];
    const applied: Extract<ApplyResult, { outcome: 'applied' }>['applied'] = [];
    for (const p of plans) {
      try {
        const after = await serverApply(this.conn, { object: p.o, target: p.target, resourceVersion: p.live?.metadata.resourceVersion as string | undefined }, false);
        const rv = String(after.metadata.resourceVersion ?? '');
        journal.push({ target: p.target, before: p.live, after: rv, fingerprint: JSON.stringify(comparable(after)) });
        applied.push({ ref: p.target.ref, resourceVersion: rv, created: !p.live });
      } catch (e) {
        const err = e instanceof MeshdeckError ? e : this.conn.classify(e);
        if (journal.length) await this.undoStore.save(undoId, journal);
        const managers = conflictingManagers(err.shape.detail ?? '');
        if (err.code === 'CONFLICT' && managers.length) {
          return { outcome: 'owned', ref: p.target.ref, managers, detail: err.shape.detail ?? err.message, applied, ...(journal.length ? { undoId } : {}) };
        }
        throw err;
      }
    }
    await this.undoStore.save(undoId, journal);
    return { outcome: 'applied', applied, undoId };
  }

  /** Puts back what an apply changed, if nobody changed it since: re-created as it was, or deleted if it was new. */
  async undo(undoId: string) {
    const journal = /^[0-9a-f]{16}$/.test(undoId) ? await this.undoStore.load(undoId) : undefined;
    if (!journal) throw new MeshdeckError({ code: 'NOT_FOUND', message: 'There is nothing to undo for that change (it was undone already, or is not one of this machine\'s applies).' });
    const restored: { ref: ConfigRef; action: 'restored' | 'deleted' }[] = [];
    for (const e of [...journal].reverse()) {
      const now = await readLive(this.conn, e.target);
      // Controllers bump the version when they write status; only a change to what a person edits blocks the undo.
      if (now && JSON.stringify(comparable(now)) !== e.fingerprint) {
        throw new MeshdeckError({ code: 'CONFLICT', message: `${e.target.ref.kind} ${e.target.ref.namespace}/${e.target.ref.name} changed after the apply; undo would overwrite that change, so nothing more was undone.` });
      }
      if (!e.before) {
        const rv = String(now?.metadata.resourceVersion ?? '');
        if (now) await this.conn.requestJson('DELETE', e.target.path, { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: rv } } });
        restored.push({ ref: e.target.ref, action: 'deleted' });
      } else {
        // The same manager applies the object as it was (forced: this undoes Meshdeck's own change, which the
        // precondition proves nobody has touched since), so the fields the change added go with it.
        await serverApply(this.conn, { object: readable(e.before), target: e.target, resourceVersion: String(now?.metadata.resourceVersion ?? '') || undefined }, false, true);
        restored.push({ ref: e.target.ref, action: 'restored' });
      }
    }
    await this.undoStore.remove(undoId);
    return { restored };
  }

  async simulate(documents: readonly ConfigDocument[], request: SimRequest): Promise<SimResult> {
    await this.ready();
    return simulate(withDocuments(this.live.snapshot(), documents), request);
  }

  /** The live list as rows with their check status: a snapshot, then deltas after each burst of changes. */
  async *watch(signal: AbortSignal): AsyncGenerator<ConfigEvent> {
    await this.ready(signal);
    let sent = new Map<string, string>();
    let sentHosts = '';
    let sentKinds = '';
    let first = true;
    while (!signal.aborted) {
      const snap = this.live.snapshot();
      const rows = rowsOf(snap, this.live);
      const hosts = governedHosts(snap);
      const kinds = this.live.servedKinds().map(({ group, version, kind, plural, namespaced }) => ({ group, version, kind, plural, namespaced }));
      const problems = [...this.live.problems].map(([resource, error]) => ({ resource, error }));
      const now = new Map(rows.map((r) => [r.id, JSON.stringify(r)]));
      if (first) {
        yield { type: 'snapshot', kinds, rows, hosts, problems };
        first = false;
      } else {
        const upsert = rows.filter((r) => sent.get(r.id) !== now.get(r.id));
        const remove = [...sent.keys()].filter((id) => !now.has(id));
        const h = JSON.stringify(hosts);
        const k = JSON.stringify(kinds);
        if (upsert.length || remove.length || h !== sentHosts || k !== sentKinds) {
          yield { type: 'delta', upsert, remove, problems, ...(h !== sentHosts ? { hosts } : {}), ...(k !== sentKinds ? { kinds } : {}) };
        }
      }
      sent = now;
      sentHosts = JSON.stringify(hosts);
      sentKinds = JSON.stringify(kinds);
      if (!(await this.live.changes.next(signal))) break;
    }
  }
}

/** The spec and labels a person edits; what the server adds (status, managed fields, versions) is left out of the comparison. */
function comparable(o: ConfigObject) {
  return { spec: o.spec, labels: o.metadata.labels ?? {}, annotations: Object.fromEntries(Object.entries(o.metadata.annotations ?? {}).filter(([k]) => !k.startsWith('kubectl.kubernetes.io/'))) };
}

/** Browse rows: every routing object with the counts of its findings. */
export function rowsOf(snap: Snapshot, live: Pick<LiveConfig, 'kindOf'>): ConfigRow[] {
  const findings = new Map<string, Finding[]>();
  for (const f of runChecks(snap)) {
    if (!f.ref || f.severity === 'info') continue;
    const k = keyOfRef(f.ref);
    const list = findings.get(k);
    if (list) list.push(f);
    else findings.set(k, [f]);
  }
  return [...snap.config.entries()].map(([id, o]) => {
    const f = findings.get(id) ?? [];
    const spec = (o.spec ?? {}) as { hosts?: string[]; host?: string; parentRefs?: { name: string }[] };
    return {
      id, group: groupOf(o.apiVersion), version: live.kindOf(groupOf(o.apiVersion), o.kind)?.version ?? o.apiVersion.split('/')[1] ?? '', kind: o.kind,
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name, resourceVersion: String(o.metadata.resourceVersion ?? ''),
      ...(o.metadata.creationTimestamp ? { createdAt: String(o.metadata.creationTimestamp) } : {}),
      errors: f.filter((x) => x.severity === 'error').length, warnings: f.filter((x) => x.severity === 'warning').length, findings: f.slice(0, 5),
      hosts: [...(spec.hosts ?? []), ...(spec.host ? [spec.host] : []), ...(spec.parentRefs ?? []).map((p) => p.name)],
    };
  });
}

