import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useCall } from './api/hooks.js';
import { useConnection } from './api/transport.js';
import { isMac } from './components/ui.js';
import { ContextsPage } from './features/contexts/ContextsPage.js';
import { sampleTarget, type CanaryTarget, type SampleApp } from './features/canary/target.js';
import { chooseContext } from './features/contexts/probing.js';
import { useContexts } from './features/contexts/useContexts.js';
import { Overview, type InstallTarget } from './features/overview/Overview.js';
import { CommandPalette } from './features/palette/CommandPalette.js';
import type { PaletteAction } from './features/palette/filter.js';
import { PALETTE_RANK, type PaletteTarget } from '../main/contract/palette.js';
import { useSandboxUp } from './features/sandbox/useSandbox.js';
import { useTheme } from './features/theme/theme.js';
import { useHistoryView } from './history-view.js';
import type { InventoryPlace, RoutingOpen, RoutingTab, View } from './route.js';
import './app.css';

// The install wizard, the inventory and the routing page load when first opened, so the first screen parses less.
const InstallPage = lazy(() => import('./features/install/InstallPage.js').then((m) => ({ default: m.InstallPage })));
const InventoryPage = lazy(() => import('./features/inventory/InventoryPage.js').then((m) => ({ default: m.InventoryPage })));
const RoutingPage = lazy(() => import('./features/routing/RoutingPage.js').then((m) => ({ default: m.RoutingPage })));
// The metrics and canary pages bring the charts and the graph layout: each in a chunk of its own.
const ServicePage = lazy(() => import('./features/metrics/ServicePage.js').then((m) => ({ default: m.ServicePage })));
const GraphPage = lazy(() => import('./features/metrics/GraphPage.js').then((m) => ({ default: m.GraphPage })));
const CanaryPage = lazy(() => import('./features/canary/CanaryPage.js').then((m) => ({ default: m.CanaryPage })));

