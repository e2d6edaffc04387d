import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ConfigRef, Draft } from '../../../main/contract/config.js';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import { useCall } from '../../api/hooks.js';
import type { StreamStatus } from '../../api/streams.js';
import { useClient } from '../../api/transport.js';
import { LiveStatus } from '../../components/LiveStatus.js';
import { PageHead } from '../../components/PageHead.js';
import { Tabs } from '../../components/Tabs.js';
import { Skeleton, Spinner, formatTime } from '../../components/ui.js';
import type { RoutingOpen, RoutingTab } from '../../route.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { LiveAlerts } from '../errors/LiveAlerts.js';
import type { ConfigState } from './config-state.js';
import { DraftsList } from './DraftsList.js';
import { draftOf, newDocument } from './editor/session.js';
import { HostsView } from './HostsView.js';
import { NewFromTemplate } from './NewFromTemplate.js';
import { ObjectsView } from './ObjectsView.js';
import { draftOpen, openKey } from './open.js';
import { SimulatorPanel } from './simulator/SimulatorPanel.js';
import { gatewayNames, hostNames } from './suggestions.js';
import type { Template } from './templates.js';
import { useRoutingConfig } from './useRoutingConfig.js';
import { plural } from './words.js';
import './routing.css';

// Monaco and the editor load when an object is first opened: the list stays small.
const ObjectEditor = lazy(() => import('./editor/ObjectEditor.js').then((m) => ({ default: m.ObjectEditor })));

interface Props {
  context: string;
  tab: RoutingTab;
  open: RoutingOpen | undefined;
  /** Shows another tab or object (a new history entry; `replace` for the same place under a new name). */
  onNavigate(next: { tab: RoutingTab; open?: RoutingOpen }, how?: 'push' | 'replace'): void;
  /** Back to the cluster overview. */
  onBack(): void;
}

/** Routing config of one cluster: the live list of objects and hosts, new documents from templates, the editor, the simulator. */
export function RoutingPage({ context, tab, open, onNavigate, onBack }: Props) {
  const live = useRoutingConfig(context);
  const client = useClient();
  const [draftsVersion, setDraftsVersion] = useState(0);
  const drafts = useCall('config.drafts', open ? null : { context }, { refresh: draftsVersion });
  const [creating, setCreating] = useState(false);
  // The draft made here for a new document: opening it is not a restore (after a reload it is).
  const [created, setCreated] = useState<string | null>(null);
  const [failure, setFailure] = useState<RpcErrorShape | undefined>();

  // The editor stays mounted while its document only changes name (a new document applied becomes its object).
  const key = open ? openKey(open) : '';
  const [adopted, setAdopted] = useState<string | null>(null);
  const [session, setSession] = useState({ key, id: 0 });
  if (session.key !== key) setSession({ key, id: adopted === key ? session.id : session.id + 1 });

  const openObject = useCallback((ref: ConfigRef) => onNavigate({ tab, open: { kind: 'object', ref } }), [onNavigate, tab]);
  const close = useCallback(() => {
    setDraftsVersion((v) => v + 1);
    onNavigate({ tab });
  }, [onNavigate, tab]);
  const renamed = useCallback(
    (next: RoutingOpen) => {
      setAdopted(openKey(next));
      onNavigate({ tab, open: next }, 'replace');
    },
    [onNavigate, tab],
  );

  const create = (template: Template, text: string) => {
    // The new document is a draft from the start, so that a reload (its URL names the draft) finds it again.
    const doc = newDocument(`New ${template.kind}`, text);
    const draft = draftOf(doc);
    if (!draft) return;
    setCreating(true);
    setFailure(undefined);
    client.call('config.saveDraft', { context, draft }).then(
      () => {
        setCreating(false);
        setCreated(doc.id);
        onNavigate({ tab, open: { kind: 'draft', id: doc.id } });
      },
      (err: unknown) => {
        setCreating(false);
        setFailure(toErrorShape(err));
      },
    );
  };

  const discard = (draft: Draft) => {
    client.call('config.deleteDraft', { context, id: draft.id }).then(
      () => setDraftsVersion((v) => v + 1),
      (err: unknown) => setFailure(toErrorShape(err)),
    );
  };

  const config = live.config;
  const hosts = useMemo(() => hostNames(config), [config]);
  const gateways = useMemo(() => gatewayNames(config), [config]);
  const [simHost, setSimHost] = useState<{ host: string; seq: number } | undefined>();
  return (
    <RoutingView
      context={context}
      tab={tab}
      config={config}
      status={live.status}
      error={live.error}
      updatedAt={live.updatedAt}
      onRetry={live.retry}
      onBack={onBack}
      onTab={(next) => onNavigate({ tab: next })}
      onOpen={openObject}
      drafts={drafts.data?.drafts ?? []}
      onOpenDraft={(d) => onNavigate({ tab, open: draftOpen(d) })}
      onDiscardDraft={discard}
      creating={creating}
      failure={failure}
      onCreate={create}
      onSimulateHost={(host) => setSimHost((s) => ({ host, seq: (s?.seq ?? 0) + 1 }))}
      simulator={<SimulatorPanel context={context} documents={NO_DOCUMENTS} hosts={hosts} gateways={gateways} prefill={simHost} />}
      editor={
        open ? (
          <Suspense fallback={<Spinner label="Loading the editor…" />}>
            <ObjectEditor key={session.id} context={context} open={open} fresh={open.kind === 'draft' && open.id === created} config={config} onClose={close} onRenamed={renamed} />
          </Suspense>
        ) : undefined
      }
    />
  );
}

