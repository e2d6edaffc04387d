import type { ReactNode } from 'react';
import type { InventoryKind, NamespaceRow, PodRow, ServiceRow, WorkloadRow } from '../../../main/contract/inventory.js';
import { Hint } from '../../components/Hint.js';
import { Badge, None, VisuallyHidden } from '../../components/ui.js';
import type { RowOf } from './inventory-state.js';
import type { SortKey } from './table-model.js';
import { countText, meshModeText, ORPHANED_HINT, plural, podProxyText, podsWithProxyText, portText, unclassifiedPortsText, workloadProxyText, type Worded } from './words.js';

/** What the buttons in a row do; the page opens its dialogs. */
export interface RowActions {
  changeMesh(ns: NamespaceRow): void;
  restart(ns: NamespaceRow): void;
  optOut(w: WorkloadRow): void;
  /** Opens a service's metrics page (absent: the name is plain text). */
  openService?(s: ServiceRow): void;
}

export interface Column<R> {
  id: string;
  header: string;
  /** Width of the column (table-layout: fixed), so that rows scrolled into view never shift the columns. */
  width: string;
  numeric?: boolean;
  /** Absent: not sortable. */
  sortKey?(row: R): SortKey;
  cell(row: R, actions: RowActions): ReactNode;
  /** A data-testid on each cell of this column. */
  cellTestId?: string;
  /** The full text of a cell that may be cut off (shown on hover). */
  title?(row: R): string | undefined;
}

const text = (value: string | undefined, mono = false) => (value ? <span className={mono ? 'mono' : undefined}>{value}</span> : <None />);

const list = (values: readonly string[]) => (values.length > 0 ? values.join(', ') : undefined);

function NeedsRestart({ count, unit }: { count: number; unit?: string }) {
  if (count === 0) return <None />;
  return <Badge tone="warn">{unit ? plural(count, unit) : 'yes'}</Badge>;
}

/** The proxy of a workload's or a pod's pods, as a badge (sorted and titled by its words). */
function proxyColumn<R>(width: string, proxyText: (row: R) => Worded): Column<R> {
  return {
    id: 'proxy',
    header: 'Proxy',
    width,
    sortKey: (r) => proxyText(r).text,
    title: (r) => proxyText(r).text,
    cell: (r) => {
      const proxy = proxyText(r);
      return (
        <Badge tone={proxy.tone} icon={proxy.tone !== 'neutral'}>
          {proxy.text}
        </Badge>
      );
    },
  };
}

const namespaceColumns: Column<NamespaceRow>[] = [
  {
    id: 'name',
    header: 'Namespace',
    width: '16%',
    sortKey: (n) => n.name,
    title: (n) => n.name,
    cell: (n) => (
      <span className="cell-line">
        <span className="mono truncate">{n.name}</span>
        {n.system ? <span className="tag tag-warn">system</span> : null}
        {n.phase !== 'Active' ? <span className="tag tag-neutral">{n.phase.toLowerCase()}</span> : null}
      </span>
    ),
  },
  {
    id: 'mode',
    header: 'Mesh mode',
    width: '19%',
    sortKey: (n) => meshModeText(n)?.text ?? '',
    title: (n) => meshModeText(n)?.text,
    cell: (n) => {
      const mode = meshModeText(n);
      return mode ? (
        <Badge tone={mode.tone} icon={mode.tone === 'warn'}>
          {mode.text}
        </Badge>
      ) : (
        <None />
      );
    },
  },
  { id: 'revision', header: 'Revision', width: '9%', sortKey: (n) => n.revision ?? '', cell: (n) => text(n.revision, true) },
  {
    id: 'pods',
    header: 'Pods',
    width: '12%',
    numeric: true,
    // By the share of pods with a proxy; namespaces without pods last.
    sortKey: (n) => (n.pods === 0 ? -1 : n.withProxy / n.pods),
    cell: (n) => (
      <span className="cell-line">
        <span className={n.withoutProxy > 0 && n.mode === 'sidecar' ? 'text-warn' : undefined}>{podsWithProxyText(n)}</span>
        {n.orphaned > 0 ? (
          <Hint tone="warn" text={ORPHANED_HINT} label={`${plural(n.orphaned, 'orphaned proxy', 'orphaned proxies')} in namespace ${n.name}`}>
            {n.orphaned} orphaned
          </Hint>
        ) : null}
      </span>
    ),
  },
  { id: 'restart', header: 'Needs restart', width: '10%', numeric: true, sortKey: (n) => n.needsRestart, cell: (n) => <NeedsRestart count={n.needsRestart} unit="pod" /> },
  {
    id: 'problems',
    header: 'Problems',
    width: '10%',
    sortKey: (n) => n.problems.length,
    cell: (n) =>
      n.problems.length === 0 ? (
        <None />
      ) : (
        <Hint tone="warn" text={n.problems.join(' ')} label={`${plural(n.problems.length, 'problem')} in namespace ${n.name}`}>
          {plural(n.problems.length, 'problem')}
        </Hint>
      ),
  },
  {
    id: 'actions',
    header: 'Actions',
    width: '24%',
    cell: (n, actions) => (
      <span className="row-actions">
        <button type="button" className="btn btn-small" data-testid="mesh-change" onClick={() => actions.changeMesh(n)}>
          Change mesh…<VisuallyHidden> (namespace {n.name})</VisuallyHidden>
        </button>
        {n.needsRestart > 0 ? (
          <button type="button" className="btn btn-small" data-testid="mesh-restart-open" onClick={() => actions.restart(n)}>
            Restart…<VisuallyHidden> (the workloads of namespace {n.name} that need it)</VisuallyHidden>
          </button>
        ) : null}
      </span>
    ),
  },
];

