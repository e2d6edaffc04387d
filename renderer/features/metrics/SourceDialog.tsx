import { useId, useState } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { MetricsSource } from '../../../main/contract/metrics.js';
import { useCall } from '../../api/hooks.js';
import { useClient } from '../../api/transport.js';
import { Dialog, DialogActions, useDialog } from '../../components/Dialog.js';
import { TextField } from '../../components/TextField.js';
import { Spinner } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { choiceOf, draftOf, type SourceDraft, type SourceField } from './source-form.js';

interface Props {
  context: string;
  /** The source in use, to start the form from. */
  current: MetricsSource | undefined;
  /** After the core remembered the choice: read the source and the metrics again. */
  onSaved(): void;
  onClose(): void;
}

/**
 * Which Prometheus to read: the one found in the cluster (automatic), a Service of the cluster, or a URL with basic or
 * bearer auth and a CA. The password or token goes to the core once, with the choice, and is never shown again: the
 * form (and its secrets) goes away with the dialog.
 */
export function SourceDialog({ context, current, onSaved, onClose }: Props) {
  const dialog = useDialog();
  return (
    <Dialog dialog={dialog} wide testId="source-dialog" onClose={onClose}>
      <SourceForm titleId={dialog.titleId} context={context} current={current} onSaved={onSaved} onDismiss={dialog.close} />
    </Dialog>
  );
}

const KINDS: readonly { id: SourceDraft['kind']; label: string; description: string }[] = [
  { id: 'auto', label: 'Find it in the cluster', description: 'Meshdeck uses the best Prometheus Service it finds, through the API server.' },
  { id: 'service', label: 'A Service in the cluster', description: 'Reached through the API server’s service proxy, with your cluster credentials.' },
  { id: 'url', label: 'An address', description: 'A Prometheus outside the cluster (or behind an ingress), with its own credentials.' },
];

const AUTHS: readonly { id: SourceDraft['auth']; label: string }[] = [
  { id: 'none', label: 'None' },
  { id: 'basic', label: 'User and password' },
  { id: 'bearer', label: 'Bearer token' },
];

