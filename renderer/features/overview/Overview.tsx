import { useEffect, useId, useRef, useState } from 'react';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import type { ClusterOverview, ControlPlane, MeshStatus, NamespaceSummary } from '../../../main/contract/models.js';
import { useStream, type StreamStatus } from '../../api/streams.js';
import { LiveStatus } from '../../components/LiveStatus.js';
import { PageHead } from '../../components/PageHead.js';
import { Badge, EmptyState, None, Skeleton, VisuallyHidden, formatAge, formatTime, type Tone } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import type { SampleApp } from '../canary/target.js';
import { TrySample } from '../canary/TrySample.js';
import { LiveAlerts } from '../errors/LiveAlerts.js';
import './overview.css';

type Section = ClusterOverview['problems'][number]['section'];

/** What the overview's Service mesh section opens: the install wizard, or the Manage view of an Istio already there. */
export interface InstallTarget {
  mode: 'install' | 'manage';
  /** Revisions of the control planes found ('' = default). */
  revisions: string[];
  /** What to do on arrival: resume an unfinished install, open the upgrade, or the uninstall. */
  task?: 'resume' | 'upgrade' | 'uninstall';
}

interface Props {
  context: string;
  onBack(): void;
  /** Opens the install wizard (absent: no button). */
  onOpenInstall?: (target: InstallTarget) => void;
  /** Opens the mesh inventory (absent: no button). */
  onOpenInventory?: () => void;
  /** Opens the inventory on one namespace (absent: namespace rows are not links). */
  onOpenNamespace?: (namespace: string) => void;
  /** Opens the routing config (absent: no button). */
  onOpenRouting?: () => void;
  /** Opens the service graph (absent: no button). */
  onOpenGraph?: () => void;
  /** Opens the canary rollouts (absent: no button). */
  onOpenCanary?: () => void;
  /** The sample app was deployed: open its canary page (absent: no offer). */
  onSample?: (sample: SampleApp) => void;
}

/** The user's namespaces: Meshdeck's own short-lived ones (probes, verification) are not shown or counted. */
const usersNamespaces = (overview: ClusterOverview | undefined) => overview?.namespaces?.filter((n) => !n.meshdeckPurpose);

/** One cluster at a glance, live from `cluster.overview`: versions, nodes, the mesh, namespaces. */
export function Overview({ context, onBack, onOpenInstall, onOpenInventory, onOpenNamespace, onOpenRouting, onOpenGraph, onOpenCanary, onSample }: Props) {
  const stream = useStream('cluster.overview', { context });
  const overview = stream.data?.type === 'snapshot' ? stream.data.overview : undefined;
  return (
    <OverviewView
      context={context}
      overview={overview}
      status={stream.status}
      error={stream.error}
      onRetry={stream.restart}
      onBack={onBack}
      {...(onOpenInstall ? { onOpenInstall } : {})}
      {...(onOpenInventory ? { onOpenInventory } : {})}
      {...(onOpenNamespace ? { onOpenNamespace } : {})}
      {...(onOpenRouting ? { onOpenRouting } : {})}
      {...(onOpenGraph ? { onOpenGraph } : {})}
      {...(onOpenCanary ? { onOpenCanary } : {})}
      {...(onSample ? { onSample } : {})}
    />
  );
}

export interface OverviewViewProps extends Props {
  overview: ClusterOverview | undefined;
  status: StreamStatus;
  error: RpcErrorShape | undefined;
  onRetry(): void;
}

/** What Overview shows, from plain props (rendered in tests without a core). */
export function OverviewView({ context, overview, status, error, onRetry, onBack, onOpenInstall, onOpenInventory, onOpenNamespace, onOpenRouting, onOpenGraph, onOpenCanary, onSample }: OverviewViewProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);

  // A new page: move the focus to its title so keyboard and screen-reader users start here.
  useEffect(() => {
    headingRef.current?.focus();
  }, [context]);

  const problemsOf = (section: Section) => overview?.problems.filter((p) => p.section === section).map((p) => p.error) ?? [];
  const failed = status === 'error';

  return (
    <div className="page overview" data-testid="overview" data-context={context} aria-busy={!overview && status === 'connecting'}>
      <PageHead title={context} headingRef={headingRef} subtitle="Cluster overview" back={{ label: 'All contexts', onClick: onBack }}>
        <LiveStatus status={status} updatedAt={overview?.updatedAt} hasData={!!overview} testId="overview-live" />
      </PageHead>

      <LiveAlerts
        status={status}
        error={error}
        context={context}
        errorTestId="overview-error"
        staleNote={overview ? <>Below is the last state received, at {formatTime(overview.updatedAt)}; it is no longer updated.</> : null}
        endedText="Live updates for this cluster stopped."
        onRetry={onRetry}
      />

      <ClusterSection overview={overview} problems={problemsOf('nodes')} context={context} failed={failed} />
      <MeshSection
        mesh={overview?.mesh}
        problems={problemsOf('mesh')}
        context={context}
        failed={failed}
        onOpenInstall={onOpenInstall}
        onOpenInventory={onOpenInventory}
        onOpenRouting={onOpenRouting}
        onOpenGraph={onOpenGraph}
        onOpenCanary={onOpenCanary}
        onSample={onSample}
      />
      <NamespacesSection overview={overview} problems={problemsOf('namespaces')} context={context} failed={failed} onOpenNamespace={onOpenNamespace} />
    </div>
  );
}

