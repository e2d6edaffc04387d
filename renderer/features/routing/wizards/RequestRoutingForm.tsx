import type { RequestRoutingForm as Form } from './wizard-forms.js';
import { Field } from './FormParts.js';

interface Props {
  id: string;
  form: Form;
  onChange(form: Form): void;
  errors: Record<string, string>;
}

type Rule = Form['rules'][number];
const MATCH_KINDS = [
  { id: 'prefix', label: 'starts with' },
  { id: 'exact', label: 'is' },
  { id: 'regex', label: 'matches' },
] as const;

const emptyRule = (): Rule => ({ name: '', uriKind: 'prefix', uri: '', method: '', headers: [], subset: '', host: '' });

/** Rules that send matching requests (path, method, headers) to one subset; they go before the catch-all rule. */
export function RequestRoutingForm({ id, form, onChange, errors }: Props) {
  const setRule = (i: number, change: Partial<Rule>) => onChange({ rules: form.rules.map((r, j) => (j === i ? { ...r, ...change } : r)) });
  return (
    <div className="wz-form" data-testid="wizard-form-request-routing">
      <p className="muted">Each rule sends the requests it matches to one subset. Rules the wizard cannot show whole (several match blocks, redirects…) stay as they are.</p>
      {form.rules.length === 0 ? <p className="muted">No such rule yet.</p> : null}
      {form.rules.map((r, i) => (
        <fieldset key={i} className="wz-part" data-testid="wizard-route-rule">
          <legend>Rule {i + 1}</legend>
          <div className="wz-row">
            <Field id={id} path={`rules.${i}.name`} label="Name" hint="Optional." value={r.name} onChange={(v) => setRule(i, { name: v })} errors={errors} />
            <div className="field">
              <label htmlFor={`${id}-r${i}-urikind`}>Path</label>
              <span className="wz-inline">
                <select id={`${id}-r${i}-urikind`} className="select" value={r.uriKind} onChange={(e) => setRule(i, { uriKind: e.target.value as Rule['uriKind'] })} aria-label={`Rule ${i + 1}: how the path matches`}>
                  {MATCH_KINDS.map((k) => (
                    <option key={k.id} value={k.id}>
                      {k.label}
                    </option>
                  ))}
                </select>
                <input className="input mono" value={r.uri} onChange={(e) => setRule(i, { uri: e.target.value })} aria-label={`Rule ${i + 1}: path`} placeholder="/api" spellCheck={false} />
              </span>
            </div>
            <Field id={id} path={`rules.${i}.method`} label="Method" hint="Optional: GET, POST…" value={r.method} onChange={(v) => setRule(i, { method: v })} errors={errors} maxLength={16} />
          </div>
          {r.headers.map((h, k) => (
            <div key={k} className="wz-row">
              <Field id={id} path={`rules.${i}.headers.${k}.name`} label="Header" hint="Its name." value={h.name} onChange={(v) => setRule(i, { headers: r.headers.map((x, j) => (j === k ? { ...x, name: v } : x)) })} errors={errors} />
              <div className="field">
                <label htmlFor={`${id}-r${i}-h${k}`}>Value</label>
                <span className="wz-inline">
                  <select className="select" value={h.kind} onChange={(e) => setRule(i, { headers: r.headers.map((x, j) => (j === k ? { ...x, kind: e.target.value as Rule['uriKind'] } : x)) })} aria-label={`Header ${k + 1}: how it matches`}>
                    {MATCH_KINDS.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.label}
                      </option>
                    ))}
                  </select>
                  <input id={`${id}-r${i}-h${k}`} className="input mono" value={h.value} onChange={(e) => setRule(i, { headers: r.headers.map((x, j) => (j === k ? { ...x, value: e.target.value } : x)) })} spellCheck={false} />
                </span>
                {errors[`rules.${i}.headers.${k}.match.value`] ? <p className="field-error">{errors[`rules.${i}.headers.${k}.match.value`]}</p> : null}
              </div>
              <button type="button" className="btn btn-small btn-ghost wz-remove" onClick={() => setRule(i, { headers: r.headers.filter((_, j) => j !== k) })} aria-label={`Remove header ${k + 1} of rule ${i + 1}`}>
                Remove
              </button>
            </div>
          ))}
          <div className="wz-row">
            <Field id={id} path={`rules.${i}.subset`} label="Subset" hint="Where the matched requests go." value={r.subset} onChange={(v) => setRule(i, { subset: v })} errors={errors} />
            <Field id={id} path={`rules.${i}.host`} label="Host" hint="Empty: the object’s own." value={r.host} onChange={(v) => setRule(i, { host: v })} errors={errors} />
          </div>
          <div className="button-row">
            <button type="button" className="btn btn-small" onClick={() => setRule(i, { headers: [...r.headers, { name: '', kind: 'exact', value: '' }] })}>
              Add a header match
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange({ rules: form.rules.filter((_, j) => j !== i) })}>
              Remove rule {i + 1}
            </button>
          </div>
        </fieldset>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange({ rules: [...form.rules, emptyRule()] })} disabled={form.rules.length >= 50}>
        Add a rule
      </button>
    </div>
  );
}
