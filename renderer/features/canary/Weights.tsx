import type { CanaryView } from '../../../main/contract/canary.js';

/** The current split, as words and as a bar; and how long the step still holds before it is judged. */
export function Weights({ view }: { view: CanaryView }) {
  const { spec, state, holdRemaining } = view;
  const canary = state.weight;
  const held = holdRemaining !== undefined ? Math.max(0, Math.min(1, 1 - holdRemaining / spec.holdSeconds)) : undefined;
  return (
    <div className="weights" data-testid="canary-weights" data-weight={canary}>
      <p className="weights-words">
        <span className="weights-canary">
          <strong>{canary}%</strong> to <span className="mono">{spec.canaryVersion}</span> (canary)
        </span>
        <span className="weights-stable">
          <strong>{100 - canary}%</strong> to <span className="mono">{spec.stableVersion}</span> (stable)
        </span>
      </p>
      <div className="weights-bar" aria-hidden="true">
        <span className="weights-bar-canary" style={{ width: `${canary}%` }} />
      </div>
      {holdRemaining !== undefined ? (
        <div className="hold" data-testid="canary-hold" data-remaining={holdRemaining}>
          <p>
            Hold: <strong>{holdRemaining} s</strong> left of {spec.holdSeconds} s before this step is judged.
          </p>
          <div className="hold-bar" aria-hidden="true">
            <span style={{ width: `${Math.round((held ?? 0) * 100)}%` }} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
