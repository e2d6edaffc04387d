import { useId, type ReactNode } from 'react';
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

/** One of the four targets, as its radio shows it. */
interface Target {
  value: TargetChoice;
  label: string;
  description: ReactNode;
  /** Set on a target the cluster may not offer: its radio is disabled while `missing`, and described by the text (then `why`). */
  offer?: { missing: boolean; why: string };
  /** The revision or tag select stands beside it. */
  withSelect?: boolean;
}

/** The four ways a namespace can be in (or out of) the mesh, as radio buttons; the revision or tag from a select. */
export function TargetPicker({ namespace, plane, choice, revision, onChoose, disabled = false }: Props) {
  const name = useId();
  const descriptionIds = useId();
  const selectId = useId();
  const current = currentChoice(namespace);
  const options = revisionOptions(plane);
  const defaultTag = plane.tags.find((t) => t.tag === 'default');

  const targets: readonly Target[] = [
    {
      value: 'sidecar-default',
      label: 'Sidecar injection — default revision',
      description: (
        <>
          Sets <code>istio-injection=enabled</code>. New pods get the proxy of the default revision
          {defaultTag ? ` (tag default → revision ${defaultTag.revision})` : ''}.
        </>
      ),
    },
    {
      value: 'sidecar-revision',
      label: 'Sidecar injection — revision or tag',
      description: (
        <>
          Sets <code>istio.io/rev</code>. A tag lets you move namespaces to a new revision later by moving the tag.
        </>
      ),
      offer: { missing: options.length === 0, why: 'Not available: no control-plane revision or tag was found.' },
      withSelect: true,
    },
    {
      value: 'ambient',
      label: 'Ambient',
      description: (
        <>
          Sets <code>istio.io/dataplane-mode=ambient</code>. ztunnel on each node carries the traffic; pods need no sidecar and no restart.
        </>
      ),
      // The core says why when it is missing (reason ambient-unavailable): what is absent, and that Meshdeck cannot add it yet.
      offer: { missing: !plane.ambient, why: `Not available. ${plane.ambientRefusal?.reason === 'ambient-unavailable' ? plane.ambientRefusal.message : 'No ztunnel runs in this cluster.'}` },
    },
    { value: 'none', label: 'Out of the mesh', description: 'Removes the mesh labels. Running pods keep their proxy until they restart.' },
  ];

  const revisionSelect =
    options.length > 0 ? (
      <span className="choice-select">
        <label htmlFor={selectId} className="sr-only">
          Revision or tag
        </label>
        <select id={selectId} className="input" value={revision} onChange={(e) => onChoose('sidecar-revision', e.target.value)} data-testid="mesh-target-revision">
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </span>
    ) : null;

  return (
    <fieldset className="field-group mesh-targets" disabled={disabled}>
      <legend>Target</legend>
      <div className="mesh-target-list">
        {targets.map((t) => {
          const descriptionId = t.offer ? `${descriptionIds}-${t.value}` : undefined;
          const radio = (
            <label key={t.value} className={t.withSelect ? 'choice-main' : 'choice'}>
              <input
                type="radio"
                name={name}
                value={t.value}
                checked={choice === t.value}
                disabled={t.offer?.missing}
                aria-describedby={descriptionId}
                onChange={() => onChoose(t.value, revision)}
                data-testid={`mesh-target-${t.value}`}
              />
              <span className="choice-text">
                <span className="choice-label">
                  {t.label} {current === t.value ? <span className="tag tag-accent">current</span> : null}
                </span>
                <span className="choice-description" id={descriptionId}>
                  {t.offer?.missing ? t.offer.why : t.description}
                </span>
              </span>
            </label>
          );
          return t.withSelect ? (
            <div key={t.value} className="choice choice-with-select">
              {radio}
              {revisionSelect}
            </div>
          ) : (
            radio
          );
        })}
      </div>
    </fieldset>
  );
}