function Problems({ section, errors, context }: { section: Section; errors: RpcErrorShape[]; context: string }) {
  if (errors.length === 0) return null;
  return (
    <div className="problems" data-testid={`problem-${section}`}>
      {errors.map((error, i) => (
        <ErrorExplanation key={i} error={error} context={context} tone="warning" />
      ))}
    </div>
  );
}

interface SectionProps {
  problems: RpcErrorShape[];
  context: string;
  /** The stream failed before any data came: show nothing rather than skeletons forever. */
  failed: boolean;
}

function ClusterSection({ overview, problems, context, failed }: SectionProps & { overview: ClusterOverview | undefined }) {
  const id = useId();
  const loading = !overview && !failed;
  const nodes = overview?.nodes;
  const namespaces = usersNamespaces(overview);
  const nodesTone: Tone = !nodes ? 'neutral' : nodes.total > 0 && nodes.ready === nodes.total ? 'ok' : nodes.ready === 0 ? 'error' : 'warn';
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>Cluster</h2>
      <div className="cards">
        <div className="card">
          <p className="card-label">Kubernetes version</p>
          <p className="card-value mono" data-testid="overview-version">
            {overview ? overview.serverVersion : loading ? <Skeleton /> : <None />}
          </p>
          <p className="card-note">{overview?.platform ? overview.platform : ' '}</p>
        </div>
        <div className="card">
          <p className="card-label">Nodes</p>
          <p className="card-value" data-testid="overview-nodes" data-ready={nodes?.ready} data-total={nodes?.total}>
            {nodes ? (
              <>
                {nodes.ready} / {nodes.total} <span className="card-unit">ready</span>
              </>
            ) : loading ? (
              <Skeleton />
            ) : problems.length > 0 ? (
              'Unavailable (see below)'
            ) : (
              <None />
            )}
          </p>
          <p className="card-note">
            {nodes ? (
              <Badge tone={nodesTone}>{nodes.ready === nodes.total ? 'All nodes ready' : `${nodes.total - nodes.ready} not ready`}</Badge>
            ) : (
              ' '
            )}
          </p>
        </div>
        <div className="card">
          <p className="card-label">Namespaces</p>
          <p className="card-value">{namespaces ? namespaces.length : loading ? <Skeleton /> : <None />}</p>
          <p className="card-note">{namespaces ? meshedSummary(namespaces) : ' '}</p>
        </div>
      </div>
      <Problems section="nodes" errors={problems} context={context} />
    </section>
  );
}

const MESH_STATE: Record<MeshStatus['state'], { tone: Tone; label: string }> = {
  'not-installed': { tone: 'neutral', label: 'Istio not installed' },
  'crds-only': { tone: 'warn', label: 'Istio CRDs only' },
  installed: { tone: 'ok', label: 'Istio installed' },
  incomplete: { tone: 'warn', label: 'Incomplete install' },
  unknown: { tone: 'neutral', label: 'Unknown' },
};

