import { useId, useRef, type FocusEvent, type ReactNode, type Ref } from 'react';
import type { StepId } from './steps.js';

interface Props {
  step: StepId;
  title: string;
  /** One sentence under the title: what this step does. */
  intro?: ReactNode;
  headingRef: Ref<HTMLHeadingElement>;
  children: ReactNode;
  /** Back / Next and the reason Next is blocked. */
  footer?: ReactNode;
}

/** One step of the wizard: a labelled region whose heading takes the focus when the step opens. */
export function StepPanel({ step, title, intro, headingRef, children, footer }: Props) {
  const id = useId();
  const navRef = useRef<HTMLDivElement>(null);
  return (
    <section className="panel wizard-panel" aria-labelledby={id} data-testid={`install-step-${step}`} onFocus={(event) => keepClearOfFooter(event, navRef.current)}>
      <div className="wizard-panel-head">
        <h2 id={id} ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        {intro ? <p className="muted wizard-intro">{intro}</p> : null}
      </div>
      <div className="wizard-panel-body">{children}</div>
      {footer ? (
        <div className="wizard-nav" ref={navRef}>
          {footer}
        </div>
      ) : null}
    </section>
  );
}

/** Room kept between a focused field and the sticky footer. */
const FOOTER_GAP = 12;

/**
 * A field focused behind the sticky Back/Next footer is scrolled up until it shows (WCAG 2.4.11, Focus Not
 * Obscured). The stylesheet's scroll-padding covers most cases; this covers the rest (a tall footer, a wrapped
 * reason), after the browser's own scroll.
 */
function keepClearOfFooter(event: FocusEvent<HTMLElement>, nav: HTMLDivElement | null) {
  const target = event.target;
  if (!nav || nav.contains(target)) return;
  requestAnimationFrame(() => {
    if (document.activeElement !== target) return;
    const hidden = target.getBoundingClientRect().bottom + FOOTER_GAP - nav.getBoundingClientRect().top;
    if (hidden > 0) window.scrollBy({ top: hidden });
  });
}

interface NavProps {
  onBack?: () => void;
  backLabel?: string;
  /** The primary action on the right (Next, Install…). */
  next?: ReactNode;
  /** Why the primary action is blocked, shown next to it. */
  blockedReason?: string | undefined;
  blockedId?: string;
}

/** The footer: Back on the left; the reason (if any) and the primary action on the right. */
export function WizardNav({ onBack, backLabel = 'Back', next, blockedReason, blockedId }: NavProps) {
  return (
    <>
      {onBack ? (
        <button type="button" className="btn" onClick={onBack} data-testid="install-back">
          <span aria-hidden="true">← </span>
          {backLabel}
        </button>
      ) : (
        <span />
      )}
      <div className="wizard-nav-end">
        {blockedReason ? (
          <p className="wizard-blocked" id={blockedId} data-testid="install-blocked-reason">
            {blockedReason}
          </p>
        ) : null}
        {next}
      </div>
    </>
  );
}
