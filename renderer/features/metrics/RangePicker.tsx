import { useId } from 'react';
import { RANGES, type RangeSeconds } from './ranges.js';

interface Props {
  value: number;
  onChange(seconds: RangeSeconds): void;
  testId?: string;
}

/** 5m · 15m · 1h · 6h · 24h, as radio buttons (arrow keys move between them). */
export function RangePicker({ value, onChange, testId = 'range-picker' }: Props) {
  const name = useId();
  return (
    <fieldset className="segmented" data-testid={testId}>
      <legend className="sr-only">Time range</legend>
      {RANGES.map((r) => (
        <label key={r.seconds} className="segment" title={r.words}>
          <input type="radio" name={name} value={r.seconds} checked={value === r.seconds} onChange={() => onChange(r.seconds)} data-testid={`range-${r.label}`} />
          <span>
            {r.label}
            <span className="sr-only"> ({r.words})</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
