import './toggle.css';

interface Props {
  pressed: boolean;
  onToggle(): void;
  label: string;
  /** How many rows it would keep. */
  count: number;
  testId?: string;
}

/** A quick filter: a pill button, pressed or not, with how many rows it keeps. */
export function Toggle({ pressed, onToggle, label, count, testId }: Props) {
  return (
    <button type="button" className="toggle" aria-pressed={pressed} onClick={onToggle} data-testid={testId}>
      <span className="toggle-check" aria-hidden="true">
        {pressed ? '✓' : ''}
      </span>
      {label}
      <span className="toggle-count">{count}</span>
    </button>
  );
}