const workloadColumns: Column<WorkloadRow>[] = [
  { id: 'namespace', header: 'Namespace', width: '12%', sortKey: (w) => w.namespace, title: (w) => w.namespace, cell: (w) => text(w.namespace, true) },
  { id: 'kind', header: 'Kind', width: '9%', sortKey: (w) => w.kind, cell: (w) => w.kind },
  { id: 'name', header: 'Name', width: '15%', sortKey: (w) => w.name, title: (w) => w.name, cell: (w) => text(w.name, true) },
  { id: 'versions', header: 'Versions', width: '8%', sortKey: (w) => w.versions.join(','), title: (w) => list(w.versions), cell: (w) => text(list(w.versions), true) },
  { id: 'ready', header: 'Ready', width: '7%', numeric: true, sortKey: (w) => w.ready - w.desired, cell: (w) => countText(w.ready, w.desired) },
  proxyColumn('16%', workloadProxyText),
  {
    id: 'containers',
    header: 'Containers',
    width: '8%',
    numeric: true,
    cellTestId: 'containers',
    sortKey: (w) => (w.containers ? w.containers.ready - w.containers.total : 1),
    cell: (w) => (w.containers ? countText(w.containers.ready, w.containers.total) : <None />),
  },
  { id: 'restart', header: 'Needs restart', width: '9%', numeric: true, sortKey: (w) => w.needsRestart, cell: (w) => <NeedsRestart count={w.needsRestart} unit="pod" /> },
  {
    id: 'actions',
    header: 'Actions',
    width: '16%',
    cell: (w, actions) =>
      w.meshAction === 'none' ? (
        <span className="muted" data-testid="mesh-no-action">
          None: part of the mesh
        </span>
      ) : (
        <button type="button" className="btn btn-small" data-testid="mesh-optout" data-opted-out={w.optedOut} onClick={() => actions.optOut(w)}>
          {w.meshAction === 'opt-in' ? 'Opt back in…' : 'Opt out of injection…'}
          <VisuallyHidden>
            {' '}
            ({w.kind} {w.name} in {w.namespace})
          </VisuallyHidden>
        </button>
      ),
  },
];

function Ports({ service }: { service: ServiceRow }) {
  if (service.ports.length === 0) return <None />;
  return (
    <span className="cell-line">
      {service.unclassifiedPorts > 0 ? (
        <Hint tone="warn" text={unclassifiedPortsText(service)} label={`${plural(service.unclassifiedPorts, 'unclassified port')} on service ${service.name}`}>
          {service.unclassifiedPorts}
        </Hint>
      ) : null}
      <span className="truncate">
        {service.ports.map((p, i) => (
          <span key={`${p.port}/${p.name ?? ''}`} className="mono">
            <span className={p.classified ? undefined : 'port-unclassified'}>{portText(p)}</span>
            {p.classified ? null : <span className="sr-only"> (unclassified)</span>}
            {i < service.ports.length - 1 ? ', ' : null}
          </span>
        ))}
      </span>
    </span>
  );
}

