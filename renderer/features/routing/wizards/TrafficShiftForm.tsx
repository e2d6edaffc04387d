import type { TrafficShiftForm as Form } from './wizard-forms.js';
import { Field } from './FormParts.js';

interface Props {
  id: string;
  form: Form;
  onChange(form: Form): void;
  errors: Record<string, string>;
}

/** Destinations of the catch-all rule and their weights (relative: the core says the effective split). */
export function TrafficShiftForm({ id, form, onChange, errors }: Props) {
  const setSplit = (i: number, change: Partial<Form['splits'][number]>) => onChange({ ...form, splits: form.splits.map((s, j) => (j === i ? { ...s, ...change } : s)) });
  return (
    <div className="wz-form" data-testid="wizard-form-traffic-shift">
      <p className="muted">The rule without match conditions (it takes what no other rule takes): its destinations and their weights.</p>
      <ol className="wz-rows">
        {form.splits.map((s, i) => (
          <li key={i} className="wz-row" data-testid="wizard-split">
            <Field id={id} path={`splits.${i}.subset`} label="Subset" hint="As the DestinationRule names it." value={s.subset} onChange={(v) => setSplit(i, { subset: v })} errors={errors} testId={`wizard-split-subset-${i}`} />
            <Field id={id} path={`splits.${i}.weight`} label="Weight" hint="0 to 100, relative." value={s.weight} onChange={(v) => setSplit(i, { weight: v })} errors={errors} testId={`wizard-split-weight-${i}`} maxLength={3} />
            <Field id={id} path={`splits.${i}.host`} label="Host" hint="Empty: the rule’s own." value={s.host} onChange={(v) => setSplit(i, { host: v })} errors={errors} />
            <button type="button" className="btn btn-small btn-ghost wz-remove" onClick={() => onChange({ ...form, splits: form.splits.filter((_, j) => j !== i) })} disabled={form.splits.length === 1} aria-label={`Remove destination ${i + 1}`}>
              Remove
            </button>
          </li>
        ))}
      </ol>
      {errors.splits ? <p className="field-error">{errors.splits}</p> : null}
      <button type="button" className="btn btn-small" onClick={() => onChange({ ...form, splits: [...form.splits, { subset: '', weight: '0', host: '' }] })} disabled={form.splits.length >= 20} data-testid="wizard-split-add">
        Add a destination
      </button>
    </div>
  );
}
