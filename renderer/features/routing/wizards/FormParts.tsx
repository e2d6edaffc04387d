import type { ReactNode } from 'react';
import { TextField } from '../../../components/TextField.js';

/** A field of a wizard's form: its error is the contract's, found by the field's path. */
export function Field({ id, path, label, hint, value, onChange, errors, testId, maxLength = 253 }: { id: string; path: string; label: string; hint: ReactNode; value: string; onChange(value: string): void; errors: Record<string, string>; testId?: string; maxLength?: number }) {
  return <TextField id={`${id}-${path.replaceAll('.', '-')}`} label={label} hint={hint} error={errors[path]} value={value} onChange={onChange} maxLength={maxLength} {...(testId ? { testId } : {})} />;
}

/** A switch that turns a part of the wizard on or off (a delay, retries, a mirror). */
export function Switch({ id, label, checked, onChange, children, testId }: { id: string; label: string; checked: boolean; onChange(on: boolean): void; children?: ReactNode; testId?: string }) {
  return (
    <fieldset className="wz-part">
      <legend>
        <label htmlFor={id} className="wz-switch">
          <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
          {label}
        </label>
      </legend>
      {checked ? <div className="wz-part-fields">{children}</div> : null}
    </fieldset>
  );
}

/** The rule a per-rule wizard edits (0 is the first of spec.http, as the simulator counts). */
export function RuleField({ id, rule, onRule }: { id: string; rule: number; onRule(rule: number): void }) {
  return (
    <div className="field wz-rule">
      <label htmlFor={`${id}-rule`}>HTTP rule</label>
      <input
        id={`${id}-rule`}
        type="number"
        min={0}
        step={1}
        className="input mono"
        value={rule}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (Number.isInteger(n) && n >= 0) onRule(n);
        }}
        aria-describedby={`${id}-rule-hint`}
        data-testid="wizard-rule"
      />
      <p id={`${id}-rule-hint`} className="field-hint">
        Which rule of spec.http: 0 is the first (as the simulator counts them).
      </p>
    </div>
  );
}
