import type { ApplyResult, DiffReport } from '../../../../main/contract/config.js';
import { Badge, Spinner } from '../../../components/ui.js';
import { ErrorExplanation } from '../../errors/ErrorExplanation.js';
import { sameRef } from '../objects-model.js';
import { plural, refLabel } from '../words.js';
import { ConflictView } from './ConflictView.js';
import { DiffView } from './DiffView.js';
import type { EditorDocument } from './session.js';
import type { ApplyFlow } from './useApplyFlow.js';

interface Props {
  context: string;
  flow: ApplyFlow;
  doc: EditorDocument;
  /** The text fits the link (else nothing is sent). */
  sendable: boolean;
  onBackToEditor(): void;
}

const STATUS_WORDS: Record<DiffReport['entries'][number]['status'], { text: string; tone: 'info' | 'ok' | 'neutral' }> = {
  create: { text: 'new: will be created', tone: 'info' },
  change: { text: 'changed', tone: 'info' },
  same: { text: 'no change', tone: 'neutral' },
};

/** "Changes": the document against the live objects (Monaco's diff), Apply, and what came of it. */
export function ReviewArea({ context, flow, doc, sendable, onBackToEditor }: Props) {
  const s = flow.state;
  return (
    <div className="review" data-testid="review" data-stage={s.stage}>
      {flow.error ? <ErrorExplanation error={flow.error} context={context} testId="review-error" /> : null}
      {s.stage === 'idle' ? (
        <div className="review-start">
          <p>Compare the document with what the cluster has now, then apply it.</p>
          <button type="button" className="btn btn-primary" onClick={flow.review} disabled={!sendable} data-testid="review-run">
            Compare with the cluster
          </button>
        </div>
      ) : s.stage === 'reviewing' ? (
        <Spinner label="Comparing with the cluster…" />
      ) : s.stage === 'review' || s.stage === 'applying' ? (
        <Review report={s.report} stale={s.text !== doc.text} applying={s.stage === 'applying'} doc={doc} flow={flow} />
      ) : (
        <Outcome result={s.result} doc={doc} flow={flow} onBackToEditor={onBackToEditor} />
      )}
    </div>
  );
}

function Review({ report, stale, applying, doc, flow }: { report: DiffReport; stale: boolean; applying: boolean; doc: EditorDocument; flow: ApplyFlow }) {
  const changes = report.entries.filter((e) => e.status !== 'same');
  return (
    <>
      <p className="review-summary" data-testid="review-summary">
        {report.entries.length === 0
          ? 'The document holds no routing object to apply.'
          : changes.length === 0
            ? 'The cluster already has every object as the document says: nothing to apply.'
            : `${plural(changes.length, 'object')} to apply. Each is applied only if nobody changed it since you opened it; nothing is forced.`}
      </p>
      {report.problems.map((p) => (
        <p key={p.document} className="callout-error">
          {p.document}: {p.message}
        </p>
      ))}
      {report.entries.map((e) => {
        const opened = doc.opened.find((o) => sameRef(o.ref, e.ref));
        const words = STATUS_WORDS[e.status];
        return (
          <section key={refLabel(e.ref)} className="review-entry" aria-label={`${refLabel(e.ref)}: ${words.text}`} data-testid="review-entry" data-status={e.status}>
            <h3 className="review-entry-head">
              <span className="mono">{refLabel(e.ref)}</span>
              <Badge tone={words.tone} icon={false}>
                {words.text}
              </Badge>
              {opened?.resourceVersion ? <span className="muted">opened at version {opened.resourceVersion}</span> : null}
            </h3>
            {e.status === 'same' ? null : (
              <DiffView original={e.live ?? ''} modified={e.mine} originalTitle={e.live === undefined ? 'In the cluster: nothing yet' : `In the cluster now (version ${e.liveResourceVersion ?? '?'})`} modifiedTitle="Your document" label={`The live ${refLabel(e.ref)} against your document`} testId="review-diff" />
            )}
          </section>
        );
      })}
      <div className="button-row review-actions">
        {stale ? (
          <>
            <p className="muted">The text changed since this comparison.</p>
            <button type="button" className="btn btn-primary" onClick={flow.review} data-testid="review-again">
              Compare again
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-primary" onClick={flow.apply} disabled={applying || changes.length === 0} data-testid="apply">
            {applying ? 'Applying…' : 'Apply to the cluster'}
          </button>
        )}
        {applying ? <Spinner label="Applying (a dry run of every object first)…" /> : null}
      </div>
    </>
  );
}

function Outcome({ result, doc, flow, onBackToEditor }: { result: ApplyResult; doc: EditorDocument; flow: ApplyFlow; onBackToEditor(): void }) {
  switch (result.outcome) {
    case 'applied':
      return (
        <div className="success" role="status" data-testid="apply-applied">
          <span className="success-mark" aria-hidden="true">
            ✓
          </span>
          <div>
            <p className="success-title">Applied</p>
            <ul className="success-detail">
              {result.applied.map((a) => (
                <li key={refLabel(a.ref)}>
                  {refLabel(a.ref)} {a.created ? 'created' : 'updated'} (version {a.resourceVersion})
                </li>
              ))}
            </ul>
            <div className="button-row">
              <button type="button" className="btn" onClick={onBackToEditor} data-testid="apply-back">
                Back to the YAML
              </button>
            </div>
          </div>
        </div>
      );
    case 'conflict':
      return (
        <ConflictView
          conflicts={result.conflicts}
          doc={doc}
          canKeepTheirs={result.conflicts.length === 1 && doc.opened.length <= 1}
          onKeepTheirs={flow.keepTheirs}
          onKeepMine={flow.keepMine}
          onUseMerged={flow.useMerged}
        />
      );
    case 'owned':
      return (
        <div className="callout-error" role="alert" data-testid="apply-owned">
          <p>
            <strong>Not applied: {refLabel(result.ref)} has fields that another field manager owns</strong>
          </p>
          <p>
            Owned by <span className="mono">{result.managers.join(', ')}</span>. Meshdeck does not take fields from another owner (it never forces an apply): change
            them where {result.managers.length === 1 ? 'that owner' : 'those owners'} keep them, or ask {result.managers.length === 1 ? 'its' : 'their'} owner to let go of them.
          </p>
          {result.applied.length ? <p>Applied before it: {result.applied.map((a) => refLabel(a.ref)).join(', ')} (Undo puts them back).</p> : null}
          <details className="explanation-detail">
            <summary>What the API server said</summary>
            <pre className="detail-box" tabIndex={0}>
              {result.detail}
            </pre>
          </details>
        </div>
      );
    case 'rejected':
      return (
        <div className="callout-error" role="alert" data-testid="apply-rejected">
          <p>
            <strong>Not applied: the cluster refused it</strong>
          </p>
          <p>The API server (or Istio’s webhook) refused it; nothing was changed. Its words, placed at their lines in the YAML by a check with the cluster:</p>
          <ul className="review-findings">
            {result.findings.map((f, i) => (
              <li key={i}>
                <span className="mono">{f.code}</span> {f.message}
                {f.fix ? ` ${f.fix}` : ''}
              </li>
            ))}
          </ul>
          <div className="button-row">
            <button type="button" className="btn" onClick={onBackToEditor} data-testid="apply-fix">
              Fix it in the YAML
            </button>
          </div>
        </div>
      );
  }
}