function MeshSection({
  mesh,
  problems,
  context,
  failed,
  onOpenInstall,
  onOpenInventory,
  onOpenRouting,
  onOpenGraph,
  onOpenCanary,
  onSample,
}: SectionProps & {
  mesh: MeshStatus | undefined;
  onOpenInstall: ((target: InstallTarget) => void) | undefined;
  onOpenInventory: (() => void) | undefined;
  onOpenRouting: (() => void) | undefined;
  onOpenGraph: (() => void) | undefined;
  onOpenCanary: (() => void) | undefined;
  onSample: ((sample: SampleApp) => void) | undefined;
}) {
  const id = useId();
  const state = mesh ? MESH_STATE[mesh.state] : undefined;
  // An install that stopped part-way is finished by running it again, from the wizard.
  const installable = mesh?.state === 'not-installed' || mesh?.state === 'crds-only' || mesh?.state === 'incomplete';
  const revisions = mesh?.state === 'incomplete' ? mesh.incomplete.map((i) => i.revision) : (mesh?.controlPlanes.map((p) => p.revision) ?? []);
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>Service mesh</h2>
      <div className="mesh-status" data-testid="mesh-status" data-state={mesh?.state ?? 'loading'}>
        <div className="mesh-head">
          <p className="mesh-state">
            {state ? <Badge tone={state.tone}>{state.label}</Badge> : failed ? <None /> : <Skeleton />}
            {mesh ? <span className="muted">{meshSentence(mesh)}</span> : null}
          </p>
          <span className="mesh-actions">
          {onOpenInventory ? (
            // Useful with or without Istio: it shows which workloads are in the mesh and which are not.
            <button type="button" className="btn" data-testid="open-inventory" onClick={onOpenInventory}>
              Mesh inventory
            </button>
          ) : null}
          {onOpenRouting ? (
            // Whatever the mesh's state: the page says which routing kinds the cluster serves, if any.
            <button type="button" className="btn" data-testid="open-routing" onClick={onOpenRouting}>
              Routing
            </button>
          ) : null}
          {onOpenGraph ? (
            <button type="button" className="btn" data-testid="open-graph" onClick={onOpenGraph}>
              Service graph
            </button>
          ) : null}
          {onOpenCanary ? (
            <button type="button" className="btn" data-testid="open-canary" onClick={onOpenCanary}>
              Canary rollouts
            </button>
          ) : null}
          {mesh && onOpenInstall ? (
            <button
              type="button"
              className={installable ? 'btn btn-primary' : 'btn'}
              data-testid="open-install"
              data-mode={installable ? 'install' : 'manage'}
              onClick={() =>
                onOpenInstall({
                  mode: installable ? 'install' : 'manage',
                  revisions: [...new Set(revisions.map((r) => (r === 'default' ? '' : r)))],
                  ...(mesh.state === 'incomplete' ? { task: 'resume' as const } : {}),
                })
              }
            >
              {mesh.state === 'incomplete' ? 'Resume' : installable ? 'Install Istio' : 'Manage Istio'}
            </button>
          ) : null}
          </span>
        </div>
        {mesh && mesh.controlPlanes.length > 0 ? <ControlPlanes planes={mesh.controlPlanes} /> : null}
        {mesh?.state === 'installed' && mesh.controlPlanes.length > 0 && onSample ? (
          <div className="notice try-sample" data-testid="overview-try-sample">
            <p>New to canary rollouts? Deploy a sample app (two versions and a caller) and roll its new version out step by step.</p>
            <TrySample context={context} onDeployed={onSample} quiet />
          </div>
        ) : null}
        {mesh?.state === 'installed' && mesh.controlPlanes.length === 0 ? (
          <EmptyState title="No control plane found">
            <p>Istio looks installed, but no istiod deployment was found.</p>
          </EmptyState>
        ) : null}
      </div>
      <Problems section="mesh" errors={problems} context={context} />
    </section>
  );
}

function meshSentence(mesh: MeshStatus): string {
  const crds = `${mesh.istioCrds} Istio CRD${mesh.istioCrds === 1 ? '' : 's'}`;
  switch (mesh.state) {
    case 'not-installed':
      return 'No Istio CRDs or control plane found in this cluster.';
    case 'crds-only':
      return `${crds} installed, but no control plane (istiod) runs.`;
    case 'installed':
      return `${crds}, ${mesh.controlPlanes.length} control plane${mesh.controlPlanes.length === 1 ? '' : 's'}.`;
    case 'incomplete':
      return mesh.incomplete.map(incompleteSentence).join(' ');
    default:
      return 'Meshdeck could not tell whether Istio is installed.';
  }
}

function incompleteSentence(i: MeshStatus['incomplete'][number]): string {
  const why = i.reason === 'webhooks-missing' ? 'its webhooks are missing' : `its apply did not finish${i.phase ? ` (it stopped at ${i.phase})` : ''}`;
  return `The install of revision ${i.revision} stopped part-way: ${why}.`;
}

