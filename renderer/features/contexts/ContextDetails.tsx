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
  return (
    <section className="panel context-details" aria-labelledby={headingId} data-testid="context-details">
      <div className="panel-head">
        <h2 id={headingId} className="truncate">
          {c.name}
        </h2>
        {c.isCurrent ? <Badge tone="info">current context</Badge> : null}
      </div>
      <dl className="facts">
        <dt>Cluster</dt>
        <dd className="truncate">{c.cluster || '—'}</dd>
        <dt>Server</dt>
        <dd className="mono break">{c.server || '—'}</dd>
        <dt>User</dt>
        <dd className="truncate">{c.user || '—'}</dd>
        <dt>Namespace</dt>
        <dd>{c.namespace}</dd>
        <dt>Authentication</dt>
        <dd>{authLabel(c)}</dd>
        <dt>Proxy</dt>
        <dd>{c.usesProxy ? 'Through a proxy' : 'Direct'}</dd>
        <dt>TLS</dt>
        <dd>{c.insecureSkipTlsVerify ? <Badge tone="warn">certificate not verified</Badge> : 'Certificate verified'}</dd>
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
        <button type="button" className="btn btn-primary" onClick={() => onConnect(c.name)} data-testid="context-connect">
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
      </div>
    </section>
  );
}
