import { useId, useState, type FormEvent } from 'react';
import { toErrorShape, type RpcErrorShape } from '../../../main/contract/errors.js';
import type { MeshInstallStatus } from '../../../main/contract/install.js';
import { tagProblem } from '../../../main/contract/upgrade.js';
import { useClient } from '../../api/transport.js';
import { TextInput } from '../../components/TextField.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';


interface Props {
  context: string;
  status: MeshInstallStatus;
  /** A tag changed in the cluster: reload the status. */
  onChanged(): void;
  /** Another change (an upgrade stage) runs: setting a tag waits. */
  busy: boolean;
}

/** Sets a revision tag (a name namespaces can use in istio.io/rev) to point at a revision, with `revisions.tag`. */
export function TagsEditor({ context, status, onChanged, busy }: Props) {
  const client = useClient();
  const ids = { name: useId(), revision: useId(), hint: useId(), error: useId() };
  const revisions = status.revisions.map((r) => r.revision);
  const [name, setName] = useState('');
  const [revision, setRevision] = useState('');
  const [touched, setTouched] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<RpcErrorShape | undefined>();
  const [message, setMessage] = useState('');
  const chosen = revisions.includes(revision) ? revision : (revisions[0] ?? '');
  const nameError = tagProblem(name, status);
  const shownError = touched ? nameError : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (nameError || !chosen || running || busy) return;
    const tag = name.trim();
    const before = status.tags.find((t) => t.tag === tag)?.revision;
    setRunning(true);
    setError(undefined);
    setMessage('');
    try {
      await client.call('revisions.tag', { context, tag, revision: chosen });
      setMessage(before && before !== chosen ? `Tag ${tag} now points at ${chosen} (it pointed at ${before}).` : `Tag ${tag} points at ${chosen}.`);
      setName('');
      setTouched(false);
    } catch (err) {
      setError(toErrorShape(err));
    } finally {
      setRunning(false);
      onChanged();
    }
  }

  return (
    <form className="tags-editor" onSubmit={(e) => void submit(e)} noValidate aria-label="Set a revision tag">
      <div className="tags-editor-row">
        <div className="field">
          <label htmlFor={ids.name}>Tag</label>
          <TextInput
            id={ids.name}
            value={name}
            placeholder="prod-stable"
            maxLength={70}
            invalid={!!shownError}
            describedBy={`${ids.hint}${shownError ? ` ${ids.error}` : ''}`}
            onChange={setName}
            onBlur={() => setTouched(name.trim() !== '')}
            testId="tag-editor-name"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.revision}>Points at revision</label>
          <select id={ids.revision} className="input" value={chosen} onChange={(e) => setRevision(e.target.value)} data-testid="tag-editor-revision">
            {revisions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn" aria-disabled={running || busy || !chosen} data-testid="tag-editor-set">
          {running ? 'Setting…' : 'Set tag'}
        </button>
      </div>
      <p id={ids.hint} className="field-hint">
        A namespace labelled <code>istio.io/rev=&lt;tag&gt;</code> uses whatever revision the tag points at: moving the tag moves them all (after a restart). The{' '}
        <code>default</code> tag also decides which revision serves <code>istio-injection=enabled</code> namespaces.
      </p>
      {shownError ? (
        <p id={ids.error} className="field-error">
          {shownError}
        </p>
      ) : null}
      <p role="status" className="muted" data-testid="tag-editor-status">
        {message}
      </p>
      {error ? <ErrorExplanation error={error} context={context} testId="tag-editor-error" /> : null}
    </form>
  );
}
