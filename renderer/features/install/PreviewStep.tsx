import { useId, useState, type Ref } from 'react';
import type { RpcErrorShape } from '../../../main/contract/errors.js';
import { INSTALL_ORDER, type InstallOptions, type InstallPhase, type InstallPreview } from '../../../main/contract/install.js';
import { Skeleton, Spinner } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { copyText, downloadText } from './download.js';
import { describeOptions } from './options.js';
import { PHASE_LABEL } from './progress.js';
import { StepPanel, WizardNav } from './StepPanel.js';
import { exportFileName } from './steps.js';

interface Props {
  context: string;
  headingRef: Ref<HTMLHeadingElement>;
  options: InstallOptions | undefined;
  preview: InstallPreview | undefined;
  error: RpcErrorShape | undefined;
  loading: boolean;
  /** The preview for these options is there, rendered without error: only then can it be installed. */
  ready: boolean;
  /** An unfinished install is resumed: the button says so. */
  resume?: boolean;
  /** The install is checking or running: the Install button says so. */
  applyState: 'idle' | 'checking' | 'running';
  onReload(): void;
  onBack(): void;
  onApply(): void;
}

export function PreviewStep({ context, headingRef, options, preview, error, loading, ready, resume = false, applyState, onReload, onBack, onApply }: Props) {
  const busy = applyState !== 'idle' || !ready;
  return (
    <StepPanel
      step="preview"
      title="Preview"
      headingRef={headingRef}
      intro="Exactly what will be applied to the cluster, rendered by the pinned istioctl. Nothing has changed yet."
      footer={
        <WizardNav
          onBack={onBack}
          next={
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                if (!busy && options) onApply();
              }}
              aria-disabled={busy || !options}
              data-testid="install-apply"
            >
              {applyState === 'checking' ? 'Checking the cluster…' : applyState === 'running' ? 'Installing…' : resume ? 'Resume the install' : 'Install Istio'}
            </button>
          }
          blockedReason={
            applyState === 'checking'
              ? 'The options changed since the precheck: checking again before installing.'
              : applyState === 'running'
                ? undefined
                : error && !loading
                  ? 'The preview failed: nothing can be installed until it renders. Try again above.'
                  : !ready
                    ? 'Install opens once the preview is rendered.'
                    : undefined
          }
        />
      }
    >
      {options ? <p className="muted">With: {describeOptions(options)}</p> : null}
      <div aria-live="polite" aria-busy={loading}>
        {preview ? (
          <PreviewBody preview={preview} />
        ) : error ? (
          <ErrorExplanation
            error={error}
            context={context}
            testId="preview-error"
            retry={{ label: 'Try again', onClick: onReload }}
          />
        ) : loading ? (
          <div className="checklist-loading">
            <Spinner label="Rendering the manifest with istioctl…" />
            <Skeleton lines={6} className="checklist-skeleton" />
          </div>
        ) : null}
      </div>
    </StepPanel>
  );
}

function PreviewBody({ preview }: { preview: InstallPreview }) {
  const countsId = useId();
  const imagesId = useId();
  const objectsId = useId();
  const yamlId = useId();
  const counts = Object.entries(preview.countsByKind).sort(([a], [b]) => a.localeCompare(b));
  const total = counts.reduce((n, [, c]) => n + c, 0);
  const byPhase = new Map<InstallPhase, InstallPreview['objects']>();
  for (const o of preview.objects) byPhase.set(o.phase, [...(byPhase.get(o.phase) ?? []), o]);
  const lines = preview.yaml.split('\n').length;

  return (
    <div className="preview" data-testid="preview">
      <dl className="facts preview-facts">
        <dt>Istio version</dt>
        <dd className="mono" data-testid="preview-version">
          {preview.version}
        </dd>
        <dt>Revision</dt>
        <dd data-testid="preview-revision">{preview.revision}</dd>
        <dt>Objects</dt>
        <dd>{total}</dd>
      </dl>

      <div className="preview-grid">
        <section aria-labelledby={countsId}>
          <h3 id={countsId}>Objects by kind</h3>
          <table className="table table-compact" data-testid="preview-counts">
            <caption className="sr-only">Number of objects of each kind in the manifest</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Count
                </th>
              </tr>
            </thead>
            <tbody>
              {counts.map(([kind, n]) => (
                <tr key={kind} data-testid={`preview-count-${kind}`}>
                  <th scope="row" className="row-head">
                    {kind}
                  </th>
                  <td className="num">{n}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" className="row-head">
                  Total
                </th>
                <td className="num">{total}</td>
              </tr>
            </tfoot>
          </table>
        </section>
        <section aria-labelledby={imagesId}>
          <h3 id={imagesId}>Images</h3>
          {preview.images.length ? (
            <ul className="image-list" data-testid="preview-images">
              {preview.images.map((image) => (
                <li key={image} className="mono break">
                  {image}
                  {/@sha256:[0-9a-f]{64}$/.test(image) ? <span className="tag tag-accent image-pinned">pinned by digest</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No container image outside the injector’s templates.</p>
          )}
          <p className="field-hint">The sidecar image is set by the injector when workloads join the mesh.</p>
        </section>
      </div>

      <section aria-labelledby={objectsId} className="preview-section">
        <h3 id={objectsId}>Objects, in the order they are applied</h3>
        <div className="phase-groups">
          {INSTALL_ORDER.filter((p) => byPhase.has(p)).map((phase) => {
            const objects = byPhase.get(phase) ?? [];
            return (
              <details key={phase} className="phase-group" data-testid={`preview-phase-${phase}`}>
                <summary>
                  {PHASE_LABEL[phase]} <span className="muted">({objects.length})</span>
                </summary>
                <ul className="object-list">
                  {objects.map((o) => (
                    <li key={`${o.kind}/${o.namespace ?? ''}/${o.name}`}>
                      <span className="object-kind">{o.kind}</span> <span className="mono break">{o.namespace ? `${o.namespace}/${o.name}` : o.name}</span>
                    </li>
                  ))}
                </ul>
              </details>
            );
          })}
        </div>
      </section>

      <section aria-labelledby={yamlId} className="preview-section">
        <div className="section-head">
          <h3 id={yamlId}>Manifest</h3>
          <YamlActions preview={preview} />
        </div>
        <p className="field-hint">
          {lines.toLocaleString()} lines of YAML, exactly as applied. Export it to keep it in Git (GitOps) or apply it with your own tools.
        </p>
        {/* Focusable so keyboard users can scroll it. */}
        <pre className="yaml" tabIndex={0} aria-label="Install manifest (YAML)" data-testid="preview-yaml">
          {preview.yaml}
        </pre>
      </section>
    </div>
  );
}

function YamlActions({ preview }: { preview: InstallPreview }) {
  const [message, setMessage] = useState('');
  const fileName = exportFileName(preview.version, preview.revision);
  return (
    <div className="yaml-actions">
      <span role="status" className="muted yaml-status">
        {message}
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={async () => {
          const ok = await copyText(preview.yaml);
          setMessage(ok ? 'Copied to the clipboard.' : 'Could not copy: select the text below and copy it.');
        }}
        data-testid="preview-copy"
      >
        Copy
      </button>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          downloadText(fileName, preview.yaml);
          setMessage(`Exported as ${fileName}.`);
        }}
        data-testid="preview-export"
      >
        Export YAML
      </button>
    </div>
  );
}
