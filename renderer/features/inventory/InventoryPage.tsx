import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import type { InventoryKind, NamespaceRow, ServiceRow, WorkloadRow } from '../../../main/contract/inventory.js';
import type { StreamStatus } from '../../api/streams.js';
import type { InventoryPlace } from '../../route.js';
import { LiveStatus } from '../../components/LiveStatus.js';
import { PageHead } from '../../components/PageHead.js';
import { Skeleton, Spinner, formatElapsed, formatTime } from '../../components/ui.js';
import { LiveAlerts } from '../errors/LiveAlerts.js';
import { useInventoryMetrics, type InventoryMetrics } from '../metrics/useInventoryMetrics.js';
import { COLUMNS, DEFAULT_SORT, type RowActions } from './columns.js';
import { InventoryPanel } from './InventoryPanel.js';
import { InventoryTabs } from './InventoryTabs.js';
import { workloadsNeedingRestart, type InventoryState } from './inventory-state.js';
import { KIND_INFO, type ToggleId } from './kinds.js';
import { MeshDialog, type MeshDialogStart } from './MeshDialog.js';
import { OptOutDialog } from './OptOutDialog.js';
import { ProblemsBanner } from './ProblemsBanner.js';
import { nextSort, type SortState } from './table-model.js';
import { useInventory } from './useInventory.js';
import { plural } from './words.js';
import './inventory.css';

interface Props {
  context: string;
  /** Where the page is (its tab, filter and selected row), from the URL. */
  place?: InventoryPlace;
  /** Told when the user moves: a new tab is a history entry, a filter or a row replaces the current one. */
  onPlace?: (place: InventoryPlace, how: 'push' | 'replace') => void;
  /** Back to the cluster overview. */
  onBack(): void;
  /** Opens a service's metrics page. */
  onOpenService?: (namespace: string, service: string) => void;
}

type Dialog = { kind: 'mesh'; namespace: NamespaceRow; start: MeshDialogStart } | { kind: 'optout'; workload: WorkloadRow } | null;

/** The mesh inventory of one cluster, live from `inventory.watch`, with the dialogs that change a namespace's mesh. */
export function InventoryPage({ context, place = {}, onPlace, onBack, onOpenService }: Props) {
  const live = useInventory(context);
  const [dialog, setDialog] = useState<Dialog>(null);
  const tab: InventoryKind = place.tab ?? 'namespaces';
  // The filter is written to the URL once typing pauses (a history entry per keystroke would be too many).
  const placeRef = useRef(place);
  useEffect(() => {
    placeRef.current = place;
  });
  const queryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(queryTimer.current), []);
  const onTab = useCallback((next: InventoryKind) => onPlace?.({ ...withoutSelection(placeRef.current), tab: next }, 'push'), [onPlace]);
  const onQuery = useCallback(
    (query: string) => {
      clearTimeout(queryTimer.current);
      queryTimer.current = setTimeout(() => onPlace?.({ ...placeRef.current, query: query || undefined }, 'replace'), 300);
    },
    [onPlace],
  );
  const onSelect = useCallback((selected: string) => onPlace?.({ ...placeRef.current, selected }, 'replace'), [onPlace]);
  // The Services tab's rate, success and p99: read only while that tab is open.
  const serviceMetrics = useInventoryMetrics(context, tab === 'services');
  const actions = useMemo<RowActions>(
    () => ({
      changeMesh: (namespace) => setDialog({ kind: 'mesh', namespace, start: 'change' }),
      restart: (namespace) => setDialog({ kind: 'mesh', namespace, start: 'restart' }),
      optOut: (workload) => setDialog({ kind: 'optout', workload }),
      ...(onOpenService ? { openService: (s: ServiceRow) => onOpenService(s.namespace, s.name) } : {}),
    }),
    [onOpenService],
  );
  const close = useCallback(() => setDialog(null), []);
  const inv = live.inventory;

  // The dialogs follow the live rows (a namespace's counts change while its workloads restart); the row as it was
  // when the dialog opened stands in if it is gone for a moment (a new snapshot after a reconnect).
  const meshNamespace = dialog?.kind === 'mesh' ? (inv?.namespaces.byId.get(dialog.namespace.id) ?? dialog.namespace) : undefined;
  const optOutWorkload = dialog?.kind === 'optout' ? (inv?.workloads.byId.get(dialog.workload.id) ?? dialog.workload) : undefined;
  const workloads = inv?.workloads.list;
  const restartable = useMemo(() => (meshNamespace && workloads ? workloadsNeedingRestart(workloads, meshNamespace.name) : []), [meshNamespace, workloads]);

  return (
    <>
      <InventoryView
        context={context}
        inventory={inv}
        status={live.status}
        error={live.error}
        updatedAt={live.updatedAt}
        onRetry={live.retry}
        onBack={onBack}
        actions={actions}
        tab={tab}
        onTab={onTab}
        query={place.query ?? ''}
        onQuery={onQuery}
        {...(place.selected ? { selected: place.selected } : {})}
        onSelect={onSelect}
        serviceMetrics={serviceMetrics}
      />
      {/* Mounted only while open: a closed dialog leaves nothing in the document. */}
      {dialog?.kind === 'mesh' && meshNamespace && inv ? (
        <MeshDialog
          key={`${meshNamespace.id}:${dialog.start}`}
          context={context}
          namespace={meshNamespace}
          plane={inv.plane}
          restartable={restartable}
          start={dialog.start}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'optout' && optOutWorkload ? <OptOutDialog key={optOutWorkload.id} context={context} workload={optOutWorkload} onClose={close} /> : null}
    </>
  );
}

