import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useCall } from '../../api/hooks.js';
import { PageHead } from '../../components/PageHead.js';
import { Skeleton, Spinner } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { DiagnosisView } from './DiagnosisView.js';
import { EdgesTable } from './EdgesTable.js';
import { GraphView } from './GraphView.js';
import { MtlsTable } from './MtlsTable.js';
import { RangePicker } from './RangePicker.js';
import { DEFAULT_RANGE, rangeWords, type RangeSeconds } from './ranges.js';
import { SourceDialog } from './SourceDialog.js';
import { SourceLine } from './SourceLine.js';
import { useGraphLayout } from './useGraphLayout.js';
import { useTicker } from './useTicker.js';
import { MTLS_WORDS } from './words.js';
import './metrics.css';

/** How often the graph and the mTLS posture are read again while the page is open. */
const REFRESH_MS = 30_000;

interface Props {
  context: string;
  /** Only this namespace's services (undefined: the whole mesh). */
  namespace: string | undefined;
  onNamespace(namespace: string | undefined): void;
  onOpenService(namespace: string, service: string): void;
  onBack(): void;
  onOpenInstall(): void;
}

/**
 * Who calls whom, laid out by the layout library: each connection with its rate, error share and mTLS; a service
 * opens its page. Under it, the mTLS posture: the policy in force per namespace against what traffic shows.
 */
