import { useCallback, useEffect, useRef, useState } from 'react';
import { CONTEXTS, hashOf, sameView, viewOfHash, viewOfState, type View } from './route.js';

/** The URL of a view: this page's path with the view's hash (none for pages without one). */
const urlOf = (view: View) => `${window.location.pathname}${window.location.search}${hashOf(view)}`;

/** The view the page opens on: the history's (a reload), else the hash's (a link), else the context list. */
function initialView(): View {
  if (typeof window === 'undefined') return CONTEXTS;
  return viewOfState(window.history.state) ?? viewOfHash(window.location.hash) ?? CONTEXTS;
}

export type Navigate = (next: View, how?: 'push' | 'replace') => void;

/**
 * The app's page as a history entry: navigate() pushes (or replaces) an entry holding the view, Back and Forward
 * bring the views back, and a reload starts where the user was. An edited hash (a pasted link) is followed too.
 */
export function useHistoryView(): [View, Navigate] {
  const [view, setView] = useState<View>(initialView);
  const current = useRef(view);

  useEffect(() => {
    // The entry the page opened on holds its view, so that coming Back to it restores it.
    window.history.replaceState({ view: current.current }, '', urlOf(current.current));
    const onPop = (event: PopStateEvent) => {
      const next = viewOfState(event.state) ?? viewOfHash(window.location.hash) ?? CONTEXTS;
      current.current = next;
      setView(next);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback<Navigate>((next, how = 'push') => {
    if (sameView(current.current, next)) return;
    current.current = next;
    if (how === 'push') window.history.pushState({ view: next }, '', urlOf(next));
    else window.history.replaceState({ view: next }, '', urlOf(next));
    setView(next);
  }, []);

  return [view, navigate];
}