export function App() {
  // The page is a history entry: Back and Forward move between pages, and the routing pages have URLs (route.ts).
  const [view, setView] = useHistoryView();
  const [selected, setSelected] = useState<string | undefined>(() => (view.page === 'contexts' ? undefined : view.context));
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [sandboxAsked, setSandboxAsked] = useState(false);
  const contexts = useContexts(selected);
  const theme = useTheme();
  const connection = useConnection();

  const openContext = useCallback(
    (name: string) => {
      setSelected(name);
      setView({ page: 'overview', context: name });
    },
    [setView],
  );
  const backToList = useCallback(() => setView({ page: 'contexts' }), [setView]);
  const openInstall = useCallback((context: string, target: InstallTarget) => setView({ page: 'install', context, ...target }), [setView]);
  const openInventory = useCallback(
    (context: string, place: InventoryPlace = {}, how: 'push' | 'replace' = 'push') => setView({ page: 'inventory', context, ...place }, how),
    [setView],
  );
  const openRouting = useCallback(
    (context: string, next: { tab: RoutingTab; open?: RoutingOpen } = { tab: 'objects' }, how: 'push' | 'replace' = 'push') =>
      setView({ page: 'routing', context, tab: next.tab, ...(next.open ? { open: next.open } : {}) }, how),
    [setView],
  );
  const openService = useCallback(
    (context: string, namespace: string, service: string, from?: 'inventory' | 'graph') => setView({ page: 'service', context, namespace, service, ...(from ? { from } : {}) }),
    [setView],
  );
  const openGraph = useCallback(
    (context: string, namespace?: string, how: 'push' | 'replace' = 'push') => setView({ page: 'graph', context, ...(namespace ? { namespace } : {}) }, how),
    [setView],
  );
  const openCanary = useCallback((context: string, target?: CanaryTarget) => setView({ page: 'canary', context, ...(target ? { target } : {}) }), [setView]);
  const openSample = useCallback((context: string, sample: SampleApp) => openCanary(context, sampleTarget(sample)), [openCanary]);
  // The context reached by a link, a reload or Back is the one selected in the list too.
  const viewContext = view.page === 'contexts' ? undefined : view.context;
  const [seenContext, setSeenContext] = useState(viewContext);
  if (viewContext !== seenContext) {
    setSeenContext(viewContext);
    if (viewContext) setSelected(viewContext);
  }
  const sandbox = useSandboxUp(openContext);

  // Ctrl+K / Cmd+K anywhere opens (or closes) the palette.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setPaletteOpen((open) => {
          if (!open) setPaletteOpens((n) => n + 1);
          return !open;
        });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The core's tasks for where the user is (Istio's lifecycle, namespaces, services, contexts, the sandbox), ranked by it.
  const paletteContext = view.page === 'contexts' ? undefined : view.context;
  const [paletteOpens, setPaletteOpens] = useState(0);
  const paletteTasks = useCall('palette.tasks', paletteOpen ? (paletteContext ? { context: paletteContext } : {}) : null, { refresh: paletteOpens });
  const runTask = useCallback(
    (target: PaletteTarget) => {
      if (target.kind === 'context') openContext(target.context);
      else if (target.kind === 'install') openInstall(target.context, { mode: target.mode, revisions: target.revisions, ...(target.task ? { task: target.task } : {}) });
      else if (target.kind === 'inventory') openInventory(target.context, target.namespace ? { query: target.namespace, selected: target.namespace } : target.tab ? { tab: target.tab } : {});
      else if (target.kind === 'service') openService(target.context, target.namespace, target.service);
      else {
        setSandboxAsked(true);
        setView({ page: 'contexts' });
        sandbox.start();
      }
    },
    [openContext, openInstall, openInventory, openService, setView, sandbox],
  );

  const actions = useMemo<PaletteAction[]>(() => {
    const list: PaletteAction[] = (paletteTasks.data?.tasks ?? []).map((task) => ({
      id: task.id,
      label: task.label,
      group: task.group,
      ...(task.detail ? { detail: task.detail } : {}),
      keywords: task.keywords,
      rank: task.rank,
      run: () => runTask(task.target),
    }));
    if (view.page !== 'contexts') {
      list.push({ id: 'back', label: 'Back to the context list', group: 'Navigation', keywords: 'home contexts list', run: backToList });
      const context = view.context;
      list.push({
        id: 'inventory',
        label: 'Open the mesh inventory',
        group: 'Navigation',
        detail: context,
        keywords: 'inventory namespaces workloads services pods sidecar proxy ambient injection restart',
        run: () => openInventory(context),
      });
      list.push({
        id: 'routing',
        label: 'Open the routing config',
        group: 'Navigation',
        detail: context,
        keywords: 'routing virtualservice destinationrule gateway httproute serviceentry yaml editor traffic canary simulator hosts',
        run: () => openRouting(context),
      });
      list.push({
        id: 'graph',
        label: 'Open the service graph',
        group: 'Metrics',
        detail: context,
        keywords: 'metrics graph traffic calls edges mtls prometheus topology',
        run: () => openGraph(context),
      });
      list.push({
        id: 'mtls',
        label: 'mTLS posture of each namespace',
        group: 'Metrics',
        detail: context,
        keywords: 'mtls peerauthentication strict permissive plaintext security tls',
        run: () => openGraph(context),
      });
      list.push({
        id: 'canary',
        label: 'Canary rollouts',
        group: 'Canary',
        detail: context,
        keywords: 'canary rollout progressive delivery promote rollback abort sample',
        run: () => openCanary(context),
      });
      if (view.page === 'service') {
        const target = { namespace: view.namespace, service: view.service };
        list.push({
          id: 'canary-service',
          label: `Canary rollout of ${view.service}`,
          group: 'Canary',
          detail: `${view.namespace} · ${context}`,
          keywords: 'canary rollout start plan',
          run: () => openCanary(context, target),
        });
      }
      list.push({
        id: 'routing-hosts',
        label: 'Which API governs each host',
        group: 'Navigation',
        detail: context,
        keywords: 'routing hosts virtualservice httproute gateway api governs',
        run: () => openRouting(context, { tab: 'hosts' }),
      });
    }
    list.push({
      id: 'theme',
      label: theme.theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme',
      group: 'Appearance',
      keywords: 'toggle theme colour color mode dark light',
      rank: PALETTE_RANK.appearance,
      run: theme.toggle,
    });
    if (theme.preference !== 'system') {
      list.push({
        id: 'theme-system',
        label: 'Follow the system theme',
        group: 'Appearance',
        keywords: 'theme auto system colour color',
        rank: PALETTE_RANK.appearance,
        run: () => theme.setPreference('system'),
      });
    }
    const shown = view.page === 'contexts' ? chooseContext(contexts.snapshot?.contexts ?? [], selected) : undefined;
    if (shown) {
      // One context at a time: a check may run its credential plugin.
      list.push({ id: 'recheck', label: `Check ${shown.name} again`, group: 'Context', keywords: 'probe reachable refresh', run: () => contexts.recheck(shown.name) });
    }
    if (connection.state.status === 'lost') {
      list.push({ id: 'reconnect', label: 'Reconnect to the Meshdeck core', group: 'Connection', run: connection.reconnect });
    }
    return list;
  }, [paletteTasks.data, runTask, contexts, view, selected, theme, backToList, openInventory, openRouting, openGraph, openCanary, connection]);

  // The window title names the open cluster.
  useEffect(() => {
    document.title =
      view.page === 'overview'
        ? `${view.context} · Meshdeck`
        : view.page === 'install'
          ? `${view.mode === 'install' ? 'Install' : 'Manage'} Istio · ${view.context} · Meshdeck`
          : view.page === 'inventory'
            ? `Mesh inventory · ${view.context} · Meshdeck`
            : view.page === 'routing'
              ? `${routingTitle(view.open)} · ${view.context} · Meshdeck`
              : view.page === 'service' || view.page === 'graph' || view.page === 'canary'
                ? `${metricsTitle(view)} · ${view.context} · Meshdeck`
                : 'Meshdeck';
  }, [view]);

  const shortcut = isMac ? '⌘K' : 'Ctrl+K';
  const currentContext = view.page === 'contexts' ? undefined : view.context;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-bar">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Meshdeck
          </span>
          <nav aria-label="Breadcrumb" className="breadcrumb">
            <ol>
              <li>
                {view.page === 'contexts' ? (
                  <span aria-current="page">Contexts</span>
                ) : (
                  <button type="button" className="link-button" onClick={backToList}>
                    Contexts
                  </button>
                )}
              </li>
              {view.page === 'overview' ? (
                <li>
                  <span aria-current="page" className="truncate" title={view.context}>
                    {view.context}
                  </span>
                </li>
              ) : null}
              {view.page === 'inventory' || view.page === 'install' ? (
                <>
                  <li>
                    <button type="button" className="link-button truncate" title={view.context} onClick={() => openContext(view.context)}>
                      {view.context}
                    </button>
                  </li>
                  <li>
                    <span aria-current="page">{view.page === 'inventory' ? 'Mesh inventory' : view.mode === 'install' ? 'Install Istio' : 'Manage Istio'}</span>
                  </li>
                </>
              ) : null}
              {view.page === 'service' || view.page === 'graph' || view.page === 'canary' ? (
                <>
                  <li>
                    <button type="button" className="link-button truncate" title={view.context} onClick={() => openContext(view.context)}>
                      {view.context}
                    </button>
                  </li>
                  <li>
                    <span aria-current="page" className="truncate">
                      {metricsTitle(view)}
                    </span>
                  </li>
                </>
              ) : null}
              {view.page === 'routing' ? (
                <>
                  <li>
                    <button type="button" className="link-button truncate" title={view.context} onClick={() => openContext(view.context)}>
                      {view.context}
                    </button>
                  </li>
                  <li>
                    {view.open ? (
                      <button type="button" className="link-button" onClick={() => openRouting(view.context, { tab: view.tab })}>
                        Routing
                      </button>
                    ) : (
                      <span aria-current="page">Routing</span>
                    )}
                  </li>
                  {view.open ? (
                    <li>
                      <span aria-current="page" className="truncate">
                        {routingTitle(view.open)}
                      </span>
                    </li>
                  ) : null}
                </>
              ) : null}
            </ol>
          </nav>
          <div className="app-bar-actions">
            <span className="header-context" data-testid="header-context">
              <span className="label">Context:</span> {currentContext ? <strong className="truncate" title={currentContext}>{currentContext}</strong> : <span className="muted-strong">none open</span>}
            </span>
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setPaletteOpens((n) => n + 1);
                setPaletteOpen(true);
              }}
              aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
              data-testid="palette-button"
            >
              Commands <kbd>{shortcut}</kbd>
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-icon"
              onClick={theme.toggle}
              aria-label={theme.theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
              title={theme.theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
              data-testid="theme-toggle"
            >
              <span aria-hidden="true">{theme.theme === 'dark' ? '☀' : '☾'}</span>
            </button>
          </div>
        </div>
        <ConnectionBanner />
      </header>

      <main id="main" className="app-main" tabIndex={-1}>
        <Suspense fallback={<p className="muted" role="status">Loading…</p>}>
          {view.page === 'overview' ? (
            <Overview
              key={view.context}
              context={view.context}
              onBack={backToList}
              onOpenInstall={(target) => openInstall(view.context, target)}
              onOpenInventory={() => openInventory(view.context)}
              onOpenNamespace={(namespace) => openInventory(view.context, { query: namespace, selected: namespace })}
              onOpenRouting={() => openRouting(view.context)}
              onOpenGraph={() => openGraph(view.context)}
              onOpenCanary={() => openCanary(view.context)}
              onSample={(sample) => openSample(view.context, sample)}
            />
          ) : view.page === 'inventory' ? (
            <InventoryPage
              key={view.context}
              context={view.context}
              place={view}
              onPlace={(place, how) => openInventory(view.context, place, how)}
              onBack={() => openContext(view.context)}
              onOpenService={(namespace, service) => openService(view.context, namespace, service, 'inventory')}
            />
          ) : view.page === 'service' ? (
            <ServicePage
              key={`${view.context}:${view.namespace}/${view.service}`}
              context={view.context}
              namespace={view.namespace}
              service={view.service}
              back={
                view.from === 'graph'
                  ? { label: 'Service graph', onClick: () => openGraph(view.context, view.namespace) }
                  : view.from === 'inventory'
                    ? { label: 'Mesh inventory', onClick: () => openInventory(view.context) }
                    : { label: 'Overview', onClick: () => openContext(view.context) }
              }
              onOpenGraph={(namespace) => openGraph(view.context, namespace)}
              onOpenCanary={(target) => openCanary(view.context, target)}
              onOpenInstall={() => openInstall(view.context, { mode: 'install', revisions: [] })}
            />
          ) : view.page === 'graph' ? (
            <GraphPage
              key={view.context}
              context={view.context}
              namespace={view.namespace}
              onNamespace={(namespace) => openGraph(view.context, namespace, 'replace')}
              onOpenService={(namespace, service) => openService(view.context, namespace, service, 'graph')}
              onBack={() => openContext(view.context)}
              onOpenInstall={() => openInstall(view.context, { mode: 'install', revisions: [] })}
            />
          ) : view.page === 'canary' ? (
            <CanaryPage
              key={view.context}
              context={view.context}
              target={view.target}
              onTarget={(target) => openCanary(view.context, target)}
              onOpenService={(namespace, service) => openService(view.context, namespace, service)}
              onBack={() => openContext(view.context)}
            />
          ) : view.page === 'routing' ? (
            <RoutingPage
              key={view.context}
              context={view.context}
              tab={view.tab}
              open={view.open}
              onNavigate={(next, how) => openRouting(view.context, next, how)}
              onBack={() => openContext(view.context)}
            />
          ) : view.page === 'install' ? (
            <InstallPage
              key={`${view.context}:${view.mode}`}
              context={view.context}
              mode={view.mode}
              revisions={view.revisions}
              task={view.task}
              onBack={() => openContext(view.context)}
              onOpenInventory={() => openInventory(view.context)}
            />
          ) : (
            <ContextsPage
              model={contexts}
              selected={selected}
              onSelect={setSelected}
              onConnect={openContext}
              sandbox={sandbox}
              sandboxAsked={sandboxAsked}
              onSample={openSample}
            />
          )}
        </Suspense>
      </main>

      <AppFooter />
      <CommandPalette open={paletteOpen} onClose={() => setPaletteOpen(false)} actions={actions} />
    </div>
  );
}

