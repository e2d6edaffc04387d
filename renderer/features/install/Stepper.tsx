import { useRef, type KeyboardEvent } from 'react';
import { STEPS, type StepId } from './steps.js';

export type StepStatus = 'complete' | 'current' | 'upcoming' | 'problem';

export interface StepInfo {
  status: StepStatus;
  available: boolean;
  /** Why the step cannot be opened now. */
  reason?: string;
}

const STATUS_WORDS: Record<StepStatus, string> = {
  complete: 'done',
  current: 'current step',
  upcoming: 'not done yet',
  problem: 'needs attention',
};

interface Props {
  current: StepId;
  info: Record<StepId, StepInfo>;
  onSelect(step: StepId): void;
}

/**
 * Every step, always visible, as a list of buttons: Tab or the arrow keys move between them, Enter opens one.
 * A step that cannot be opened yet says why when chosen (the wizard shows the reason).
 */
export function Stepper({ current, info, onSelect }: Props) {
  const listRef = useRef<HTMLOListElement>(null);

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const buttons = Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
    let target: number | undefined;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') target = (index + 1) % buttons.length;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') target = (index - 1 + buttons.length) % buttons.length;
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = buttons.length - 1;
    if (target === undefined) return;
    event.preventDefault();
    buttons[target]?.focus();
  }

  return (
    <nav aria-label="Install steps" className="stepper" data-testid="install-stepper">
      <ol ref={listRef}>
        {STEPS.map((s, i) => {
          const step = info[s.id];
          const active = s.id === current;
          const status: StepStatus = active ? 'current' : step.status;
          return (
            <li key={s.id} className={`stepper-item stepper-${status}${step.available ? '' : ' stepper-unavailable'}`}>
              <button
                type="button"
                className="stepper-button"
                aria-current={active ? 'step' : undefined}
                aria-disabled={!step.available && !active ? true : undefined}
                data-testid={`install-stepper-${s.id}`}
                data-status={status}
                onClick={() => onSelect(s.id)}
                onKeyDown={(e) => onKeyDown(e, i)}
                title={!step.available && step.reason ? step.reason : undefined}
              >
                <span className="stepper-mark" aria-hidden="true">
                  {status === 'complete' ? '✓' : status === 'problem' ? '!' : i + 1}
                </span>
                <span className="stepper-label">{s.label}</span>
                <span className="sr-only">
                  {' '}
                  (step {i + 1} of {STEPS.length}, {STATUS_WORDS[status]}
                  {!step.available && !active ? ', not available yet' : ''})
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
