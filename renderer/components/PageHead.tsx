import type { ReactNode, Ref } from 'react';

interface Props {
  title: ReactNode;
  /** The title takes the focus when the page opens (it is focusable for that). */
  headingRef?: Ref<HTMLHeadingElement>;
  headingId?: string;
  subtitle: ReactNode;
  /** The way back, as the last action: "← Overview". */
  back?: { label: string; onClick(): void; testId?: string };
  /** Actions before the way back (a live badge, a button). */
  children?: ReactNode;
}

/** A page's head: its title and subtitle, and its actions on the right. */
export function PageHead({ title, headingRef, headingId, subtitle, back, children }: Props) {
  return (
    <div className="page-head">
      <div className="page-title">
        <h1 ref={headingRef} id={headingId} tabIndex={headingRef ? -1 : undefined}>
          {title}
        </h1>
        <p className="page-subtitle">{subtitle}</p>
      </div>
      <div className="page-actions">
        {children}
        {back ? (
          <button type="button" className="btn" onClick={back.onClick} data-testid={back.testId}>
            <span aria-hidden="true">← </span>
            {back.label}
          </button>
        ) : null}
      </div>
    </div>
  );
}
