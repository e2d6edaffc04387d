import type { ReactNode } from 'react';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import { explain } from './explain.js';

interface Props {
  error: RpcErrorShape;
  /** Names the account in "not allowed" sentences. */
  context?: string;
  /** Buttons (Retry…) shown under the hint. */
  actions?: ReactNode;
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
export function ErrorExplanation({ error, context, actions, tone = 'error', headingLevel, className, testId, words }: Props) {
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
          <pre tabIndex={0}>{e.detail}</pre>
        </details>
      ) : null}
      {actions ? <div className="explanation-actions">{actions}</div> : null}
    </div>
  );
}
