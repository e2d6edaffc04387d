import { useId, useRef, useState, type Ref } from 'react';
import { TextField } from '../../components/TextField.js';
import { IMAGE_SOURCES, PROFILES, splitPair, type DraftErrors, type ImageSource, type OptionsDraft, type ValueRow } from './options.js';
import { PushPanel } from '../images/PushPanel.js';
import type { Push } from '../images/usePush.js';
import { withImageSource } from './image-source.js';
import { StepPanel, WizardNav } from './StepPanel.js';

interface Props {
  headingRef: Ref<HTMLHeadingElement>;
  draft: OptionsDraft;
  errors: DraftErrors;
  valid: boolean;
  /** The install is running: the options it uses cannot change under it. */
  locked: boolean;
  /** The precheck ran with other options: it runs again before the install. */
  precheckStale: boolean;
  onChange(draft: OptionsDraft): void;
  onBack(): void;
  onNext(): void;
  /** The air-gapped push (image source c), kept by the page. */
  push: Push;
}

type Field = 'revision' | 'hub' | 'tag' | 'pullSecrets';

export function OptionsStep({ headingRef, draft, errors, valid, locked, precheckStale, onChange, onBack, onNext, push }: Props) {
  const ids = { revision: useId(), hub: useId(), tag: useId(), pullSecrets: useId(), reason: useId(), pushMissing: useId() };
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [showAll, setShowAll] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(draft.values.length > 0);
  const formRef = useRef<HTMLDivElement>(null);
  const nextRowId = useRef(1);

  const shown = (field: Field) => (showAll || touched.has(field) ? errors[field] : undefined);
  const touch = (field: string) =>
    setTouched((t) => {
      if (t.has(field)) return t;
      const n = new Set(t);
      n.add(field);
      return n;
    });
  const set = <K extends keyof OptionsDraft>(key: K, value: OptionsDraft[K]) => onChange({ ...draft, [key]: value });
  const setSource = (source: ImageSource) => onChange(withImageSource(draft, source));
  const setRow = (id: number, patch: Partial<ValueRow>) => set('values', draft.values.map((r) => (r.id === id ? { ...r, ...patch } : r)));

  function addRow() {
    const used = draft.values.reduce((m, r) => Math.max(m, r.id), 0);
    const id = Math.max(nextRowId.current, used + 1);
    nextRowId.current = id + 1;
    set('values', [...draft.values, { id, key: '', value: '' }]);
    // Focus the new row's key once it is rendered.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>(`[data-row="${id}"] input`)?.focus());
  }

  function next() {
    if (valid) {
      onNext();
      return;
    }
    setShowAll(true);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  const errorCount = (['revision', 'hub', 'tag', 'pullSecrets'] as const).filter((f) => errors[f]).length + Object.keys(errors.rows).length;
  const rowCount = draft.values.filter((r) => r.key.trim() || r.value.trim()).length;

  return (
    <StepPanel
      step="options"
      title="Options"
      headingRef={headingRef}
      intro="The defaults suit a first install: the minimal profile, the default revision and Istio’s public images."
      footer={
        <WizardNav
          onBack={onBack}
          next={
            <button type="button" className="btn btn-primary" onClick={next} aria-describedby={!valid && showAll ? ids.reason : undefined} data-testid="install-next">
              Next: Preview <span aria-hidden="true">→</span>
            </button>
          }
          blockedReason={!valid && showAll ? `Fix ${errorCount === 1 ? 'the field marked' : `the ${errorCount} fields marked`} above to continue.` : undefined}
          blockedId={ids.reason}
        />
      }
    >
      {locked ? (
        <p className="notice" role="status">
          The install is running with these options; they cannot change until it ends.
        </p>
      ) : precheckStale ? (
        <p className="notice" role="status">
          These options differ from the ones the precheck ran with: the checks run again before the install starts.
        </p>
      ) : null}
      <div ref={formRef}>
        <fieldset className="options-form" disabled={locked}>
          <fieldset className="field-group">
            <legend>Profile</legend>
            <RadioChoices name="install-profile" choices={PROFILES} value={draft.profile} recommended="minimal" onChange={(id) => set('profile', id)} />
          </fieldset>

          <TextField
            id={ids.revision}
            label="Revision"
            value={draft.revision}
            placeholder="default"
            maxLength={60}
            hint={
              <>
                Leave empty for the default revision. Name one (for example <code>1-24</code>) to run a second control plane next to the first, for a
                canary upgrade.
              </>
            }
            // The rule is told as the name is typed, not only after leaving the field or pressing Next.
            error={draft.revision ? errors.revision : shown('revision')}
            onChange={(v) => set('revision', v)}
            onBlur={() => touch('revision')}
            testId="option-revision"
          />

          <div className="field">
            <label className="choice" data-testid="option-prometheus">
              <input type="checkbox" checked={draft.prometheus} onChange={(e) => set('prometheus', e.target.checked)} />
              <span className="choice-text">
                <span className="choice-label">Prometheus add-on</span>
                <span className="choice-description">Istio&apos;s own Prometheus in istio-system, for the metrics and canary views when the cluster has none.</span>
              </span>
            </label>
          </div>

          <fieldset className="field-group">
            <legend>Image source</legend>
            <RadioChoices name="install-images" choices={IMAGE_SOURCES} value={draft.imageSource} recommended="public" onChange={setSource} />
            {draft.imageSource === 'push' ? (
              <PushPanel form={draft.push} onChange={(form) => set('push', form)} push={push} missingPush={shown('hub')} missingPushId={ids.pushMissing} />
            ) : null}
            {draft.imageSource !== 'public' ? (
              <div className="mirror-fields">
                {draft.imageSource === 'mirror' ? (
                  <>
                    <TextField
                      id={ids.hub}
                      label="Registry (hub)"
                      value={draft.hub}
                      placeholder="registry.example.com/istio"
                      hint="Where the images are: host, optional port, and path. Images are pulled as hub/pilot:tag."
                      error={shown('hub')}
                      onChange={(v) => set('hub', v)}
                      onBlur={() => touch('hub')}
                      testId="option-hub"
                    />
                    <TextField
                      id={ids.tag}
                      label="Tag (optional)"
                      value={draft.tag}
                      placeholder="the release’s own tag"
                      hint="Leave empty to use the tag of the pinned release."
                      error={shown('tag')}
                      onChange={(v) => set('tag', v)}
                      onBlur={() => touch('tag')}
                      testId="option-tag"
                    />
                  </>
                ) : null}
                <TextField
                  id={ids.pullSecrets}
                  label="Pull secrets (optional)"
                  value={draft.pullSecrets}
                  placeholder="regcred"
                  hint={
                    draft.imageSource === 'push'
                      ? 'If the nodes need a login to pull from this registry: names of Secrets in istio-system that hold it, separated by commas.'
                      : 'Names of Secrets in istio-system that hold the registry’s credentials, separated by commas.'
                  }
                  error={shown('pullSecrets')}
                  onChange={(v) => set('pullSecrets', v)}
                  onBlur={() => touch('pullSecrets')}
                  testId="option-pull-secrets"
                />
              </div>
            ) : null}
          </fieldset>

          <details className="advanced" open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
            <summary>
              Advanced values{rowCount ? ` (${rowCount} set)` : ''}
            </summary>
            <p className="field-hint">
              Values passed to istioctl as <code>--set key=value</code>, for example <code>values.pilot.traceSampling</code> = <code>10</code>. Leave
              this empty unless you know you need it. Pasting <code>key=value</code> into a key splits it.
            </p>
            {draft.values.length > 0 ? (
              <ol className="value-rows">
                {draft.values.map((row, i) => {
                  const rowErrors = errors.rows[row.id];
                  const keyError = showAll || touched.has(`key-${row.id}`) ? rowErrors?.key : undefined;
                  const valueError = showAll || touched.has(`value-${row.id}`) ? rowErrors?.value : undefined;
                  const errorId = `${ids.reason}-row-${row.id}`;
                  return (
                    <li key={row.id} className="value-row" data-row={row.id} data-testid="value-row">
                      <input
                        type="text"
                        className="input mono"
                        aria-label={`Key of value ${i + 1}`}
                        placeholder="key"
                        spellCheck={false}
                        autoComplete="off"
                        value={row.key}
                        aria-invalid={!!keyError}
                        aria-describedby={keyError || valueError ? errorId : undefined}
                        onChange={(e) => {
                          const pair = splitPair(e.target.value);
                          setRow(row.id, pair && !row.value ? pair : { key: e.target.value });
                        }}
                        onBlur={() => touch(`key-${row.id}`)}
                      />
                      <span className="value-eq" aria-hidden="true">
                        =
                      </span>
                      <input
                        type="text"
                        className="input mono"
                        aria-label={`Value ${i + 1}`}
                        placeholder="value"
                        spellCheck={false}
                        autoComplete="off"
                        value={row.value}
                        aria-invalid={!!valueError}
                        aria-describedby={keyError || valueError ? errorId : undefined}
                        onChange={(e) => setRow(row.id, { value: e.target.value })}
                        onBlur={() => touch(`value-${row.id}`)}
                      />
                      <button
                        type="button"
                        className="btn btn-ghost btn-small"
                        onClick={() => set('values', draft.values.filter((r) => r.id !== row.id))}
                        aria-label={`Remove value ${i + 1}${row.key ? ` (${row.key})` : ''}`}
                      >
                        Remove
                      </button>
                      {keyError || valueError ? (
                        <p id={errorId} className="field-error value-error">
                          {[keyError, valueError].filter(Boolean).join(' ')}
                        </p>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            ) : null}
            <button type="button" className="btn btn-small" onClick={addRow} data-testid="value-add">
              Add a value
            </button>
          </details>
        </fieldset>
      </div>
    </StepPanel>
  );
}

interface Choice<T extends string> {
  id: T;
  label: string;
  description: string;
  /** The test id of the radio button itself (`labelTestId`: of the whole choice). */
  testId?: string;
  labelTestId?: string;
}

/** Radio buttons as cards: each choice's name and what it means; the recommended one marked "Default". */
function RadioChoices<T extends string>({ name, choices, value, recommended, onChange }: { name: string; choices: readonly Choice<T>[]; value: T; recommended: T; onChange(id: T): void }) {
  return (
    <div className="choice-list">
      {choices.map((c) => (
        <label key={c.id} className="choice" data-testid={c.labelTestId}>
          <input type="radio" name={name} value={c.id} checked={value === c.id} onChange={() => onChange(c.id)} data-testid={c.testId} />
          <span className="choice-text">
            <span className="choice-label">
              {c.label}
              {c.id === recommended ? <span className="tag tag-accent">Default</span> : null}
            </span>
            <span className="choice-description">{c.description}</span>
          </span>
        </label>
      ))}
    </div>
  );
}
