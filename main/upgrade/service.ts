import { refusal, toErrorShape, MeshdeckError, type RpcErrorShape } from '../contract/errors.js';
import type { InstallEvent } from '../contract/install.js';
import { draftProblems, UpgradeRecord, type UndoStepId, type UpgradeDraft, type UpgradeEvent, type UpgradeStage, type UpgradeStatus } from '../contract/upgrade.js';
import { istioVersion } from '../install/release.js';
import type { InstallService } from '../install/service.js';
import { relabelNamespaces, targetLabels } from '../inventory/mesh-change.js';
import { restartWorkloads } from '../inventory/restart.js';
import type { ClusterConnection } from '../kube/connection.js';
import { acquireLock, lockHolder } from '../kube/lease-lock.js';
import { deleteRecord, readRecord, UPGRADE_LOCK, writeRecord } from './record-store.js';
import { newRecord, proposeUpgrade, stageRefusal, tagRestoreTarget, undoPlan, upgradeView, canUndo } from './rules.js';

/** The record as it stands once this process holds the lock: steps recorded as running were interrupted. */
const settled = (r: UpgradeRecord): UpgradeRecord => UpgradeRecord.parse(upgradeView(r, false));

const stoppedEarly = (what: string): RpcErrorShape => ({ code: 'INTERNAL', message: `The ${what} stopped before it finished, so it is not known to be complete.` });

/**
 * Runs an upgrade by revision, one stage per request (or every stage but the removal, for the CLI),
 * under one lock, recording every change in the cluster. The UI and the CLI only show the views it
 * yields, and both can undo.
 */
export class UpgradeService {
  constructor(private readonly conn: ClusterConnection, private readonly install: InstallService) {}

  async status(): Promise<UpgradeStatus> {
    const [revisions, record, holder] = await Promise.all([this.install.status(), readRecord(this.conn), lockHolder(this.conn, UPGRADE_LOCK)]);
    return {
      revisions,
      upgrade: record ? upgradeView(record, !!holder) : undefined,
      proposal: proposeUpgrade(revisions, istioVersion()),
    };
  }

  /** Forgets a finished or undone upgrade (or one never started), so a new one can begin. */
  async dismiss(): Promise<void> {
    const lock = await acquireLock(this.conn, UPGRADE_LOCK);
    try {
      const record = await readRecord(this.conn);
      if (record && !(record.stages.remove === 'done' || record.undo?.status === 'done' || record.stages.install === 'pending')) {
        throw refusal('upgrade-step-not-ready', 'This upgrade is half-way: finish it or undo it before starting another.');
      }
      await deleteRecord(this.conn);
    } finally {
      await lock.release();
    }
  }

  async *run(stage: UpgradeStage | 'through-tags', draft: UpgradeDraft | undefined, signal: AbortSignal): AsyncGenerator<UpgradeEvent> {
    const lock = await acquireLock(this.conn, UPGRADE_LOCK);
    try {
      let record = await this.begin(stage, draft);
      const stages: UpgradeStage[] = stage === 'through-tags' ? ['install', 'move', 'restart', 'tags'] : [stage];
      for (const s of stages) {
        if (record.stages[s] === 'done') continue;
        const why = stageRefusal(record, s);
        if (why) throw refusal('upgrade-step-not-ready', why);
        if (signal.aborted) return;
        const errors = { ...record.errors };
        delete errors[s];
        record = { ...record, stages: { ...record.stages, [s]: 'running' }, errors };
        yield* this.save(record);
        try {
          for await (const e of this.stage(s, record, signal)) {
            if (e.type === 'install') yield e;
            else { record = e.record; yield* this.save(record, e.persist); }
          }
          record = { ...record, stages: { ...record.stages, [s]: 'done' } };
        } catch (err) {
          record = { ...record, stages: { ...record.stages, [s]: 'failed' }, errors: { ...record.errors, [s]: toErrorShape(err) } };
        }
        yield* this.save(record);
        if (record.stages[s] !== 'done') return;
      }
    } finally {
      await lock.release();
    }
  }

  async *undo(signal: AbortSignal): AsyncGenerator<UpgradeEvent> {
    const lock = await acquireLock(this.conn, UPGRADE_LOCK);
    try {
      const found = await readRecord(this.conn);
      if (!found) throw refusal('upgrade-step-not-ready', 'There is no upgrade to undo.');
      let record = settled(found);
      if (!canUndo(record)) throw refusal('upgrade-step-not-ready', record.stages.remove !== 'pending' ? 'The old revision’s removal has started: the upgrade can no longer be undone.' : 'Nothing of this upgrade can be undone now.');
      const steps = undoPlan(record);
      record = { ...record, undo: { steps, status: 'running' } };
      yield* this.save(record);
      const mark = (id: UndoStepId, state: 'running' | 'done') => {
        record = { ...record, undo: { ...record.undo!, steps: record.undo!.steps.map((s) => (s.id === id ? { ...s, state } : s)) } };
      };
      try {
        for (const { id } of steps) {
          if (signal.aborted) throw new MeshdeckError({ code: 'CANCELLED', message: 'Undo cancelled; run it again to finish.' });
          mark(id, 'running');
          yield* this.save(record);
          if (id === 'tags') {
            for (const change of record.tagChanges) await this.install.tag(change.tag, tagRestoreTarget(change.previous, record.from));
          } else if (id === 'move') {
            const r = record;
            await relabelNamespaces(this.conn, r.moved, (ns) => r.originalLabels[ns] ?? targetLabels({ mode: 'sidecar', revision: r.from }));
          } else if (id === 'restart') {
            let last: UpgradeRecord['restart'];
            for await (const status of restartWorkloads(this.conn, record.moved.map((namespace) => ({ namespace })), signal)) {
              last = status;
              record = { ...record, restart: status };
              yield* this.save(record, false);
            }
            if (!last || last.phase === 'running') throw new MeshdeckError(stoppedEarly('restart'));
            if (last.phase === 'failed') throw new MeshdeckError({ code: 'INTERNAL', message: last.summary });
          } else {
            await this.removal(record.to, signal, () => undefined);
          }
          mark(id, 'done');
          yield* this.save(record);
        }
        record = { ...record, undo: { ...record.undo!, status: 'done' } };
      } catch (err) {
        record = { ...record, undo: { steps: record.undo!.steps.map((s) => (s.state === 'running' ? { ...s, state: 'failed' } : s)), status: 'failed', error: toErrorShape(err) } };
      }
      yield* this.save(record);
    } finally {
      await lock.release();
    }
  }