export interface RoutingViewProps {
  context: string;
  tab: RoutingTab;
  config: ConfigState | undefined;
  status: StreamStatus;
  error: RpcErrorShape | undefined;
  updatedAt: number | undefined;
  onRetry(): void;
  onBack(): void;
  onTab(tab: RoutingTab): void;
  onOpen(ref: ConfigRef): void;
  drafts: readonly Draft[];
  onOpenDraft(draft: Draft): void;
  onDiscardDraft(draft: Draft): void;
  creating: boolean;
  failure: RpcErrorShape | undefined;
  onCreate(template: Template, text: string): void;
  /** Fills the simulator with a request to this host (from the Hosts list). */
  onSimulateHost(host: string): void;
  /** The route simulator, beside the list. */
  simulator?: ReactNode;
  /** The editor, when an object is open (it takes the list's place). */
  editor?: ReactNode;
}

/** What the routing page shows, from plain props (rendered in tests without a core). */
export function RoutingView(props: RoutingViewProps) {
  const { context, tab, config, status, error, updatedAt, onRetry, onBack, onTab, onOpen, editor } = props;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const idBase = useId();
  const rows = config?.rows.list;

  useEffect(() => {
    if (!editor) headingRef.current?.focus();
  }, [context, editor]);

  return (
    <div className="page routing" data-testid="routing-page" data-context={context} data-status={status} aria-busy={!config && status === 'connecting'}>
      {editor ? null : (
        <PageHead
          title="Routing"
          headingRef={headingRef}
          subtitle={
            <>
              {context}
              {config ? ` · ${plural(config.rows.list.length, 'object')}, ${plural(config.hosts.length, 'host')} with routing` : ''}
            </>
          }
          back={{ label: 'Overview', onClick: onBack }}
        >
          <LiveStatus status={status} updatedAt={updatedAt} hasData={!!config} testId="routing-live" />
        </PageHead>
      )}

      <LiveAlerts
        status={status}
        error={error}
        context={context}
        errorTestId="routing-error"
        staleNote={config && updatedAt ? <>Below is the routing config as it was at {formatTime(updatedAt)}; it is no longer updated.</> : null}
        endedText="Live updates of the routing config stopped."
        onRetry={onRetry}
      />
      {config?.problems.map((p) => (
        <ErrorExplanation
          key={p.resource}
          error={p.error}
          context={context}
          tone="warning"
          className="page-alert"
          testId={`routing-problem-${p.resource}`}
          words={{ title: `${p.resource} cannot be read`, hint: 'Objects of this kind are missing from the list and from the checks; Meshdeck keeps trying.' }}
        />
      ))}

      {editor ?? (
        <div className="rt-layout">
          <div className="rt-main">
            <DraftsList drafts={props.drafts} onOpen={props.onOpenDraft} onDiscard={props.onDiscardDraft} />
            <div className="rt-head-row">
              <Tabs
                tabs={[
                  { id: 'objects', title: 'Objects', count: config?.rows.list.length },
                  { id: 'hosts', title: 'Hosts', count: config?.hosts.length },
                ]}
                selected={tab}
                onSelect={onTab}
                label="Routing config"
                idBase={idBase}
                testIdPrefix="routing-tab"
              />
              <NewFromTemplate kinds={config?.kinds ?? []} onCreate={props.onCreate} busy={props.creating} />
            </div>
            {props.failure ? <ErrorExplanation error={props.failure} context={context} className="page-alert" testId="routing-failure" /> : null}
            <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${tab}`} className="rt-panel">
              {!config || !rows ? (
                status === 'error' ? null : (
                  <div className="rt-loading" data-testid="routing-loading">
                    <Spinner label="Reading the cluster’s routing objects…" />
                    <div className="table-skeleton" aria-hidden="true">
                      <Skeleton lines={6} />
                    </div>
                  </div>
                )
              ) : tab === 'hosts' ? (
                <HostsView hosts={config.hosts} rows={rows} onOpen={onOpen} onSimulate={props.onSimulateHost} />
              ) : (
                <ObjectsView rows={rows} kinds={config.kinds} onOpen={onOpen} />
              )}
            </div>
          </div>
          <aside className="rt-side" aria-label="Route simulator">
            {props.simulator}
          </aside>
        </div>
      )}
    </div>
  );
}

const NO_DOCUMENTS: never[] = [];
