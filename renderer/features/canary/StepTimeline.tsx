import type { CanaryView } from '../../../main/contract/canary.js';
import { timelineOf, type TimelineStep } from './timeline.js';

const STATE_WORDS: Record<TimelineStep['state'], string> = {
  passed: 'passed',
  current: 'current step',
  stopped: 'stopped here',
  waiting: 'waits for approval',
  ahead: 'not reached',
};

/** The plan's steps in order, the current one highlighted (and named for screen readers with aria-current). */
export function StepTimeline({ view }: { view: CanaryView }) {
  const steps = timelineOf(view);
  return (
    <ol className="timeline" aria-label="Steps of the rollout" data-testid="canary-timeline">
      {steps.map((s) => (
        <li
          key={s.index}
          className={`timeline-step timeline-${s.state}${s.state === 'stopped' && view.state.phase === 'aborted' ? ' timeline-aborted' : ''}`}
          aria-current={s.state === 'current' || s.state === 'stopped' ? 'step' : undefined}
          data-testid="timeline-step"
          data-state={s.state}
        >
          <span className="timeline-marker" aria-hidden="true">
            {s.state === 'passed' ? '✓' : s.state === 'stopped' ? '✕' : s.index + 1}
          </span>
          <span className="timeline-text">
            <span className="timeline-weight">{s.weight}%</span>
            <span className="timeline-state">
              Step {s.index + 1} · {STATE_WORDS[s.state]}
              {s.approval ? ' · needs approval' : ''}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}
