import { useId } from 'react';
import type { MeshPlane, NamespaceRow } from '../../../main/contract/inventory.js';
import { currentChoice, revisionOptions, type TargetChoice } from './mesh-target.js';

interface Props {
  namespace: NamespaceRow;
  plane: MeshPlane;
  choice: TargetChoice | undefined;
  revision: string;
  onChoose(choice: TargetChoice, revision: string): void;
  disabled?: boolean;
}

/** The four ways a namespace can be in (or out of) the mesh, as radio buttons; the revision or tag from a select. */
export function TargetPicker({ namespace, plane, choice, revision, onChoose, disabled = false }: Props) {
  const name = useId();
  const ids = { revision: useId(), ambient: useId(), select: useId() };
  const current = currentChoice(namespace);
  const options = revisionOptions(plane);
  const defaultTag = plane.tags.find((t) => t.tag === 'default');
  const currentTag = (c: TargetChoice) => (current === c ? <span className="tag tag-accent">current</span> : null);

  return (
    <fieldset className="field-group mesh-targets" disabled={disabled}>
      <legend>Target</legend>
      <div className="mesh-target-list">
        <label className="choice">
          <input
            type="radio"
            name={name}
            value="sidecar-default"
            checked={choice === 'sidecar-default'}
            onChange={() => onChoose('sidecar-default', revision)}
            data-testid="mesh-target-sidecar-default"
          />
          <span className="choice-text">
            <span className="choice-label">Sidecar injection — default revision {currentTag('sidecar-default')}</span>
            <span className="choice-description">
              Sets <code>istio-injection=enabled</code>. New pods get the proxy of the default revision
              {defaultTag ? ` (tag default → revision ${defaultTag.revision})` : ''}.
            </span>
          </span>
        </label>

        <div className="choice choice-with-select">
          <label className="choice-main">
            <input
              type="radio"
              name={name}
              value="sidecar-revision"
              checked={choice === 'sidecar-revision'}
              disabled={options.length === 0}
              aria-describedby={ids.revision}
              onChange={() => onChoose('sidecar-revision', revision)}
              data-testid="mesh-target-sidecar-revision"
            />
            <span className="choice-text">
              <span className="choice-label">Sidecar injection — revision or tag {currentTag('sidecar-revision')}</span>
              <span className="choice-description" id={ids.revision}>
                {options.length > 0 ? (
                  <>
                    Sets <code>istio.io/rev</code>. A tag lets you move namespaces to a new revision later by moving the tag.
                  </>
                ) : (
                  'Not available: no control-plane revision or tag was found.'
                )}
              </span>
            </span>
          </label>
          {options.length > 0 ? (
            <span className="choice-select">
              <label htmlFor={ids.select} className="sr-only">
                Revision or tag
              </label>
              <select
                id={ids.select}
                className="input"
                value={revision}
                onChange={(e) => onChoose('sidecar-revision', e.target.value)}
                data-testid="mesh-target-revision"
              >
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </span>
          ) : null}
        </div>

        <label className="choice">
          <input
            type="radio"
            name={name}
            value="ambient"
            checked={choice === 'ambient'}
            disabled={!plane.ambient}
            aria-describedby={ids.ambient}
            onChange={() => onChoose('ambient', revision)}
            data-testid="mesh-target-ambient"
          />
          <span className="choice-text">
            <span className="choice-label">Ambient {currentTag('ambient')}</span>
            <span className="choice-description" id={ids.ambient}>
              {plane.ambient ? (
                <>
                  Sets <code>istio.io/dataplane-mode=ambient</code>. ztunnel on each node carries the traffic; pods need no sidecar and no restart.
                </>
              ) : (
                'Not available: no ambient data plane (ztunnel) runs in this cluster. Install Istio with the ambient profile first.'
              )}
            </span>
          </span>
        </label>

        <label className="choice">
          <input
            type="radio"
            name={name}
            value="none"
            checked={choice === 'none'}
            onChange={() => onChoose('none', revision)}
            data-testid="mesh-target-none"
          />
          <span className="choice-text">
            <span className="choice-label">Out of the mesh {currentTag('none')}</span>
            <span className="choice-description">Removes the mesh labels. Running pods keep their proxy until they restart.</span>
          </span>
        </label>
      </div>
    </fieldset>
  );
}