// Widths leave a quarter of the row to the metric columns the page adds (features/metrics/summary-columns.tsx).
const serviceColumns: Column<ServiceRow>[] = [
  { id: 'namespace', header: 'Namespace', width: '11%', sortKey: (s) => s.namespace, title: (s) => s.namespace, cell: (s) => text(s.namespace, true) },
  {
    id: 'name',
    header: 'Name',
    width: '14%',
    sortKey: (s) => s.name,
    title: (s) => s.name,
    cell: (s, actions) =>
      actions.openService ? (
        <button type="button" className="link-button mono truncate" onClick={() => actions.openService?.(s)} data-testid="open-service">
          {s.name}
          <VisuallyHidden> (metrics of service {s.name} in {s.namespace})</VisuallyHidden>
        </button>
      ) : (
        text(s.name, true)
      ),
  },
  { id: 'type', header: 'Type', width: '7%', sortKey: (s) => s.type, cell: (s) => s.type },
  {
    id: 'ports',
    header: 'Ports → protocol',
    width: '18%',
    sortKey: (s) => s.unclassifiedPorts,
    title: (s) => s.ports.map(portText).join(', '),
    cell: (s) => <Ports service={s} />,
  },
  { id: 'pods', header: 'Pods', width: '6%', numeric: true, sortKey: (s) => s.pods, cell: (s) => s.pods },
  {
    id: 'without',
    header: 'Pods without proxy',
    width: '11%',
    numeric: true,
    sortKey: (s) => s.podsWithoutProxy,
    cell: (s) => (s.podsWithoutProxy > 0 ? <span className="text-warn">{s.podsWithoutProxy}</span> : s.podsWithoutProxy),
  },
  { id: 'versions', header: 'Versions', width: '9%', sortKey: (s) => s.versions.join(','), title: (s) => list(s.versions), cell: (s) => text(list(s.versions), true) },
];

const podColumns: Column<PodRow>[] = [
  { id: 'namespace', header: 'Namespace', width: '12%', sortKey: (p) => p.namespace, title: (p) => p.namespace, cell: (p) => text(p.namespace, true) },
  { id: 'name', header: 'Name', width: '22%', sortKey: (p) => p.name, title: (p) => p.name, cell: (p) => text(p.name, true) },
  { id: 'workload', header: 'Workload', width: '16%', sortKey: (p) => p.workload ?? '', title: (p) => p.workload, cell: (p) => text(p.workload, true) },
  { id: 'version', header: 'Version', width: '8%', sortKey: (p) => p.version ?? '', cell: (p) => text(p.version, true) },
  {
    id: 'phase',
    header: 'Phase',
    width: '9%',
    sortKey: (p) => p.phase,
    cell: (p) => (p.phase === 'Running' ? p.phase : <span className={p.phase === 'Failed' ? 'text-error' : 'text-warn'}>{p.phase}</span>),
  },
  {
    id: 'containers',
    header: 'Containers',
    width: '9%',
    numeric: true,
    cellTestId: 'containers',
    sortKey: (p) => p.readyContainers - p.containers,
    cell: (p) => countText(p.readyContainers, p.containers),
  },
  proxyColumn('13%', podProxyText),
  { id: 'restart', header: 'Needs restart', width: '11%', sortKey: (p) => (p.needsRestart ? 1 : 0), cell: (p) => <NeedsRestart count={p.needsRestart ? 1 : 0} /> },
];

export const COLUMNS: { [K in InventoryKind]: readonly Column<RowOf[K]>[] } = {
  namespaces: namespaceColumns,
  workloads: workloadColumns,
  services: serviceColumns,
  pods: podColumns,
};

/** The sort a tab starts with. */
export const DEFAULT_SORT: Record<InventoryKind, string> = { namespaces: 'name', workloads: 'namespace', services: 'namespace', pods: 'namespace' };
