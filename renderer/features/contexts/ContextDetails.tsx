import { useId, useState } from 'react';
import type { ContextSummary, ExecPluginRef } from '../../../main/contract/models.js';
import { Badge, formatElapsed } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { authLabel } from './labels.js';
import { PluginConfirmation } from './PluginConfirmation.js';
import type { ProbeState } from './probing.js';
import { ProbeStatus } from './ProbeStatus.js';

interface Props {
  context: ContextSummary;
  probe: ProbeState;
  onConnect(name: string): void;
  onRecheck(name: string): void;
  onConfirmPlugin(name: string, plugin: ExecPluginRef): void;
}

/** Everything known about the selected context, why it is (not) reachable, and the Connect button. */
export function ContextDetails({ context: c, probe, onConnect, onRecheck, onConfirmPlugin }: Props) {
  const headingId = useId();
  // The context whose plugin question the user put aside; asked again on "Check again".
  const [declined, setDeclined] = useState<string | undefined>();
  const connectReasonId = useId();
  const unreachable = probe.status === 'unreachable';
  return (
    <section className="panel context-details" aria-labelledby={headingId} data-testid="context-details">
      <div className="panel-head">
        {/* The whole name, wrapped where it must: long cloud context names differ only at their end. */}
        <h2 id={headingId} className="break" data-testid="context-details-name">
          {c.name}
        </h2>
        {c.isCurrent ? <Badge tone="info">current context</Badge> : null}
      </div>
      <dl className="facts">
        <dt>Cluster</dt>
        <dd className="break">{c.cluster || '—'}</dd>
        <dt>Server</dt>
        <dd className="mono break">{c.server || '—'}</dd>
        <dt>User</dt>
        <dd className="break">{c.user || '—'}</dd>
        <dt>Namespace</dt>
        <dd>{c.namespace}</dd>
        <dt>Authentication</dt>
        <dd>{authLabel(c)}</dd>
        <dt>Proxy</dt>
        <dd>{c.usesProxy ? 'Through a proxy' : 'Direct'}</dd>
        <dt>TLS</dt>
        <dd data-testid="context-tls">{tlsText(c, probe)}</dd>
        <dt>Defined in</dt>
        <dd className="mono break">{c.sourceFile}</dd>
      </dl>

      {c.warnings.length > 0 ? (
        <div className="warnings">
          <p className="warnings-title">
            <Badge tone="warn">{c.warnings.length === 1 ? '1 warning' : `${c.warnings.length} warnings`}</Badge>
          </p>
          <ul>
            {c.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="reachability" aria-live="polite">
        <ProbeStatus state={probe} />
        {probe.status === 'reachable' ? (
          <p className="muted">
            Kubernetes {probe.result.serverVersion ?? '(version unknown)'} answered in {formatElapsed(probe.result.latencyMs)}.
          </p>
        ) : null}
        {probe.status === 'unreachable' ? <ErrorExplanation error={probe.error} context={c.name} /> : null}
        {probe.status === 'unconfirmed' && declined !== c.name ? (
          <PluginConfirmation context={c.name} plugin={probe.plugin} onConfirm={() => onConfirmPlugin(c.name, { command: probe.plugin.command, file: probe.plugin.file })} onCancel={() => setDeclined(c.name)} />
        ) : null}
        {probe.status === 'unconfirmed' && declined === c.name ? (
          <p data-testid="plugin-declined">Meshdeck did not run the credential plugin, so this context was not checked. Choose Check again to review it.</p>
        ) : null}
      </div>

      <div className="button-row">
        <button
          type="button"
          className="btn btn-primary"
          // A cluster that did not answer has nothing to show: Connect waits for a check that reaches it.
          aria-disabled={unreachable}
          aria-describedby={unreachable ? connectReasonId : undefined}
          onClick={() => {
            if (!unreachable) onConnect(c.name);
          }}
          data-testid="context-connect"
        >
          Connect to {c.name}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setDeclined(undefined);
            onRecheck(c.name);
          }}
        >
          Check again
        </button>
        {unreachable ? (
          <p className="muted" id={connectReasonId} data-testid="context-connect-reason">
            Connect opens once the cluster answers: fix what is explained above, then Check again.
          </p>
        ) : null}
      </div>
    </section>
  );
}

/** What is known of the cluster's certificate: verified only once a check reached the cluster with verification on. */
function tlsText(c: ContextSummary, probe: ProbeState) {
  if (c.insecureSkipTlsVerify) return <Badge tone="warn">certificate not verified</Badge>;
  if (probe.status === 'reachable') return 'Certificate verified';
  if (probe.status === 'unreachable' && probe.error.code.startsWith('TLS_')) return <Badge tone="error">certificate refused</Badge>;
  if (probe.status === 'checking') return 'Checking…';
  return 'Not checked yet: the cluster has not answered';
}