export function GraphPage({ context, namespace, onNamespace, onOpenService, onBack, onOpenInstall }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const ids = useId();
  const [rangeSeconds, setRange] = useState<RangeSeconds>(DEFAULT_RANGE);
  const [typed, setTyped] = useState(namespace ?? '');
  // Back and Forward change the namespace shown: the box follows.
  const [shown, setShown] = useState(namespace);
  if (shown !== namespace) {
    setShown(namespace);
    setTyped(namespace ?? '');
  }
  const [choosingSource, setChoosingSource] = useState(false);
  const tick = useTicker(REFRESH_MS);
  const graph = useCall('metrics.graph', { context, rangeSeconds, ...(namespace ? { namespace } : {}) }, { refresh: tick });
  const posture = useCall('metrics.mtls', { context, rangeSeconds }, { refresh: tick });
  const source = useCall('metrics.source', { context });
  const layout = useGraphLayout(graph.data);

  useEffect(() => {
    headingRef.current?.focus();
  }, [context]);

  // What the namespace box suggests: namespaces that have traffic or a policy.
  const known = useMemo(() => {
    const names = new Set<string>();
    for (const n of posture.data?.namespaces ?? []) names.add(n.namespace);
    for (const n of graph.data?.nodes ?? []) if (n.namespace) names.add(n.namespace);
    return [...names].sort();
  }, [posture.data, graph.data]);

  const data = graph.data;
  const empty = data && data.nodes.length === 0;
  const { reload: reloadGraph } = graph;
  const { reload: reloadPosture } = posture;
  const { reload: reloadSource } = source;
  const sourceSaved = () => {
    reloadSource();
    reloadGraph();
    reloadPosture();
  };

  return (
    <div className="page metrics-page graph-page" data-testid="graph-page" data-namespace={namespace ?? ''} data-loading={graph.loading}>
      <PageHead
        title="Service graph"
        headingRef={headingRef}
        subtitle={
          <>
            {namespace ? (
              <>
                Services in <span className="mono">{namespace}</span>
              </>
            ) : (
              'Every namespace'
            )}{' '}
            · {context} · {rangeWords(rangeSeconds)}
          </>
        }
        back={{ label: 'Overview', onClick: onBack }}
      >
        {graph.loading && data ? <Spinner label="Refreshing…" /> : null}
      </PageHead>

      <div className="metrics-toolbar">
        <form
          className="filter graph-filter"
          onSubmit={(e) => {
            e.preventDefault();
            onNamespace(typed.trim() || undefined);
          }}
        >
          <label htmlFor={`${ids}-ns`}>Namespace</label>
          <input
            id={`${ids}-ns`}
            type="search"
            value={typed}
            list={`${ids}-known`}
            placeholder="All namespaces"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setTyped(e.target.value)}
            data-testid="graph-namespace"
          />
          <datalist id={`${ids}-known`}>
            {known.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          <button type="submit" className="btn" data-testid="graph-namespace-show">
            Show
          </button>
          {namespace ? (
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setTyped('');
                onNamespace(undefined);
              }}
            >
              All namespaces
            </button>
          ) : null}
        </form>
        <span className="toolbar-spacer" />
        <RangePicker value={rangeSeconds} onChange={setRange} />
      </div>
      <SourceLine source={source} onChange={() => setChoosingSource(true)} />

      {graph.error ? <ErrorExplanation error={graph.error} context={context} testId="graph-error" retry={{ label: 'Retry', onClick: reloadGraph }} /> : null}
      {data?.diagnosis ? (
        <DiagnosisView diagnosis={data.diagnosis} onOpenInstall={onOpenInstall} onChooseSource={() => setChoosingSource(true)} testId="graph-diagnosis" />
      ) : empty ? (
        // The core explains every empty graph; this stands in should an answer come without its reason.
        <p className="muted" data-testid="graph-diagnosis">
          No traffic between services in the {rangeWords(rangeSeconds)}.
        </p>
      ) : null}

      {empty ? null : (
        <section className="section" aria-labelledby={`${ids}-graph`}>
          <div className="section-head">
            <h2 id={`${ids}-graph`}>Connections</h2>
            <ul className="graph-legend" aria-label="Line styles">
              {(['mutual', 'plaintext', 'mixed', 'unknown'] as const).map((m) => (
                <li key={m}>
                  <svg width="28" height="8" aria-hidden="true">
                    <line x1="0" y1="4" x2="28" y2="4" className={`graph-edge graph-mtls-${m}`} />
                  </svg>
                  {MTLS_WORDS[m].long}
                </li>
              ))}
            </ul>
          </div>
          {!data ? (
            graph.error ? null : (
              <div className="graph-loading" aria-hidden="true">
                <Skeleton lines={4} />
              </div>
            )
          ) : layout.status === 'done' ? (
            <GraphView layout={layout.layout} nodes={data.nodes} edges={data.edges} onOpenService={onOpenService} />
          ) : layout.status === 'error' ? (
            <p className="muted">The graph could not be laid out ({layout.message}); the table below lists every connection.</p>
          ) : (
            <Spinner label="Laying out the graph…" />
          )}
          {data && data.edges.length > 0 ? (
            <details className="graph-table-details">
              <summary>Every connection as a table ({data.edges.length})</summary>
              <EdgesTable graph={data} onOpenService={onOpenService} />
            </details>
          ) : null}
        </section>
      )}

      <section className="section" aria-labelledby={`${ids}-mtls`}>
        <h2 id={`${ids}-mtls`}>mTLS posture</h2>
        <p className="muted section-intro">The PeerAuthentication mode in force in each namespace, next to what its incoming traffic shows over the {rangeWords(rangeSeconds)}.</p>
        {posture.error ? <ErrorExplanation error={posture.error} context={context} tone="warning" /> : null}
        {posture.data?.diagnosis ? <DiagnosisView diagnosis={posture.data.diagnosis} testId="mtls-diagnosis" /> : null}
        {posture.data && posture.data.namespaces.length > 0 ? (
          <MtlsTable posture={posture.data} />
        ) : posture.data && !posture.data.diagnosis ? (
          <p className="muted">No namespace has a PeerAuthentication or mesh traffic.</p>
        ) : !posture.data && !posture.error ? (
          <Skeleton lines={2} />
        ) : null}
      </section>
      {graph.data ? <p className="muted table-foot">Read again every {REFRESH_MS / 1000} s while this page is open.</p> : null}

      {choosingSource ? <SourceDialog context={context} current={source.data?.source} onSaved={sourceSaved} onClose={() => setChoosingSource(false)} /> : null}
    </div>
  );
}