function ControlPlanes({ planes }: { planes: ControlPlane[] }) {
  return (
    <table className="table" data-testid="control-planes">
      <caption className="sr-only">Istio control planes</caption>
      <thead>
        <tr>
          <th scope="col">Namespace</th>
          <th scope="col">Deployment</th>
          <th scope="col">Revision</th>
          <th scope="col">Version</th>
          <th scope="col">Ready replicas</th>
        </tr>
      </thead>
      <tbody>
        {planes.map((p) => {
          const tone: Tone = p.replicas > 0 && p.readyReplicas >= p.replicas ? 'ok' : p.readyReplicas === 0 ? 'error' : 'warn';
          return (
            <tr key={`${p.namespace}/${p.name}`} data-testid={`control-plane-${p.namespace}-${p.name}`}>
              <td>{p.namespace}</td>
              <td className="mono">{p.name}</td>
              <td>{p.revision || 'default'}</td>
              <td className="mono">{p.version ?? <None />}</td>
              <td>
                <Badge tone={tone}>
                  {p.readyReplicas} / {p.replicas} ready
                </Badge>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function meshedSummary(namespaces: NamespaceSummary[]): string {
  const sidecar = namespaces.filter((n) => n.injection === 'enabled' || (!!n.revision && n.injection !== 'disabled')).length;
  const ambient = namespaces.filter((n) => n.dataplaneMode === 'ambient').length;
  if (sidecar === 0 && ambient === 0) return 'None in the mesh';
  const parts = [];
  if (sidecar > 0) parts.push(`${sidecar} with sidecars`);
  if (ambient > 0) parts.push(`${ambient} ambient`);
  return parts.join(', ');
}

function NamespacesSection({ overview, problems, context, failed, onOpenNamespace }: SectionProps & { overview: ClusterOverview | undefined; onOpenNamespace: ((namespace: string) => void) | undefined }) {
  const id = useId();
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const namespaces = usersNamespaces(overview);
  const needle = filter.trim().toLowerCase();
  const shown = namespaces?.filter((n) => !needle || n.name.toLowerCase().includes(needle) || (n.revision ?? '').includes(needle)) ?? [];
  return (
    <section className="section" aria-labelledby={id}>
      <div className="section-head">
        <h2 id={id}>Namespaces</h2>
        {namespaces && namespaces.length > 0 ? (
          <div className="filter">
            <label htmlFor={filterId}>Filter namespaces</label>
            <input id={filterId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Name or revision" />
          </div>
        ) : null}
      </div>
      <Problems section="namespaces" errors={problems} context={context} />
      {!overview ? (
        failed ? null : (
          <div className="table-skeleton" aria-hidden="true">
            <Skeleton lines={5} />
          </div>
        )
      ) : !namespaces ? (
        problems.length > 0 ? null : <EmptyState title="Namespaces are not available" />
      ) : namespaces.length === 0 ? (
        <EmptyState title="No namespaces" />
      ) : (
        <>
          <table className="table" data-testid="namespace-table">
            <caption className="sr-only">Namespaces and their mesh labels</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Phase</th>
                <th scope="col">Sidecar injection</th>
                <th scope="col">Revision</th>
                <th scope="col">Data plane mode</th>
                <th scope="col" className="num">
                  Age
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((n) => (
                <NamespaceRow key={n.name} ns={n} now={overview.updatedAt} onOpen={onOpenNamespace} />
              ))}
            </tbody>
          </table>
          {shown.length === 0 ? <EmptyState title={`No namespace matches “${filter.trim()}”`} /> : null}
          {needle ? (
            <p className="muted table-foot" role="status">
              Showing {shown.length} of {namespaces.length} namespaces.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

/** A namespace and its mesh labels; its name opens it in the inventory (a click anywhere on the row does too). */
function NamespaceRow({ ns, now, onOpen }: { ns: NamespaceSummary; now: string; onOpen: ((namespace: string) => void) | undefined }) {
  const age = ns.createdAt ? formatAge(ns.createdAt, now) : undefined;
  return (
    <tr data-testid={`namespace-row-${ns.name}`} className={onOpen ? 'row-link' : undefined} onClick={onOpen ? () => onOpen(ns.name) : undefined}>
      <td className="mono">
        {onOpen ? (
          <button
            type="button"
            className="link-button mono"
            data-testid="open-namespace"
            onClick={(event) => {
              event.stopPropagation();
              onOpen(ns.name);
            }}
          >
            {ns.name}
            <VisuallyHidden> (open in the mesh inventory)</VisuallyHidden>
          </button>
        ) : (
          ns.name
        )}
      </td>
      <td>
        <Badge tone={ns.phase === 'Active' ? 'ok' : ns.phase === 'Terminating' ? 'warn' : 'neutral'}>{ns.phase}</Badge>
      </td>
      <td>
        {ns.injection ? (
          <Badge tone={ns.injection === 'enabled' ? 'info' : 'neutral'} icon={false}>
            {ns.injection}
          </Badge>
        ) : (
          <None />
        )}
      </td>
      <td className="mono">{ns.revision ?? <None />}</td>
      <td>
        {ns.dataplaneMode ? (
          <Badge tone={ns.dataplaneMode === 'ambient' ? 'info' : 'neutral'} icon={false}>
            {ns.dataplaneMode}
          </Badge>
        ) : (
          <None />
        )}
      </td>
      <td className="num">{age ?? <None />}</td>
    </tr>
  );
}
