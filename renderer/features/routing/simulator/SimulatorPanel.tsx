import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ConfigDocument } from '../../../../main/contract/config.js';
import { TextField } from '../../../components/TextField.js';
import { Spinner } from '../../../components/ui.js';
import { ErrorExplanation } from '../../errors/ErrorExplanation.js';
import { emptySimForm, METHODS, requestOfForm, type SimField, type SimForm } from './sim-form.js';
import { SimResultView } from './SimResultView.js';
import { useSimulation } from './useSimulation.js';

interface Props {
  context: string;
  /** The documents open in the editor, laid over the live objects (none on the list page). */
  documents: readonly ConfigDocument[];
  /** Why the open document is not part of the simulation, when it is not (too large to send). */
  documentsNote?: string | undefined;
  /** Known hosts and Istio gateways ("namespace/name"), offered while typing. */
  hosts: readonly string[];
  gateways: readonly string[];
  /** A host to fill in (from the Hosts list); `seq` changes with every ask. */
  prefill?: { host: string; seq: number } | undefined;
}

/** "Where does this request go?": the request's fields, and the core's answer over the live routing (and the open document). */
export function SimulatorPanel({ context, documents, documentsNote, hosts, gateways, prefill }: Props) {
  const id = useId();
  const [form, setForm] = useState<SimForm>(() => emptySimForm(prefill?.host ?? ''));
  const [errors, setErrors] = useState<Partial<Record<SimField, string>>>({});
  const sim = useSimulation(context, documents);
  const set = (field: SimField) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  // A host asked for from the Hosts list fills the form (once per ask), and the focus goes there.
  const [seenSeq, setSeenSeq] = useState(prefill?.seq);
  if (prefill && prefill.seq !== seenSeq) {
    setSeenSeq(prefill.seq);
    setForm((f) => ({ ...f, host: prefill.host }));
  }
  useEffect(() => {
    if (seenSeq !== undefined) document.getElementById(`${id}-host`)?.focus();
  }, [seenSeq, id]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = requestOfForm(form);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    sim.run(checked.request);
  }

  return (
    <section className="panel sim" aria-labelledby={`${id}-title`} data-testid="simulator">
      <h2 id={`${id}-title`}>Route simulator</h2>
      <p className="muted sim-intro">
        Where does a request go? {documents.length ? 'The open document counts as if it were applied.' : 'Over the routing objects in the cluster now.'}
      </p>
      {documentsNote ? <p className="notice notice-warn sim-note">{documentsNote}</p> : null}
      <form className="sim-form" onSubmit={submit} noValidate>
        <TextField id={`${id}-host`} label="Host" hint="A Service name, name.namespace, or a full host name." error={errors.host} value={form.host} onChange={set('host')} maxLength={253} list={`${id}-hosts`} testId="sim-host" />
        <div className="sim-row">
          <div className="field sim-method">
            <label htmlFor={`${id}-method`}>Method</label>
            <select id={`${id}-method`} className="select" value={form.method} onChange={(e) => set('method')(e.target.value)} data-testid="sim-method">
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </div>
          <TextField id={`${id}-path`} label="Path" hint="With its leading /." error={errors.path} value={form.path} onChange={set('path')} maxLength={4096} testId="sim-path" />
          <TextField id={`${id}-port`} label="Port" hint="Optional." error={errors.port} value={form.port} onChange={set('port')} maxLength={5} testId="sim-port" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-headers`}>Headers</label>
          <textarea
            id={`${id}-headers`}
            className="input mono sim-headers"
            rows={2}
            value={form.headers}
            onChange={(e) => set('headers')(e.target.value)}
            spellCheck={false}
            placeholder="for example  end-user: jason"
            aria-invalid={!!errors.headers}
            aria-describedby={`${id}-headers-hint${errors.headers ? ` ${id}-headers-error` : ''}`}
            data-testid="sim-headers"
          />
          <p id={`${id}-headers-hint`} className="field-hint">
            One per line, as name: value.
          </p>
          {errors.headers ? (
            <p id={`${id}-headers-error`} className="field-error">
              {errors.headers}
            </p>
          ) : null}
        </div>
        <div className="sim-row">
          <TextField id={`${id}-source`} label="From namespace" hint="Where the caller runs." error={errors.sourceNamespace} value={form.sourceNamespace} onChange={set('sourceNamespace')} maxLength={63} testId="sim-source" />
          <TextField id={`${id}-gateway`} label="Through" hint="mesh (a sidecar), or namespace/gateway." error={errors.gateway} value={form.gateway} onChange={set('gateway')} maxLength={253} list={`${id}-gateways`} testId="sim-gateway" />
        </div>
        {/* Suggestions for the two fields that name things in the cluster. */}
        <datalist id={`${id}-hosts`}>
          {hosts.map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
        <datalist id={`${id}-gateways`}>
          <option value="mesh" />
          {gateways.map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
        <div className="button-row">
          <button type="submit" className="btn btn-primary" data-testid="sim-run">
            Simulate
          </button>
          {sim.running ? <Spinner label="Asking the core…" /> : null}
        </div>
      </form>
      <div aria-live="polite" className="sim-answer">
        {sim.error ? <ErrorExplanation error={sim.error} context={context} testId="sim-error" /> : sim.result ? <SimResultView result={sim.result} /> : null}
      </div>
    </section>
  );
}