  /** The record to run on: the one in the cluster, or a new one from the draft (checked) for the first stage. */
  private async begin(stage: UpgradeStage | 'through-tags', draft: UpgradeDraft | undefined): Promise<UpgradeRecord> {
    const found = await readRecord(this.conn);
    const existing = found && settled(found);
    const startsNew = !existing || (existing.stages.install === 'pending' && !existing.undo);
    if (!startsNew) {
      // Later stages may narrow what they act on (the user's namespaces, target and tags).
      if (!draft) return existing;
      const next = { ...existing };
      if (existing.stages.move === 'pending' && draft.namespaces) next.namespaces = draft.namespaces;
      if (existing.stages.move === 'pending' && draft.moveTarget) next.moveTarget = draft.moveTarget;
      if (existing.stages.tags === 'pending' && draft.tags) next.tags = draft.tags;
      return next;
    }
    if (stage !== 'install' && stage !== 'through-tags') throw refusal('upgrade-step-not-ready', 'Start the upgrade by installing the new revision.');
    if (!draft) throw refusal('upgrade-step-not-ready', 'Say which revision to upgrade from and what to call the new one.');
    const status = await this.install.status();
    if (!status.revisions.length) throw refusal('nothing-installed', 'No Istio control plane runs in this cluster, so there is nothing to upgrade. Install one first.');
    const problems = draftProblems(draft, status);
    const first = Object.values(problems)[0];
    if (first) throw refusal('upgrade-step-not-ready', first);
    return newRecord(draft, status, istioVersion());
  }

  /** Persists the record (unless `persist` is false: frequent progress) and yields its view. */
  private async *save(record: UpgradeRecord, persist = true): AsyncGenerator<UpgradeEvent> {
    if (persist) await writeRecord(this.conn, record);
    yield { type: 'state', upgrade: upgradeView(record, true) };
  }

  /** One stage's work: install events pass through; record updates are yielded as they happen. */
  private async *stage(stage: UpgradeStage, start: UpgradeRecord, signal: AbortSignal): AsyncGenerator<{ type: 'install'; event: InstallEvent } | { type: 'record'; record: UpgradeRecord; persist: boolean }> {
    let record = start;
    switch (stage) {
      case 'install': {
        let terminal: InstallEvent | undefined;
        for await (const event of this.install.apply(record.options, signal)) {
          if (event.type === 'done' || event.type === 'failed') terminal = event;
          yield { type: 'install', event };
        }
        if (terminal?.type === 'failed') throw new MeshdeckError(terminal.error);
        if (!terminal) throw new MeshdeckError(stoppedEarly('install'));
        return;
      }
      case 'move': {
        const labels = targetLabels({ mode: 'sidecar', revision: record.moveTarget });
        const before = await relabelNamespaces(this.conn, record.namespaces, () => labels);
        yield { type: 'record', record: { ...record, moved: [...new Set([...record.moved, ...record.namespaces])], originalLabels: { ...before, ...record.originalLabels } }, persist: true };
        return;
      }
      case 'restart': {
        let last: UpgradeRecord['restart'];
        let lastSaved = 0;
        for await (const status of restartWorkloads(this.conn, record.moved.map((namespace) => ({ namespace })), signal)) {
          last = status;
          record = { ...record, restart: status };
          const persist = status.phase !== 'running' || Date.now() - lastSaved > 2000;
          if (persist) lastSaved = Date.now();
          yield { type: 'record', record, persist };
        }
        if (!last || last.phase === 'running') throw new MeshdeckError(stoppedEarly('restart'));
        if (last.phase === 'failed') throw new MeshdeckError({ code: 'INTERNAL', message: last.summary });
        return;
      }
      case 'tags': {
        const status = await this.install.status();
        for (const tag of record.tags) {
          const previous = status.tags.find((t) => t.tag === tag)?.revision;
          await this.install.tag(tag, record.to);
          // The first "previous" seen is the one to restore (running the stage again keeps it).
          if (!record.tagChanges.some((t) => t.tag === tag)) {
            record = { ...record, tagChanges: [...record.tagChanges, { tag, ...(previous !== undefined && previous !== record.to ? { previous } : {}) }] };
            yield { type: 'record', record, persist: true };
          }
        }
        return;
      }
      case 'remove': {
        let removed = 0;
        await this.removal(record.from, signal, () => { removed++; });
        yield { type: 'record', record: { ...record, removed }, persist: true };
        return;
      }
    }
  }

  /** Removes one revision, counting its objects; throws what stopped it. */
  private async removal(revision: string, signal: AbortSignal, onObject: () => void): Promise<void> {
    let terminal: InstallEvent | undefined;
    for await (const e of this.install.removeRevision(revision, signal)) {
      if (e.type === 'object') onObject();
      if (e.type === 'done' || e.type === 'failed') terminal = e;
    }
    if (terminal?.type === 'failed') throw new MeshdeckError(terminal.error);
    if (!terminal) throw new MeshdeckError(stoppedEarly('removal'));
  }
}

