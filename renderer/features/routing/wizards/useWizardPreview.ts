import { useEffect, useState } from 'react';
import type { Finding, WizardName, WizardState } from '../../../../main/contract/config.js';
import { toErrorShape, type RpcErrorShape } from '../../../../main/contract/errors.js';
import { useClient } from '../../../api/transport.js';
import { checkForm, fromForm, sameValue, type FormOf } from './wizard-forms.js';

/** How long editing must pause before the core writes the wizard's YAML again. */
const PREVIEW_AFTER_MS = 250;

export interface WizardPreview {
  /** What is wrong with the form, by field path (nothing is written while anything is). */
  errors: Record<string, string>;
  /** The YAML the core wrote for the form (the text itself while untouched); undefined while asking or when the form is wrong. */
  yaml: string | undefined;
  changed: boolean;
  /** MD120 and the like: the core's findings about the written YAML (the effective split). */
  findings: readonly Finding[];
  busy: boolean;
  error: RpcErrorShape | undefined;
}

/**
 * The wizard's result as the user edits its form: the form checked with the contract's schema, then written into
 * the document by the core (`config.wizardWrite`) and checked (`config.check`, for the effective split).
 */
export function useWizardPreview<W extends WizardName>(context: string, text: string, wizard: W, initial: WizardState, form: FormOf[W]): WizardPreview {
  const client = useClient();
  const untouched = sameValue(fromForm[wizard](form), initial.state);
  const checked = untouched ? { state: initial.state } : checkForm(wizard, form);
  const errors = 'errors' in checked ? checked.errors : {};
  const state = 'state' in checked ? checked.state : undefined;
  const key = state ? JSON.stringify(state) : null;
  const [answer, setAnswer] = useState<{ key: string | null; yaml?: string; changed: boolean; findings: readonly Finding[]; error?: RpcErrorShape }>({ key: null, changed: false, findings: [] });

  useEffect(() => {
    if (key === null) return;
    let active = true;
    const timer = setTimeout(async () => {
      try {
        // Untouched: the text as it is (the read state need not pass the contract as it stands, so it is not sent).
        const written = untouched ? { yaml: text, changed: false } : await client.call('config.wizardWrite', { text, state: { wizard, state: JSON.parse(key) } as WizardState });
        const report = await client.call('config.check', { context, documents: [{ name: 'wizard', text: written.yaml }] });
        if (active) setAnswer({ key, yaml: written.yaml, changed: written.changed, findings: report.documents[0]?.findings ?? [] });
      } catch (err) {
        if (active) setAnswer({ key, changed: false, findings: [], error: toErrorShape(err) });
      }
    }, untouched ? 0 : PREVIEW_AFTER_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [client, context, text, wizard, key, untouched]);

  const current = answer.key === key && key !== null;
  return {
    errors,
    yaml: current ? answer.yaml : undefined,
    changed: current && answer.changed,
    findings: current ? answer.findings : [],
    busy: key !== null && !current,
    error: current ? answer.error : undefined,
  };
}