export interface InventoryViewProps {
  context: string;
  inventory: InventoryState | undefined;
  status: StreamStatus;
  error: RpcErrorShape | undefined;
  updatedAt: number | undefined;
  onRetry(): void;
  onBack(): void;
  actions: RowActions;
  /** The tab to open on (tests). */
  initialTab?: InventoryKind;
  /** The tab shown (absent: the page keeps its own, starting at initialTab). */
  tab?: InventoryKind;
  /** Told when another tab is chosen. */
  onTab?: (tab: InventoryKind) => void;
  /** The filter as the URL has it: followed when it changes from outside (Back, a link). */
  query?: string;
  onQuery?: (query: string) => void;
  /** The selected row's id. */
  selected?: string;
  onSelect?: (id: string) => void;
  /** The Services tab's metric columns and their range picker (absent: the inventory's columns only). */
  serviceMetrics?: InventoryMetrics;
}

const initialSorts = (): Record<InventoryKind, SortState> => ({
  namespaces: { column: DEFAULT_SORT.namespaces, direction: 'ascending' },
  workloads: { column: DEFAULT_SORT.workloads, direction: 'ascending' },
  services: { column: DEFAULT_SORT.services, direction: 'ascending' },
  pods: { column: DEFAULT_SORT.pods, direction: 'ascending' },
});

const noToggles = (): Record<InventoryKind, ReadonlySet<ToggleId>> => ({ namespaces: new Set(), workloads: new Set(), services: new Set(), pods: new Set() });

