import { useId } from 'react';
import type { ExecPluginRef } from '../../../main/contract/models.js';

interface Props {
  context: string;
  plugin: ExecPluginRef & { args?: string[] };
  onConfirm(): void;
  onCancel(): void;
}

/**
 * Asks once before Meshdeck runs a credential plugin from a kubeconfig file: names the program and the file that
 * asks for it. The core remembers the answer for that file and command; the UI only shows the question.
 */
export function PluginConfirmation({ context, plugin, onConfirm, onCancel }: Props) {
  const headingId = useId();
  const descriptionId = useId();
  return (
    <div className="plugin-confirmation" role="group" aria-labelledby={headingId} aria-describedby={descriptionId} data-testid="plugin-confirmation">
      <h3 id={headingId}>Run this credential plugin?</h3>
      <p id={descriptionId}>
        To get credentials for <strong>{context}</strong>, a kubeconfig file asks Meshdeck to run a program. Meshdeck has not run this program
        for that file before. Run it only if you expect it to log you in to this cluster.
      </p>
      <dl className="facts">
        <dt>Program</dt>
        <dd className="mono break" data-testid="plugin-command">
          {plugin.command}
        </dd>
        {plugin.args?.length ? (
          <>
            <dt>Arguments</dt>
            <dd className="mono break" data-testid="plugin-args">
              {plugin.args.join(' ')}
            </dd>
          </>
        ) : null}
        <dt>Asked for by</dt>
        <dd className="mono break" data-testid="plugin-file">
          {plugin.file}
        </dd>
      </dl>
      <div className="button-row">
        <button type="button" className="btn btn-primary" onClick={onConfirm} data-testid="plugin-confirm">
          Run this plugin
        </button>
        <button type="button" className="btn" onClick={onCancel} data-testid="plugin-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}
