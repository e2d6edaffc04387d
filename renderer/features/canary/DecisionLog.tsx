import type { CanaryView, SideFigures } from '../../../main/contract/canary.js';
import { Badge, formatTime } from '../../components/ui.js';
import { formatCount, formatMs, formatPercent } from '../metrics/format.js';
import { DECISION_ACTION_WORDS, VERDICT_WORDS } from './words.js';

/** "1,234 requests, 99.8% success, p99 45 ms": the figures a decision rested on. */
function figures(side: SideFigures | undefined): string | undefined {
  if (!side) return undefined;
  const parts = [`${formatCount(side.requests)} requests`];
  if (side.successRate !== null) parts.push(`${formatPercent(side.successRate)} success`);
  if (side.p99 !== null) parts.push(`p99 ${formatMs(side.p99)}`);
  return parts.join(', ');
}

/** Every decision, newest first: when, at which step, the verdict, what happened, why, on which figures, by whom. */
export function DecisionLog({ view }: { view: CanaryView }) {
  const { spec, state } = view;
  const decisions = [...state.decisions].reverse();
  return (
    <div className="decision-scroll" data-scroll-box tabIndex={0} role="region" aria-label="Decision log, newest first">
      <table className="table decision-log" data-testid="decision-log">
        <caption className="sr-only">Decisions of the rollout, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Step</th>
            <th scope="col">Verdict</th>
            <th scope="col">What happened</th>
            <th scope="col">Why</th>
            <th scope="col">Figures</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((d, i) => {
            const verdict = VERDICT_WORDS[d.verdict];
            const canary = figures(d.canary);
            const stable = figures(d.stable);
            return (
              <tr key={`${d.at}-${d.action}-${i}`} data-testid="decision" data-action={d.action} data-verdict={d.verdict}>
                <td className="nowrap">{formatTime(d.at)}</td>
                <td className="nowrap">
                  {d.step + 1} <span className="muted">({d.weight}%)</span>
                </td>
                <td>
                  <Badge tone={verdict.tone}>{verdict.label}</Badge>
                </td>
                <td>
                  {DECISION_ACTION_WORDS[d.action]}
                  <span className="muted decision-by"> by {d.by}</span>
                </td>
                <td className="decision-reason">{d.reason}</td>
                <td className="decision-figures">
                  {canary ? (
                    <span className="block">
                      <span className="mono">{spec.canaryVersion}</span>: {canary}
                    </span>
                  ) : null}
                  {stable ? (
                    <span className="block">
                      <span className="mono">{spec.stableVersion}</span>: {stable}
                    </span>
                  ) : null}
                  {!canary && !stable ? <span className="muted">—</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
