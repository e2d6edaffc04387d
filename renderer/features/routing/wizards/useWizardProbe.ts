import { useEffect, useState } from 'react';
import type { WizardName, WizardState } from '../../../../main/contract/config.js';
import { toErrorShape, type RpcErrorShape } from '../../../../main/contract/errors.js';
import { useClient } from '../../../api/transport.js';
import { WIZARDS } from './catalogue.js';

export type Availability = { status: 'asking' } | { status: 'ready'; state: WizardState } | { status: 'unavailable'; error: RpcErrorShape };

/**
 * Which wizards can edit the document, as the core answers: each wizard reads it (`config.wizardRead`) and writes
 * it back untouched (`config.wizardWrite`). A wizard for another kind, or a rule the object does not have, fails;
 * a state the contract refuses as it stands (BAD_REQUEST: a field the user must fill in first) still opens its form.
 */
export function useWizardProbe(text: string): Record<WizardName, Availability> {
  const client = useClient();
  const [answers, setAnswers] = useState<Partial<Record<WizardName, Availability>>>({});

  useEffect(() => {
    let active = true;
    for (const { id } of WIZARDS) {
      client
        .call('config.wizardRead', { wizard: id, text })
        .then(async (state) => {
          try {
            await client.call('config.wizardWrite', { text, state });
          } catch (err) {
            const error = toErrorShape(err);
            if (error.code !== 'BAD_REQUEST') throw err;
          }
          return state;
        })
        .then(
          (state) => active && setAnswers((a) => ({ ...a, [id]: { status: 'ready', state } })),
          (err: unknown) => active && setAnswers((a) => ({ ...a, [id]: { status: 'unavailable', error: toErrorShape(err) } })),
        );
    }
    return () => {
      active = false;
    };
  }, [client, text]);

  return Object.fromEntries(WIZARDS.map(({ id }) => [id, answers[id] ?? { status: 'asking' }])) as Record<WizardName, Availability>;
}
