import type { CheckResult } from '../../main/contract/install.js';
import { Badge, type Tone } from './ui.js';
import './checklist.css';

const CHECK_STATUS: Record<CheckResult['status'], { tone: Tone; label: string }> = {
  pass: { tone: 'ok', label: 'Pass' },
  warn: { tone: 'warn', label: 'Warning' },
  fail: { tone: 'error', label: 'Failed' },
};

/** A checklist: each check's verdict (badge with icon and word), what was found, and the fix when it did not pass. */
export function CheckList({ checks, testIdPrefix, label }: { checks: readonly CheckResult[]; testIdPrefix: string; label: string }) {
  return (
    <ul className="checklist" aria-label={label}>
      {checks.map((c) => {
        const status = CHECK_STATUS[c.status];
        return (
          <li key={c.id} className={`check check-${c.status}`} data-testid={`${testIdPrefix}-${c.id}`} data-status={c.status}>
            <span className="check-badge">
              <Badge tone={status.tone}>{status.label}</Badge>
            </span>
            <div className="check-body">
              <p className="check-title">{c.title}</p>
              <p className="check-detail">{c.detail}</p>
              {c.fix && c.status !== 'pass' ? (
                <p className="check-fix">
                  <span className="check-fix-label">{c.status === 'fail' ? 'How to fix: ' : 'What to do: '}</span>
                  {c.fix}
                </p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
