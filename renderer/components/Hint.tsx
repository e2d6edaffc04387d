import { useEffect, useId, useRef, type ReactNode } from 'react';
import './hint.css';

interface Props {
  /** What the button shows (an icon and a few words). */
  children: ReactNode;
  /** The full text, shown on hover and focus, and read as the button's description. */
  text: string;
  tone: 'warn' | 'error';
  /** Names the button for screen readers when the visible words are not enough. */
  label?: string;
  testId?: string;
}

/**
 * A small button whose full text shows in a tooltip on hover and on keyboard focus. The tooltip is a popover, so it
 * sits in the top layer and is not clipped by the table's cells and scroll box; it is placed next to the button.
 */
export function Hint({ children, text, tone, label, testId }: Props) {
  const id = useId();
  const tipRef = useRef<HTMLSpanElement>(null);
  const anchorRef = useRef<HTMLElement | null>(null);
  /** The scroll listener, registered only while the tooltip is open. */
  const listenerRef = useRef<(() => void) | null>(null);

  function place(anchor: HTMLElement) {
    const tip = tipRef.current;
    if (!tip) return;
    const at = anchor.getBoundingClientRect();
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const below = at.bottom + 6 + height <= window.innerHeight;
    tip.style.left = `${Math.max(8, Math.min(at.left, window.innerWidth - width - 8))}px`;
    tip.style.top = `${below ? at.bottom + 6 : Math.max(8, at.top - height - 6)}px`;
  }

  // The tooltip lives in the top layer, so it does not scroll with its row: while it is open, it follows the
  // row while the row is in view (any scroll box, hence capture) and closes once the row has scrolled away.
  // Listening only while open keeps the many closed hints of a table off every scroll event.
  function follow() {
    const anchor = anchorRef.current;
    if (!anchor) return;
    const at = anchor.getBoundingClientRect();
    const box = (anchor.closest('[data-scroll-box]') ?? document.documentElement).getBoundingClientRect();
    if (at.bottom <= box.top || at.top >= box.bottom) hide();
    else place(anchor);
  }
  function stopFollowing() {
    if (listenerRef.current) window.removeEventListener('scroll', listenerRef.current, { capture: true });
    listenerRef.current = null;
  }

  function show(anchor: HTMLElement) {
    const tip = tipRef.current;
    if (!tip || typeof tip.showPopover !== 'function') return;
    if (!tip.matches(':popover-open')) tip.showPopover();
    if (!listenerRef.current) {
      listenerRef.current = follow;
      window.addEventListener('scroll', follow, { capture: true, passive: true });
    }
    anchorRef.current = anchor;
    place(anchor);
  }

  function hide() {
    const tip = tipRef.current;
    stopFollowing();
    anchorRef.current = null;
    if (tip && typeof tip.hidePopover === 'function' && tip.matches(':popover-open')) tip.hidePopover();
  }

  // A row scrolled out of a virtualized table unmounts its hint, open or not.
  useEffect(() => () => stopFollowing(), []);

  return (
    <>
      <button
        type="button"
        className={`hint hint-${tone}`}
        aria-label={label}
        aria-describedby={id}
        data-testid={testId}
        onMouseEnter={(e) => show(e.currentTarget)}
        onMouseLeave={(e) => {
          if (document.activeElement !== e.currentTarget) hide();
        }}
        onFocus={(e) => show(e.currentTarget)}
        onBlur={hide}
        onClick={(e) => show(e.currentTarget)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && tipRef.current?.matches(':popover-open')) {
            // Closes the tooltip only, not a dialog around it.
            e.stopPropagation();
            hide();
          }
        }}
      >
        <span className="hint-icon" aria-hidden="true">
          {tone === 'error' ? '✕' : '!'}
        </span>
        {children}
      </button>
      <span ref={tipRef} id={id} role="tooltip" popover="manual" className="tooltip">
        {text}
      </span>
    </>
  );
}