/** The routing page's name for the window title and the breadcrumb: the open object, a new document, or the list. */
function routingTitle(open: RoutingOpen | undefined): string {
  if (!open) return 'Routing';
  if (open.kind === 'draft') return 'New document';
  return `${open.ref.kind} ${open.ref.namespace ? `${open.ref.namespace}/` : ''}${open.ref.name}`;
}

/** The metrics and canary pages' name for the window title and the breadcrumb. */
function metricsTitle(view: Extract<View, { page: 'service' | 'graph' | 'canary' }>): string {
  if (view.page === 'service') return `Service ${view.namespace}/${view.service}`;
  if (view.page === 'graph') return view.namespace ? `Service graph of ${view.namespace}` : 'Service graph';
  return view.target ? `Canary rollout of ${view.target.service}` : 'Canary rollouts';
}

/** "Connection to the Meshdeck core lost — Reconnect", while the link is down. */
function ConnectionBanner() {
  const { state, reconnect } = useConnection();
  if (state.status === 'open' || (state.status === 'connecting' && state.generation === 0 && !state.lastError)) return null;
  const trying = state.status === 'connecting' || state.status === 'reconnecting';
  return (
    <div className="banner banner-error" role="alert" data-testid="connection-lost" data-status={state.status}>
      <span className="banner-icon" aria-hidden="true">
        ✕
      </span>
      <span className="banner-text">
        <strong>Connection to the Meshdeck core lost.</strong>{' '}
        {trying ? `Reconnecting (attempt ${state.attempt})…` : 'Requests cannot reach the core until it is back.'}
      </span>
      <button type="button" className="btn btn-small" onClick={reconnect} aria-disabled={state.status === 'connecting'}>
        {state.status === 'reconnecting' ? 'Reconnect now' : 'Reconnect'}
      </button>
      {state.lastError?.detail ? (
        <details className="banner-detail">
          <summary>Details</summary>
          <span className="detail-box">{state.lastError.detail}</span>
        </details>
      ) : null}
    </div>
  );
}

function AppFooter() {
  const info = useCall('app.info', {});
  const { state } = useConnection();
  return (
    <footer className="app-footer">
      <span data-testid="app-info">
        {info.data ? (
          <>
            {info.data.name} {info.data.version} · Istio {info.data.istio} · {info.data.platform}
          </>
        ) : info.error ? (
          'Meshdeck (version unknown)'
        ) : (
          'Meshdeck'
        )}
      </span>
      <span className="footer-status">
        <span className={`status-dot status-${state.status === 'open' ? 'ok' : 'error'}`} aria-hidden="true" />
        {state.status === 'open' ? 'Connected to the core' : 'Not connected to the core'}
      </span>
    </footer>
  );
}
