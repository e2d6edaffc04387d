import { useId, useState } from 'react';
import type { WizardName, WizardState } from '../../../../main/contract/config.js';
import { toErrorShape, type RpcErrorShape } from '../../../../main/contract/errors.js';
import { useClient } from '../../../api/transport.js';
import { Dialog, DialogActions, useDialog } from '../../../components/Dialog.js';
import { Spinner } from '../../../components/ui.js';
import { ErrorExplanation } from '../../errors/ErrorExplanation.js';
import { DiffView } from '../editor/DiffView.js';
import { WIZARDS } from './catalogue.js';
import { RequestRoutingForm } from './RequestRoutingForm.js';
import { CircuitBreakerForm, FaultForm, MirrorForm, TimeoutsForm } from './RuleForms.js';
import { TrafficShiftForm } from './TrafficShiftForm.js';
import { useWizardPreview } from './useWizardPreview.js';
import { useWizardProbe, type Availability } from './useWizardProbe.js';
import { toForm, type FormOf } from './wizard-forms.js';

interface Props {
  context: string;
  /** The document the wizard edits (one object). */
  text: string;
  /** Names the object: "VirtualService shop/reviews". */
  label: string;
  /** The wizard's YAML goes into the editor (the user reviews and applies it from there). */
  onInsert(yaml: string): void;
  onClose(): void;
}

/** Why a wizard cannot edit this object, in the core's words. */
const unavailableWords = (a: Extract<Availability, { status: 'unavailable' }>) => a.error.detail ?? a.error.message;

/** The wizards over the open object: pick one, edit its form, see the YAML the core writes, put it into the editor. */
export function WizardDialog({ context, text, label, onInsert, onClose }: Props) {
  const dialog = useDialog();
  const probe = useWizardProbe(text);
  const [chosen, setChosen] = useState<WizardName | undefined>();
  const ready = chosen ? probe[chosen] : undefined;
  return (
    <Dialog dialog={dialog} wide className="wz-dialog" testId="wizard-dialog" onClose={onClose}>
      <div className="dialog-body">
        <h2 id={dialog.titleId} className="dialog-title">
          Wizards · {label}
        </h2>
        <div className="wz-layout">
          <ul className="wz-list" aria-label="Wizards">
            {WIZARDS.map((w) => {
              const a = probe[w.id];
              return (
                <li key={w.id}>
                  <button
                    type="button"
                    className="wz-choice"
                    aria-pressed={chosen === w.id}
                    disabled={a.status !== 'ready'}
                    aria-describedby={`${dialog.titleId}-${w.id}`}
                    onClick={() => setChosen(w.id)}
                    data-testid={`wizard-${w.id}`}
                    data-available={a.status === 'ready'}
                  >
                    <span className="wz-choice-title">{w.title}</span>
                    <span id={`${dialog.titleId}-${w.id}`} className="wz-choice-purpose">
                      {a.status === 'unavailable' ? `Not for this object: ${unavailableWords(a)}` : a.status === 'asking' ? 'Checking…' : w.purpose}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          <div className="wz-body">
            {chosen && ready?.status === 'ready' ? (
              <WizardPanel key={chosen} context={context} text={text} wizard={chosen} initial={ready.state} onInsert={onInsert} onCancel={dialog.close} />
            ) : (
              <>
                <p className="muted">Choose a wizard. Each edits only its own fields; the rest of the object stays as it is.</p>
                <DialogActions onCancel={dialog.close}>{null}</DialogActions>
              </>
            )}
          </div>
        </div>
      </div>
    </Dialog>
  );
}

interface PanelProps {
  context: string;
  text: string;
  wizard: WizardName;
  initial: WizardState;
  onInsert(yaml: string): void;
  onCancel(): void;
}

function WizardPanel({ context, text, wizard, initial: first, onInsert, onCancel }: PanelProps) {
  const id = useId();
  const client = useClient();
  const [initial, setInitial] = useState(first);
  const [form, setForm] = useState<FormOf[WizardName]>(() => toForm[wizard](first.state as never));
  const [ruleError, setRuleError] = useState<RpcErrorShape | undefined>();
  const preview = useWizardPreview(context, text, wizard, initial, form as never);

  // Another rule: the wizard reads the object again at that rule (the core says if there is none).
  const onRule = (rule: number) => {
    setRuleError(undefined);
    client.call('config.wizardRead', { wizard, text, rule }).then(
      (state) => {
        setInitial(state);
        setForm(toForm[wizard](state.state as never));
      },
      (err: unknown) => setRuleError(toErrorShape(err)),
    );
  };

  const common = { id, errors: preview.errors, onRule };
  const split = preview.findings.filter((f) => f.code === 'MD120');
  return (
    <>
      {wizard === 'traffic-shift' ? <TrafficShiftForm {...common} form={form as FormOf['traffic-shift']} onChange={setForm} /> : null}
      {wizard === 'request-routing' ? <RequestRoutingForm {...common} form={form as FormOf['request-routing']} onChange={setForm} /> : null}
      {wizard === 'fault' ? <FaultForm {...common} form={form as FormOf['fault']} onChange={setForm} /> : null}
      {wizard === 'timeouts' ? <TimeoutsForm {...common} form={form as FormOf['timeouts']} onChange={setForm} /> : null}
      {wizard === 'circuit-breaker' ? <CircuitBreakerForm {...common} form={form as FormOf['circuit-breaker']} onChange={setForm} /> : null}
      {wizard === 'mirror' ? <MirrorForm {...common} form={form as FormOf['mirror']} onChange={setForm} /> : null}
      {ruleError ? <ErrorExplanation error={ruleError} context={context} tone="warning" testId="wizard-rule-error" /> : null}

      {wizard === 'traffic-shift' ? (
        <p className="wz-split" role="status" data-testid="wizard-split-effective">
          {split.map((f) => f.message).join(' ')}
        </p>
      ) : null}

      <section className="wz-preview" aria-label="What the wizard changes">
        <h3>What changes</h3>
        {Object.keys(preview.errors).length ? (
          <p className="field-error" data-testid="wizard-invalid">
            Fix the fields marked above; nothing is written until they are right.
          </p>
        ) : preview.error ? (
          <ErrorExplanation error={preview.error} context={context} testId="wizard-error" />
        ) : preview.busy || preview.yaml === undefined ? (
          <Spinner label="Writing the YAML…" />
        ) : preview.changed ? (
          <DiffView original={text} modified={preview.yaml} originalTitle="The editor now" modifiedTitle="With the wizard’s change" label="The wizard’s change to the document" testId="wizard-diff" compact />
        ) : (
          <p className="muted" data-testid="wizard-unchanged">
            No change: the object stays exactly as it is.
          </p>
        )}
      </section>
      <DialogActions onCancel={onCancel}>
        <button type="button" className="btn btn-primary" disabled={!preview.changed || preview.yaml === undefined} onClick={() => preview.yaml !== undefined && onInsert(preview.yaml)} data-testid="wizard-insert">
          Put into the editor
        </button>
      </DialogActions>
    </>
  );
}
