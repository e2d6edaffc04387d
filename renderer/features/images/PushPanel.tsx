import { useId, useRef, useState } from 'react';
import { TextField, TextInput } from '../../components/TextField.js';
import { Badge, Spinner } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { hubFor, pushErrorWords, pushIsStale, pushSummary, pushTarget, type PushForm, type PushFormErrors } from './push.js';
import type { Push } from './usePush.js';
import './images.css';

interface Props {
  form: PushForm;
  onChange(form: PushForm): void;
  push: Push;
  /** The options step's own complaint (no push done yet), once it shows its errors. */
  missingPush: string | undefined;
  missingPushId: string;
}

/**
 * Image source (c): push Meshdeck's bundled images into the user's registry. The password lives in this
 * component only while typed: it goes to the core with the push and is then forgotten.
 */
export function PushPanel({ form, onChange, push, missingPush, missingPushId }: Props) {
  const ids = { registry: useId(), repository: useId(), insecure: useId(), username: useId(), password: useId(), credentials: useId(), hint: useId() };
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<PushFormErrors>({});
  const rootRef = useRef<HTMLDivElement>(null);
  const progress = push.progress;
  const running = progress?.status === 'running';
  const set = <K extends keyof PushForm>(key: K, value: PushForm[K]) => onChange({ ...form, [key]: value });
  const registryError = errors.registry ?? (form.registry.trim() ? undefined : missingPush);
  const stale = pushIsStale(form);
  const credentialsDescribedBy = errors.credentials ? ids.credentials : ids.hint;

  function start() {
    if (running) return;
    const checked = pushTarget(form, password);
    setErrors(checked.errors);
    if (!checked.target) {
      requestAnimationFrame(() => rootRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    push.start(checked.target);
    // Sent: not kept here any longer.
    setPassword('');
  }

  return (
    <div className="mirror-fields push-fields" ref={rootRef} data-testid="push-panel">
      <div className="push-grid">
        <TextField
          id={ids.registry}
          label="Registry"
          value={form.registry}
          placeholder="registry.example.com:5000"
          hint="Host and port, without a scheme or path. The cluster’s nodes must be able to pull from it."
          error={errors.registry}
          invalid={!!registryError}
          alsoDescribedBy={missingPush && !errors.registry ? missingPushId : undefined}
          onChange={(v) => set('registry', v)}
          testId="push-registry"
        />
        <TextField
          id={ids.repository}
          label="Repository"
          value={form.repository}
          placeholder="istio"
          hint={
            <>
              The path the images go under: <span className="mono break">{hubFor(form.registry || 'registry', form.repository || 'istio')}/pilot</span>
            </>
          }
          error={errors.repository}
          onChange={(v) => set('repository', v)}
          testId="push-repository"
        />
      </div>
      <label className="checkbox-line" htmlFor={ids.insecure}>
        <input id={ids.insecure} type="checkbox" checked={form.insecure} onChange={(e) => set('insecure', e.target.checked)} data-testid="push-insecure" />
        <span>The registry uses plain HTTP (no TLS)</span>
      </label>
      <div className="push-grid">
        <div className="field">
          <label htmlFor={ids.username}>User name (optional)</label>
          <TextInput
            id={ids.username}
            mono={false}
            value={form.username}
            invalid={!!errors.credentials}
            describedBy={credentialsDescribedBy}
            onChange={(v) => set('username', v)}
            testId="push-username"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>Password or token (optional)</label>
          <input
            id={ids.password}
            type="password"
            className="input"
            value={password}
            autoComplete="off"
            aria-invalid={!!errors.credentials}
            aria-describedby={credentialsDescribedBy}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="push-password"
          />
        </div>
      </div>
      <p id={ids.hint} className="field-hint">
        Only for a registry that needs a login. The password goes to Meshdeck’s core for this push and is not kept, shown again or saved.
      </p>
      {errors.credentials ? (
        <p id={ids.credentials} className="field-error">
          {errors.credentials}
        </p>
      ) : null}

      <div className="push-actions">
        <button type="button" className="btn btn-primary" aria-disabled={running} onClick={start} data-testid="push-run">
          {running ? 'Pushing…' : progress?.status === 'done' ? 'Push again' : 'Push the images'}
        </button>
        {running ? (
          <button type="button" className="btn" onClick={push.cancel} data-testid="push-cancel">
            Cancel
          </button>
        ) : null}
        {missingPush && !progress ? (
          <p id={missingPushId} className="field-error">
            {missingPush}
          </p>
        ) : null}
      </div>

      {progress ? (
        <div className="push-progress" aria-live="polite">
          <p className="run-status" role="status">
            {running ? <Spinner label={pushSummary(progress)} /> : <span>{pushSummary(progress)}</span>}
          </p>
          {progress.rows.length ? (
            <ul className="push-rows" aria-label="Images">
              {progress.rows.map((r) => (
                <li key={r.name} className="push-row" data-testid={`push-row-${r.name}`} data-state={r.state}>
                  <span className="push-row-name mono">{r.name}</span>
                  {r.state === 'pushing' ? (
                    <Spinner label="Pushing" />
                  ) : r.state === 'done' ? (
                    <Badge tone="ok">Pushed</Badge>
                  ) : (
                    <Badge tone="error">Stopped</Badge>
                  )}
                  {r.image ? (
                    <span className="push-row-ref mono break" data-testid={`push-ref-${r.name}`}>
                      {r.image.reference}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {progress.status === 'failed' && progress.error ? <ErrorExplanation error={progress.error} words={pushErrorWords(progress.error, progress.registry)} testId="push-error" /> : null}
        </div>
      ) : null}

      {form.pushed && progress?.status !== 'running' ? (
        <div className={`notice ${stale ? 'notice-warn' : ''} push-done`} data-testid="push-done" role="status">
          <div>
            <p>
              The install pulls from <span className="mono break">{form.pushed.hub}</span>, tag <span className="mono">{form.pushed.tag}</span>, with each
              image pinned by digest ({Object.keys(form.pushed.values).length} advanced value{Object.keys(form.pushed.values).length === 1 ? '' : 's'} set:{' '}
              {Object.keys(form.pushed.values).map((k, i) => (
                <span key={k}>
                  {i ? ', ' : ''}
                  <code>{k}</code>
                </span>
              ))}
              ).
            </p>
            {stale ? <p>The registry or repository above changed since: push again to use them.</p> : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