function SourceForm({ titleId, context, current, onSaved, onDismiss }: { titleId: string; context: string; current: MetricsSource | undefined; onSaved(): void; onDismiss(): void }) {
  const client = useClient();
  const ids = useId();
  const id = (field: string) => `${ids}-${field}`;
  const candidates = useCall('metrics.source', { context });
  const [draft, setDraft] = useState<SourceDraft>(() => draftOf(current));
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcErrorShape | undefined>();
  const { choice, errors } = choiceOf(draft);
  const shown = (field: SourceField) => (tried ? errors[field] : undefined);
  const set = <K extends keyof SourceDraft>(key: K, value: SourceDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function save() {
    setTried(true);
    if (!choice || busy) return;
    setBusy(true);
    setError(undefined);
    client.call('metrics.setSource', { context, choice }).then(
      () => {
        onSaved();
        onDismiss();
      },
      (err: unknown) => {
        setBusy(false);
        setError(toErrorShape(err));
      },
    );
  }

  const found = candidates.data?.candidates ?? [];
  return (
    <form
      className="dialog-body source-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        Which Prometheus to read
      </h2>
      <fieldset className="field-group">
        <legend>Where it is</legend>
        <div className="choice-list">
          {KINDS.map((k) => (
            <label key={k.id} className="choice" data-testid={`source-kind-${k.id}`}>
              <input type="radio" name={id('kind')} checked={draft.kind === k.id} onChange={() => set('kind', k.id)} />
              <span className="choice-text">
                <span className="choice-label">{k.label}</span>
                <span className="choice-description">{k.description}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {draft.kind === 'service' ? (
        <>
          {candidates.loading ? (
            <Spinner label="Looking for Prometheus Services…" />
          ) : found.length > 0 ? (
            <fieldset className="field-group">
              <legend>Found in the cluster</legend>
              <div className="choice-list">
                {found.map((c) => (
                  <label key={`${c.namespace}/${c.name}:${c.port}`} className="choice">
                    <input
                      type="radio"
                      name={id('candidate')}
                      checked={draft.namespace === c.namespace && draft.name === c.name && draft.port === String(c.port)}
                      onChange={() => setDraft((d) => ({ ...d, namespace: c.namespace, name: c.name, port: String(c.port) }))}
                    />
                    <span className="choice-text">
                      <span className="choice-label mono">
                        {c.namespace}/{c.name}:{c.port}
                      </span>
                      <span className="choice-description">{c.why}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : (
            <p className="muted">No Service that looks like Prometheus was found; name one below.</p>
          )}
          <div className="form-row">
            <TextField id={id('namespace')} label="Namespace" hint="Where the Service is." value={draft.namespace} error={shown('namespace')} onChange={(v) => set('namespace', v)} testId="source-namespace" />
            <TextField id={id('name')} label="Service" hint="Its name." value={draft.name} error={shown('name')} onChange={(v) => set('name', v)} testId="source-name" />
            <TextField id={id('port')} label="Port" hint="Usually 9090." value={draft.port} error={shown('port')} onChange={(v) => set('port', v)} testId="source-port" />
          </div>
        </>
      ) : null}

      {draft.kind === 'url' ? (
        <>
          <TextField
            id={id('url')}
            label="Address"
            hint="For example https://prometheus.example.com (Meshdeck adds /api/v1/…)."
            value={draft.url}
            error={shown('url')}
            onChange={(v) => set('url', v)}
            testId="source-url"
          />
          <fieldset className="field-group">
            <legend>Authentication</legend>
            <div className="choice-row">
              {AUTHS.map((a) => (
                <label key={a.id} className="choice choice-inline">
                  <input type="radio" name={id('auth')} checked={draft.auth === a.id} onChange={() => set('auth', a.id)} />
                  <span className="choice-label">{a.label}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {draft.auth === 'basic' ? (
            <div className="form-row">
              <TextField id={id('username')} label="User" hint="Sent with every query." value={draft.username} error={shown('username')} onChange={(v) => set('username', v)} />
              <SecretField id={id('password')} label="Password" hint="Kept by the core, never shown again." value={draft.password} onChange={(v) => set('password', v)} />
            </div>
          ) : null}
          {draft.auth === 'bearer' ? (
            <SecretField
              id={id('bearerToken')}
              label="Token"
              hint="Kept by the core, never shown again."
              value={draft.bearerToken}
              error={shown('bearerToken')}
              onChange={(v) => set('bearerToken', v)}
            />
          ) : null}
          <div className="field">
            <label htmlFor={id('caPem')}>CA certificate (optional)</label>
            <textarea
              id={id('caPem')}
              className="input mono source-ca"
              rows={4}
              spellCheck={false}
              value={draft.caPem}
              placeholder="-----BEGIN CERTIFICATE-----"
              aria-describedby={`${id('caPem')}-hint`}
              onChange={(e) => set('caPem', e.target.value)}
            />
            <p id={`${id('caPem')}-hint`} className="field-hint">
              PEM of the authority that signed the server’s certificate, when it is not a public one.
            </p>
          </div>
        </>
      ) : null}

      {error ? <ErrorExplanation error={error} context={context} testId="source-error" /> : null}
      <DialogActions onCancel={onDismiss}>
        <button type="submit" className="btn btn-primary" aria-disabled={busy} data-testid="source-save">
          {busy ? 'Saving…' : 'Use this Prometheus'}
        </button>
      </DialogActions>
    </form>
  );
}

/** A password input: never spell-checked, never autofilled from the browser's store. */
function SecretField({ id, label, hint, value, error, onChange }: { id: string; label: string; hint: string; value: string; error?: string | undefined; onChange(v: string): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        className="input mono"
        value={value}
        autoComplete="new-password"
        spellCheck={false}
        aria-invalid={!!error}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
