import type { RpcErrorShape } from '../../../main/contract/errors.js';
import { explain } from './explain.js';
import './errors.css';

interface Props {
  error: RpcErrorShape;
  /** Names the account in "not allowed" sentences. */
  context?: string;
  /** The button that tries again, shown under the hint (primary unless `quiet`). */
  retry?: { label: string; onClick(): void; quiet?: boolean; testId?: string };
  /** "error" (red) for failures, "warning" (amber) for partial problems. */
  tone?: 'error' | 'warning';
  /** Heading level for the title, to keep headings in order where it is used. Defaults to a plain paragraph. */
  headingLevel?: 3 | 4;
  className?: string;
  testId?: string;
  /** Words that fit the situation better than the error code's generic ones (the server's message still shows). */
  words?: { title: string; hint: string } | undefined;
}

/** Title, the server's own sentence, what to do, and the technical detail behind a <details>. */
export function ErrorExplanation({ error, context, retry, tone = 'error', headingLevel, className, testId, words }: Props) {
  const e = { ...explain(error, context ? { context } : {}), ...(words ?? {}) };
  const Title = headingLevel ? (`h${headingLevel}` as const) : 'p';
  const showMessage = e.message.trim() && e.message.trim() !== e.title;
  return (
    <div className={`explanation explanation-${tone}${className ? ` ${className}` : ''}`} data-error-code={e.code} data-testid={testId}>
      <Title className="explanation-title">
        <span className="explanation-icon" aria-hidden="true">
          {tone === 'error' ? '✕' : '!'}
        </span>
        {e.title}
      </Title>
      {showMessage ? <p className="explanation-message">{e.message}</p> : null}
      {e.facts.map((fact) => (
        <p key={fact} className="explanation-fact">
          {fact}
        </p>
      ))}
      {e.location ? (
        <p className="explanation-fact">
          Where: <code>{e.location}</code>
        </p>
      ) : null}
      <p className="explanation-hint">
        <span className="explanation-hint-label">What to do: </span>
        {e.hint}
      </p>
      {e.detail ? (
        <details className="explanation-detail" open={e.detailOpen}>
          <summary>{e.detailLabel}</summary>
          {/* Focusable: it scrolls when long, and keyboard users must be able to scroll it. */}
          <pre className="detail-box" tabIndex={0}>{e.detail}</pre>
        </details>
      ) : null}
      {retry ? (
        <div className="explanation-actions">
          <button type="button" className={retry.quiet ? 'btn' : 'btn btn-primary'} onClick={retry.onClick} data-testid={retry.testId}>
            {retry.label}
          </button>
        </div>
      ) : null}
    </div>
  );
}