/** What the inventory page shows, from plain props (rendered in tests without a core). */
export function InventoryView(props: InventoryViewProps) {
  const { context, inventory, status, error, updatedAt, onRetry, onBack, actions, initialTab = 'namespaces', onTab, serviceMetrics, selected, onSelect } = props;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const idBase = useId();
  const [ownTab, setTabState] = useState<InventoryKind>(initialTab);
  const tab = props.tab ?? ownTab;
  const setTab = useCallback(
    (next: InventoryKind) => {
      setTabState(next);
      onTab?.(next);
    },
    [onTab],
  );
  const metricColumns = serviceMetrics?.columns;
  const serviceColumns = useMemo(() => (metricColumns ? [...COLUMNS.services, ...metricColumns] : COLUMNS.services), [metricColumns]);
  // One filter for every tab (a namespace typed once narrows them all); quick toggles and sorting per tab.
  const [query, setQueryState] = useState(props.query ?? '');
  // A filter arriving from outside (Back to an earlier one) replaces what is typed; the page's own echo does not.
  const [seenQuery, setSeenQuery] = useState(props.query);
  if (props.query !== seenQuery) {
    setSeenQuery(props.query);
    if (props.query !== undefined && props.query !== query) setQueryState(props.query);
  }
  const propsOnQuery = props.onQuery;
  const setQuery = useCallback(
    (next: string) => {
      setQueryState(next);
      propsOnQuery?.(next);
    },
    [propsOnQuery],
  );
  const [toggles, setToggles] = useState(noToggles);
  const [sorts, setSorts] = useState(initialSorts);

  // A new page: the focus starts on its title, for keyboard and screen-reader users.
  useEffect(() => {
    headingRef.current?.focus();
  }, [context]);

  const onToggle = useCallback(
    (id: ToggleId) =>
      setToggles((all) => {
        const next = new Set(all[tab]);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return { ...all, [tab]: next };
      }),
    [tab],
  );
  const onSort = useCallback((column: string) => setSorts((all) => ({ ...all, [tab]: nextSort(all[tab], column) })), [tab]);

  const counts = inventory ? { namespaces: inventory.namespaces.list.length, workloads: inventory.workloads.list.length, services: inventory.services.list.length, pods: inventory.pods.list.length } : undefined;
  const panel = { query, onQuery: setQuery, toggles: toggles[tab], onToggle, sort: sorts[tab], onSort, actions, ...(selected ? { selected } : {}), ...(onSelect ? { onSelect } : {}) };

  return (
    <div className="page inventory" data-testid="inventory-page" data-context={context} data-status={status} aria-busy={!inventory && status === 'connecting'}>
      <PageHead
        title="Mesh inventory"
        headingRef={headingRef}
        subtitle={
          <>
            {context}
            {counts ? ` · ${plural(counts.namespaces, 'namespace')}, ${plural(counts.workloads, 'workload')}, ${plural(counts.pods, 'pod')}` : ''}
            {inventory ? ` · listed in ${formatElapsed(inventory.elapsedMs)}` : ''}
          </>
        }
        back={{ label: 'Overview', onClick: onBack }}
      >
        <LiveStatus status={status} updatedAt={updatedAt} hasData={!!inventory} testId="inventory-live" />
      </PageHead>

      <LiveAlerts
        status={status}
        error={error}
        context={context}
        errorTestId="inventory-error"
        staleNote={inventory && updatedAt ? <>Below is the inventory as it was at {formatTime(updatedAt)}; it is no longer updated.</> : null}
        endedText="Live updates of the inventory stopped."
        onRetry={onRetry}
      />
      {inventory ? <ProblemsBanner problems={inventory.problems} context={context} /> : null}

      <InventoryTabs selected={tab} onSelect={setTab} counts={counts} idBase={idBase} />
      <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${tab}`} className="inv-panel" data-kind={tab}>
        {!inventory ? (
          status === 'error' ? null : (
            <div className="inv-loading" data-testid="inventory-loading">
              <Spinner label="Reading the cluster’s namespaces, workloads, services and pods…" />
              <div className="table-skeleton" aria-hidden="true">
                <Skeleton lines={8} />
              </div>
            </div>
          )
        ) : tab === 'namespaces' ? (
          <InventoryPanel key={tab} info={KIND_INFO.namespaces} columns={COLUMNS.namespaces} rows={inventory.namespaces.list} {...panel} />
        ) : tab === 'workloads' ? (
          <InventoryPanel key={tab} info={KIND_INFO.workloads} columns={COLUMNS.workloads} rows={inventory.workloads.list} {...panel} />
        ) : tab === 'services' ? (
          <>
            {serviceMetrics?.bar}
            <InventoryPanel key={tab} info={KIND_INFO.services} columns={serviceColumns} rows={inventory.services.list} {...panel} />
          </>
        ) : (
          <InventoryPanel key={tab} info={KIND_INFO.pods} columns={COLUMNS.pods} rows={inventory.pods.list} {...panel} />
        )}
      </div>
    </div>
  );
}

/** The same place without a selected row (a row of one tab means nothing on another). */
function withoutSelection(place: InventoryPlace): InventoryPlace {
  const { selected: _selected, ...rest } = place;
  return rest;
}
