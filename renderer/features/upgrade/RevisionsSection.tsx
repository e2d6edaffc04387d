import { useId } from 'react';
import type { MeshInstallStatus } from '../../../main/contract/install.js';
import { Badge, Skeleton } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { TagsEditor } from './TagsEditor.js';
import { UpgradePanel } from './UpgradePanel.js';
import type { Upgrade } from './useUpgrade.js';
import './upgrade.css';

interface Props {
  context: string;
  upgrade: Upgrade;
  now: number;
}

/** The control planes side by side: each revision, its version and readiness, who uses it; the tags; the upgrade. */
export function RevisionsSection({ context, upgrade, now }: Props) {
  const headingId = useId();
  const { status } = upgrade;
  const data = upgrade.revisions;
  return (
    <section className="panel revisions" aria-labelledby={headingId} data-testid="revisions-section" aria-busy={status.loading}>
      <div className="section-head">
        <h2 id={headingId}>Revisions</h2>
        <button type="button" className="btn btn-small" onClick={status.reload} aria-disabled={status.loading} data-testid="revisions-reload">
          {status.loading ? 'Reading…' : 'Read again'}
        </button>
      </div>
      <p className="muted revisions-intro">
        Each revision is a control plane of its own. A namespace picks one with its <code>istio.io/rev</code> label (directly, or through a tag);
        upgrading means installing a new revision beside the old one and moving namespaces over, one step at a time.
      </p>

      {status.error ? <ErrorExplanation error={status.error} context={context} testId="revisions-error" /> : null}
      {!data && !status.error ? <Skeleton lines={3} className="checklist-skeleton" /> : null}

      {data ? (
        <>
          <RevisionsTable status={data} />
          <TagsTable status={data} />
          <TagsEditor context={context} status={data} onChanged={status.reload} busy={!!upgrade.view?.busy || upgrade.running} />
        </>
      ) : null}

      {upgrade.failure?.action === 'dismiss' ? <ErrorExplanation error={upgrade.failure.error} context={context} testId="upgrade-dismiss-error" /> : null}
      {upgrade.open ? (
        <UpgradePanel key={upgrade.view ? 'upgrade' : 'new'} context={context} upgrade={upgrade} now={now} />
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              if (data) upgrade.show();
            }}
            aria-disabled={!data}
            data-testid="upgrade-open"
          >
            Upgrade to a new revision…
          </button>
        </div>
      )}
    </section>
  );
}

/** A table's only row when it has nothing to list. */
function EmptyRow({ columns, children }: { columns: number; children: string }) {
  return (
    <tr>
      <td colSpan={columns} className="muted">
        {children}
      </td>
    </tr>
  );
}

function RevisionsTable({ status }: { status: MeshInstallStatus }) {
  return (
    <table className="table table-compact revisions-table">
      <caption className="sr-only">Control plane revisions in this cluster</caption>
      <thead>
        <tr>
          <th scope="col">Revision</th>
          <th scope="col">Istio version</th>
          <th scope="col">State</th>
          <th scope="col">Namespaces using it</th>
        </tr>
      </thead>
      <tbody>
        {status.revisions.length === 0 ? <EmptyRow columns={4}>No control plane found.</EmptyRow> : null}
        {status.revisions.map((r) => (
          <tr key={r.revision} data-testid={`revision-row-${r.revision}`} data-ready={r.ready ? 'true' : 'false'}>
            <th scope="row" className="row-head mono">
              {r.revision}
              {status.tags.some((t) => t.tag === 'default' && t.revision === r.revision) ? <span className="tag tag-accent revision-default-tag">default tag</span> : null}
            </th>
            <td className="mono">{r.version ?? 'unknown'}</td>
            <td>{r.ready ? <Badge tone="ok">Ready</Badge> : <Badge tone="warn">Not ready</Badge>}</td>
            <td>{r.namespaces.length ? <span className="mono break">{r.namespaces.join(', ')}</span> : <span className="muted">none</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TagsTable({ status }: { status: MeshInstallStatus }) {
  const tagsId = useId();
  return (
    <>
      <h3 id={tagsId} className="revisions-subhead">
        Tags
      </h3>
      <table className="table table-compact tags-table" aria-labelledby={tagsId}>
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">Points at revision</th>
          </tr>
        </thead>
        <tbody>
          {status.tags.length === 0 ? <EmptyRow columns={2}>No revision tags yet.</EmptyRow> : null}
          {status.tags.map((t) => (
            <tr key={t.tag} data-testid={`tag-row-${t.tag}`} data-revision={t.revision}>
              <th scope="row" className="row-head mono">
                {t.tag}
              </th>
              <td className="mono">{t.revision}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
