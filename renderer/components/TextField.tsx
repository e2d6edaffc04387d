import type { ReactNode } from 'react';

interface InputProps {
  id: string;
  value: string;
  onChange(value: string): void;
  onBlur?(): void;
  /** Marks the input invalid for assistive technology (and draws it red). */
  invalid?: boolean;
  /** Ids of what describes it: its hint, its error. */
  describedBy?: string | undefined;
  placeholder?: string;
  maxLength?: number;
  /** Names, paths and values are shown in the monospace font (the default). */
  mono?: boolean;
  /** The id of a <datalist> of suggestions. */
  list?: string;
  testId?: string;
}

/** A one-line text input as the forms have it: no spell check, no autofill, its state for screen readers. */
export function TextInput({ id, value, onChange, onBlur, invalid = false, describedBy, placeholder, maxLength, mono = true, list, testId }: InputProps) {
  return (
    <input
      id={id}
      type="text"
      className={mono ? 'input mono' : 'input'}
      value={value}
      placeholder={placeholder}
      spellCheck={false}
      autoComplete="off"
      maxLength={maxLength}
      list={list}
      aria-invalid={invalid}
      aria-describedby={describedBy || undefined}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
      data-testid={testId}
    />
  );
}

interface FieldProps extends Omit<InputProps, 'describedBy' | 'invalid'> {
  label: ReactNode;
  hint: ReactNode;
  /** What is wrong, shown under the hint (undefined: nothing). */
  error: string | undefined;
  /** Invalid for another reason than `error` (a complaint shown elsewhere, named by `alsoDescribedBy`). */
  invalid?: boolean;
  alsoDescribedBy?: string | undefined;
}

/** A labelled text field: the input, a hint under it, and what is wrong with it (ids `<id>-hint`, `<id>-error`). */
export function TextField({ label, hint, error, invalid, alsoDescribedBy, ...input }: FieldProps) {
  const hintId = `${input.id}-hint`;
  const errorId = `${input.id}-error`;
  return (
    <div className="field">
      <label htmlFor={input.id}>{label}</label>
      <TextInput {...input} invalid={invalid ?? !!error} describedBy={[hintId, error ? errorId : '', alsoDescribedBy ?? ''].filter(Boolean).join(' ')} />
      <p id={hintId} className="field-hint">
        {hint}
      </p>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
