import { useId } from 'react';
import { LiveStatus } from '../../components/LiveStatus.js';
import { PageHead } from '../../components/PageHead.js';
import { Badge, EmptyState, Skeleton } from '../../components/ui.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import type { SampleApp } from '../canary/target.js';
import { SandboxOffer } from '../sandbox/SandboxOffer.js';
import type { SandboxController } from '../sandbox/useSandbox.js';
import { ContextDetails } from './ContextDetails.js';
import { ContextList } from './ContextList.js';
import { chooseContext } from './probing.js';
import type { ContextsModel } from './useContexts.js';
import './contexts.css';

const KUBECONFIG_WATCH = { live: 'Watching for changes', connecting: 'Reading your kubeconfig…', title: 'The list follows changes to your kubeconfig files' };

interface Props {
  model: ContextsModel;
  selected: string | undefined;
  onSelect(name: string): void;
  onConnect(name: string): void;
  sandbox: SandboxController;
  /** The user asked for the sandbox (palette) even though some context answers. */
  sandboxAsked: boolean;
  /** The sample app was deployed in the sandbox: open its canary page. */
  onSample?: (context: string, sample: SampleApp) => void;
}

/**
 * The kubeconfig's contexts, live; the one shown is checked for reachability (its credential plugin confirmed
 * first if need be); whole-file problems above; the sandbox when nothing answers.
 */
export function ContextsPage({ model, selected, onSelect, onConnect, sandbox, sandboxAsked, onSample }: Props) {
  const headingId = useId();
  const { snapshot } = model;
  const contexts = snapshot?.contexts ?? [];
  const chosen = chooseContext(contexts, selected);
  const offer: 'no-contexts' | 'none-reachable' | 'asked' | undefined = !snapshot
    ? undefined
    : contexts.length === 0
      ? 'no-contexts'
      : model.noneReachable
        ? 'none-reachable'
        : sandboxAsked || sandbox.run.status !== 'idle'
          ? 'asked'
          : undefined;

  return (
    <div className="page contexts-page" aria-busy={!snapshot && model.status === 'connecting'}>
      <PageHead
        title="Kubernetes contexts"
        headingId={headingId}
        subtitle={snapshot ? <FilesLine files={snapshot.files} /> : model.status === 'error' ? ' ' : <Skeleton />}
      >
        <LiveStatus status={model.status} updatedAt={undefined} hasData={!!snapshot} testId="contexts-live" words={KUBECONFIG_WATCH} />
      </PageHead>

      {(model.status === 'error' && model.error) || model.status === 'ended' ? (
        <div role="alert" className="page-alert">
          {model.error ? (
            <ErrorExplanation
              error={model.error}
              testId="contexts-error"
              retry={{ label: 'Retry', onClick: model.restart }}
            />
          ) : (
            <>
              <p>The list stopped following changes to your kubeconfig.</p>
              <button type="button" className="btn" onClick={model.restart}>
                Follow changes again
              </button>
            </>
          )}
        </div>
      ) : null}

      {snapshot && snapshot.problems.length > 0 ? (
        <div className="file-problems" data-testid="kubeconfig-problems">
          {snapshot.problems.map((problem, i) => (
            <ErrorExplanation key={i} error={problem} />
          ))}
        </div>
      ) : null}

      {offer ? <SandboxOffer sandbox={sandbox} onOpen={onConnect} reason={offer} {...(onSample ? { onSample } : {})} /> : null}

      {!snapshot ? (
        model.status === 'error' ? null : (
          <div className="context-table" aria-hidden="true">
            <Skeleton lines={4} className="rows-skeleton" />
          </div>
        )
      ) : (
        <div className="master-detail" data-testid="context-list" data-count={contexts.length}>
          {contexts.length === 0 ? (
            <EmptyState title="No contexts found" testId="contexts-empty">
              <p>
                Meshdeck reads the files listed in the <code>KUBECONFIG</code> variable, or <code>~/.kube/config</code>. Add a context there
                and this list updates by itself.
              </p>
            </EmptyState>
          ) : (
            <>
              <ContextList
                contexts={contexts}
                selected={chosen?.name}
                onSelect={onSelect}
                onConnect={onConnect}
                probe={model.probe}
                labelledBy={headingId}
              />
              {chosen ? (
                <ContextDetails
                  context={chosen}
                  probe={model.probe(chosen.name)}
                  onConnect={onConnect}
                  onRecheck={model.recheck}
                  onConfirmPlugin={model.confirmPlugin}
                />
              ) : null}
            </>
          )}
        </div>
      )}
    </div>
  );
}

function FilesLine({ files }: { files: { path: string; exists: boolean }[] }) {
  if (files.length === 0) return <>No kubeconfig file is configured.</>;
  return (
    <>
      From{' '}
      {files.map((f, i) => (
        <span key={f.path}>
          {i > 0 ? ', ' : ''}
          <code>{f.path}</code>
          {f.exists ? null : (
            <>
              {' '}
              <Badge tone="warn">missing</Badge>
            </>
          )}
        </span>
      ))}
    </>
  );
}
