import type { RpcErrorShape } from '../../../main/contract/errors.js';
import type { MeshPlan, MeshTarget } from '../../../main/contract/inventory.js';
import { Spinner } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import { REFUSAL_TEXT } from '../errors/explain.js';
import { CheckList } from '../../components/CheckList.js';
import { labelChanges, type LabelChange } from './mesh-target.js';
import { plural } from './words.js';

interface Props {
  context: string;
  namespace: string;
  target: MeshTarget | undefined;
  plan: MeshPlan | undefined;
  planning: boolean;
  error: RpcErrorShape | undefined;
  onRetry(): void;
}

/** What a mesh change would do, before it is made: labels, checks, warnings, the refusal, and the restarts it calls for. */
export function PlanView({ context, namespace, target, plan, planning, error, onRetry }: Props) {
  const state = !target ? 'idle' : error ? 'error' : planning ? 'loading' : plan?.refusal ? 'refused' : plan?.unchanged ? 'unchanged' : plan ? 'ready' : 'loading';
  return (
    <section className="mesh-plan" data-testid="mesh-plan" data-state={state} aria-busy={planning} aria-label="The change">
      {!target ? (
        <p className="muted">Choose a target above. Meshdeck then shows the change and checks it; nothing changes until you press Apply.</p>
      ) : null}
      {target && planning ? <Spinner label={plan ? 'Checking the change again…' : 'Checking the change (a test pod is admitted in dry-run)…'} /> : null}
      {error && !planning ? (
        <ErrorExplanation
          error={error}
          context={context}
          retry={{ label: 'Check again', onClick: onRetry, quiet: true }}
        />
      ) : null}
      {plan && target ? <PlanDetails plan={plan} namespace={namespace} /> : null}
    </section>
  );
}

function PlanDetails({ plan, namespace }: { plan: MeshPlan; namespace: string }) {
  return (
    <>
      {plan.refusal ? (
        <div className="callout-error mesh-refusal" role="alert" data-testid="mesh-refusal">
          <p className="mesh-refusal-title">
            <span className="explanation-icon" aria-hidden="true">
              ✕
            </span>
            {REFUSAL_TEXT[plan.refusal.reason].title}
          </p>
          <p>{plan.refusal.message}</p>
          <p className="muted">{REFUSAL_TEXT[plan.refusal.reason].hint}</p>
        </div>
      ) : plan.unchanged ? (
        <p className="notice" data-testid="mesh-unchanged">
          Nothing to change: namespace {namespace} already has these labels.
        </p>
      ) : null}

      <div className="mesh-plan-part">
        <h3>Namespace labels</h3>
        <LabelDiff changes={labelChanges(plan)} />
        {plan.revision ? (
          <p className="muted">
            Pods will get the proxy of revision <span className="mono">{plan.revision}</span>.
          </p>
        ) : null}
      </div>

      {plan.warnings.length > 0 ? (
        <ul className="mesh-warnings" aria-label="Warnings">
          {plan.warnings.map((w) => (
            <li key={w}>
              <span className="explanation-icon" aria-hidden="true">
                !
              </span>
              {w}
            </li>
          ))}
        </ul>
      ) : null}

      {plan.checks.length > 0 ? (
        <div className="mesh-plan-part">
          <h3>Checks</h3>
          <CheckList checks={plan.checks} testIdPrefix="mesh-check" label="Checks of the change" />
        </div>
      ) : null}

      {!plan.unchanged && !plan.refusal ? <RestartPreview restart={plan.restart} /> : null}
    </>
  );
}

const MARK: Record<LabelChange['change'], string> = { added: '+', removed: '−', changed: '~', kept: ' ' };
const WORD: Record<LabelChange['change'], string> = { added: 'added', removed: 'removed', changed: 'changed', kept: 'kept' };

/** The mesh labels before → after, one line per label, marked added / removed / changed / kept (in words too). */
export function LabelDiff({ changes }: { changes: readonly LabelChange[] }) {
  if (changes.length === 0) return <p className="muted">No mesh label, before or after.</p>;
  return (
    <ul className="label-diff" data-testid="mesh-label-diff">
      {changes.map((c) => (
        <li key={c.key} className={`diff-${c.change}`} data-change={c.change} data-label={c.key}>
          <span className="diff-mark" aria-hidden="true">
            {MARK[c.change]}
          </span>
          <span className="mono">
            {c.change === 'changed' ? (
              <>
                {c.key}=<del>{c.before}</del> → <ins>{c.after}</ins>
              </>
            ) : (
              `${c.key}=${c.after ?? c.before ?? ''}`
            )}
          </span>
          <span className="diff-word">{WORD[c.change]}</span>
        </li>
      ))}
    </ul>
  );
}

const SHOWN = 8;

function RestartPreview({ restart }: { restart: MeshPlan['restart'] }) {
  if (restart.length === 0) {
    return <p className="muted">No running pod needs a restart for this change.</p>;
  }
  const more = restart.length - SHOWN;
  return (
    <div className="mesh-plan-part" data-testid="mesh-plan-restart">
      <h3>Needs a restart afterwards</h3>
      <p className="muted">
        {plural(restart.length, 'workload')} {restart.length === 1 ? 'runs' : 'run'} pods that will not match until they restart. You can restart them right after applying.
      </p>
      <ul className="restart-list">
        {restart.slice(0, SHOWN).map((w) => (
          <li key={`${w.kind}/${w.name}`}>
            <span className="mono">{w.name}</span> <span className="muted">{w.kind}</span> · {plural(w.pods, 'pod')}
          </li>
        ))}
        {more > 0 ? <li className="muted">and {plural(more, 'more workload')}</li> : null}
      </ul>
    </div>
  );
}
