import { useId } from 'react';
import type { InstallOptions, MeshInstallStatus } from '../../../main/contract/install.js';
import type { CallState } from '../../api/hooks.js';
import { Badge, Skeleton } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { TagsEditor } from './TagsEditor.js';
import { UpgradePanel } from './UpgradePanel.js';
import { isBusy } from './upgrade.js';
import type { Upgrade } from './useUpgrade.js';

interface Props {
  context: string;
  status: CallState<MeshInstallStatus>;
  upgrade: Upgrade;
  /** The options on the page: what the new revision is installed with when the old one has no install record. */
  pageOptions: InstallOptions | undefined;
  now: number;
}

/** The control planes side by side: each revision, its version and readiness, who uses it; the tags; the upgrade. */
export function RevisionsSection({ context, status, upgrade, pageOptions, now }: Props) {
  const headingId = useId();
  const tagsId = useId();
  const data = status.data;
  const busy = isBusy(upgrade.state);
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
              {data.revisions.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    No control plane found.
                  </td>
                </tr>
              ) : (
                data.revisions.map((r) => (
                  <tr key={r.revision} data-testid={`revision-row-${r.revision}`} data-ready={r.ready ? 'true' : 'false'}>
                    <th scope="row" className="row-head mono">
                      {r.revision}
                      {data.tags.some((t) => t.tag === 'default' && t.revision === r.revision) ? (
                        <span className="tag tag-accent revision-default-tag">default tag</span>
                      ) : null}
                    </th>
                    <td className="mono">{r.version ?? 'unknown'}</td>
                    <td>{r.ready ? <Badge tone="ok">Ready</Badge> : <Badge tone="warn">Not ready</Badge>}</td>
                    <td>
                      {r.namespaces.length ? (
                        <span className="mono break">{r.namespaces.join(', ')}</span>
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>

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
              {data.tags.length === 0 ? (
                <tr>
                  <td colSpan={2} className="muted">
                    No revision tags yet.
                  </td>
                </tr>
              ) : (
                data.tags.map((t) => (
                  <tr key={t.tag} data-testid={`tag-row-${t.tag}`} data-revision={t.revision}>
                    <th scope="row" className="row-head mono">
                      {t.tag}
                    </th>
                    <td className="mono">{t.revision}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <TagsEditor context={context} status={data} onChanged={status.reload} busy={busy} />
        </>
      ) : null}

      {upgrade.open ? (
        <UpgradePanel context={context} status={data} upgrade={upgrade} pageOptions={pageOptions} now={now} />
      ) : (
        <div className="button-row">
          <button type="button" className="btn btn-primary" onClick={() => {
              if (data) upgrade.show(data);
            }} aria-disabled={!data} data-testid="upgrade-open">
            Upgrade to a new revision…
          </button>
        </div>
      )}
    </section>
  );
}
