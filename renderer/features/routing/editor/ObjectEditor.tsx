import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ConfigDocument, ConfigRef } from '../../../../main/contract/config.js';
import { useCall } from '../../../api/hooks.js';
import { PageHead } from '../../../components/PageHead.js';
import { Tabs } from '../../../components/Tabs.js';
import { Spinner, formatTime, isMac } from '../../../components/ui.js';
import type { RoutingOpen } from '../../../route.js';
import { ErrorExplanation } from '../../errors/ErrorExplanation.js';
import { downloadText } from '../../install/download.js';
import { useTheme } from '../../theme/theme.js';
import type { ConfigState } from '../config-state.js';
import { SimulatorPanel } from '../simulator/SimulatorPanel.js';
import { gatewayNames, hostNames } from '../suggestions.js';
import { WizardDialog } from '../wizards/WizardDialog.js';
import { MAX_SEND_BYTES, sizeWords, textFits } from './limits.js';
import { markerOfFinding, problemsOf, type EditorMarker } from './markers.js';
import { applySchema } from './monaco.js';
import { ProblemsList } from './ProblemsList.js';
import { ReviewArea } from './ReviewArea.js';
import { combinedSchema } from './schema-bundle.js';
import { isNewDocument } from './session.js';
import { UndoBanner } from './UndoBanner.js';
import { useApplyFlow } from './useApplyFlow.js';
import { useClusterCheck, useLiveCheck } from './useChecks.js';
import { useEditorDocument, type DraftStatus } from './useEditorDocument.js';
import { YamlEditor, type Jump } from './YamlEditor.js';
import './editor.css';

interface Props {
  context: string;
  open: RoutingOpen;
  /** A new document made just now (its draft is not one to restore). */
  fresh: boolean;
  /** The live list (kinds, hosts and gateways for suggestions). */
  config: ConfigState | undefined;
  /** Back to the list. */
  onClose(): void;
  /** The document now stands for another URL (a new document applied became its object). */
  onRenamed(open: RoutingOpen): void;
}

type EditorTab = 'yaml' | 'changes';

const EDITOR_TABS: readonly { id: EditorTab; title: string }[] = [
  { id: 'yaml', title: 'YAML' },
  { id: 'changes', title: 'Changes and apply' },
];

/** One routing document in Monaco: live checks as markers, the cluster's checks, wizards, review and apply, the simulator beside it. */
export function ObjectEditor({ context, open, fresh, config, onClose, onRenamed }: Props) {
  const model = useEditorDocument(context, open, fresh);
  const doc = model.doc;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const idBase = useId();
  const { theme } = useTheme();
  const [tab, setTab] = useState<EditorTab>('yaml');
  const [jump, setJump] = useState<Jump | undefined>();
  const [wizardOpen, setWizardOpen] = useState(false);
  const [schemaMarkers, setSchemaMarkers] = useState<EditorMarker[]>([]);

  const text = doc?.text;
  const fits = text === undefined || textFits(text);
  const live = useLiveCheck(context, doc?.name ?? 'document', fits ? text : undefined);
  const cluster = useClusterCheck(context);
  const { run: runClusterCheck } = cluster;
  const becameObject = useCallback((ref: ConfigRef) => onRenamed({ kind: 'object', ref }), [onRenamed]);
  // A refusal of the API server comes without lines: the cluster check places the same findings in the text.
  const rejected = useCallback(
    (text: string) => {
      setTab('yaml');
      if (doc) runClusterCheck(doc.name, text);
    },
    [doc, runClusterCheck],
  );
  const flow = useApplyFlow({ context, doc, update: model.update, onBecameObject: becameObject, onRejected: rejected });

  // The cluster's schemas drive completion, hover and validation in the editor.
  const schemas = useCall('config.schemas', { context });
  const schema = useMemo(() => (schemas.data ? combinedSchema(schemas.data.schemas) : undefined), [schemas.data]);
  useEffect(() => applySchema(schema), [schema]);

  useEffect(() => {
    if (doc) headingRef.current?.focus();
    // Once, when the document is there.
  }, [doc?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const result = flow.state.stage === 'done' ? flow.state.result : undefined;
  const refusal = result?.outcome === 'rejected' ? result : undefined;
  const markers = useMemo(
    () => ({
      check: live.findings.map(markerOfFinding),
      cluster: cluster.findings.map(markerOfFinding),
      apply: (refusal?.findings ?? []).filter((f) => f.range).map(markerOfFinding),
    }),
    [live.findings, cluster.findings, refusal],
  );
  const problems = useMemo(() => problemsOf({ ...markers, schema: schemaMarkers }), [markers, schemaMarkers]);
  const documents = useMemo<ConfigDocument[]>(() => (doc && fits ? [{ name: doc.name, text: doc.text }] : []), [doc, fits]);
  const hosts = useMemo(() => hostNames(config), [config]);
  const gateways = useMemo(() => gatewayNames(config), [config]);
  const onJump = useCallback((line: number, column: number) => {
    setTab('yaml');
    setJump((j) => ({ line, column, seq: (j?.seq ?? 0) + 1 }));
  }, []);

  if (!doc) {
    return (
      <div className="editor-page" data-testid="editor" data-state={model.status}>
        <PageHead title={open.kind === 'object' ? `${open.ref.kind} ${open.ref.namespace ? `${open.ref.namespace}/` : ''}${open.ref.name}` : 'New document'} subtitle={context} back={{ label: 'All routing objects', onClick: onClose, testId: 'editor-back' }} />
        {model.status === 'failed' && model.error ? (
          <ErrorExplanation error={model.error} context={context} testId="editor-load-error" retry={{ label: 'Try again', onClick: model.retry }} />
        ) : model.status === 'missing' ? (
          <div className="notice" role="status" data-testid="editor-missing">
            <p>This draft is no longer kept: it was applied, discarded, or kept on another machine.</p>
            <button type="button" className="btn" onClick={onClose}>
              All routing objects
            </button>
          </div>
        ) : (
          <Spinner label="Opening…" />
        )}
      </div>
    );
  }

  const opened = doc.opened[0];
  const objects = live.objects.length;
  const oneObject = objects === 1 && live.checkedText !== undefined;
  const tooLarge = !fits;
  const discard = () => void model.discardDraft().then(() => (isNewDocument(doc) ? onClose() : undefined));

  return (
    <div className="editor-page" data-testid="editor" data-state="ready" data-document={doc.id} data-schemas={schema ? 'ready' : 'loading'}>
      <PageHead
        title={doc.name}
        headingRef={headingRef}
        subtitle={
          <>
            {context} · {isNewDocument(doc) ? 'new, not in the cluster yet' : opened?.resourceVersion ? `opened at version ${opened.resourceVersion}` : 'not in the cluster'}
            {' · '}
            <DraftWords status={model.draft} />
          </>
        }
        back={{ label: 'All routing objects', onClick: onClose, testId: 'editor-back' }}
      />

      {model.restored ? (
        <div className="notice notice-warn page-alert" role="status" data-testid="editor-restored">
          <p>
            Restored your unsaved draft{model.restored.updatedAt ? ` from ${formatTime(model.restored.updatedAt)}` : ''}. {isNewDocument(doc) ? '' : 'It is applied only if the object did not change in the cluster since you opened it.'}
          </p>
          <button type="button" className="btn" onClick={discard} data-testid="editor-discard">
            {isNewDocument(doc) ? 'Discard this draft' : 'Discard it: open the object as the cluster has it'}
          </button>
        </div>
      ) : null}
      {tooLarge ? (
        <div className="callout-error page-alert" role="alert" data-testid="editor-too-large">
          <p>
            <strong>This text is about {sizeWords(doc.text.length)}: too large to send.</strong> Meshdeck checks, keeps as a draft, simulates and applies at most {sizeWords(MAX_SEND_BYTES)} at a time. Nothing is sent or
            applied until it is smaller; your text stays here (Export saves it), and the draft kept is the one from before.
          </p>
        </div>
      ) : null}
      {flow.undo ? <UndoBanner context={context} undo={flow.undo} onUndo={flow.undoLast} /> : null}

      <div className="editor-layout">
        <div className="editor-main">
          <div className="editor-toolbar">
            <Tabs<EditorTab> tabs={EDITOR_TABS} selected={tab} onSelect={setTab} label="Editor" idBase={idBase} testIdPrefix="editor-tab" />
            <div className="editor-actions">
              <button type="button" className="btn" onClick={() => runClusterCheck(doc.name, doc.text)} disabled={tooLarge || cluster.running} data-testid="editor-validate">
                {cluster.running ? 'Checking with the cluster…' : 'Check with the cluster'}
              </button>
              <button type="button" className="btn" onClick={() => setWizardOpen(true)} disabled={tooLarge || !oneObject} title={oneObject ? undefined : 'A wizard edits a document that holds one object.'} data-testid="editor-wizards">
                Wizards…
              </button>
              <button type="button" className="btn" onClick={() => downloadText(fileName(doc.name), doc.text)} data-testid="editor-export">
                Export YAML
              </button>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => {
                  setTab('changes');
                  flow.review();
                }}
                disabled={tooLarge}
                data-testid="editor-review"
              >
                Review and apply
              </button>
            </div>
          </div>
          <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${tab}`} className="editor-panel">
            <div hidden={tab !== 'yaml'}>
              <YamlEditor
                documentId={doc.id}
                text={doc.text}
                textVersion={model.textVersion}
                onChange={model.setText}
                markers={markers}
                onSchemaMarkers={setSchemaMarkers}
                theme={theme}
                label={`YAML of ${doc.name}`}
                jump={jump}
                testId="yaml-editor"
              />
              <p className="muted editor-keys">
                Tab indents. <kbd>{isMac ? '⌃⇧M' : 'Ctrl+M'}</kbd> makes Tab move the focus instead; <kbd>Alt+F1</kbd> opens the editor’s accessibility help.
              </p>
              {live.error ? <ErrorExplanation error={live.error} context={context} tone="warning" testId="editor-check-error" /> : null}
              {cluster.error ? <ErrorExplanation error={cluster.error} context={context} testId="editor-validate-error" /> : null}
              {cluster.checkedText !== undefined && !cluster.running ? (
                <p className="muted" role="status" data-testid="editor-validated">
                  Checked with the cluster (dry run and istioctl analyze){cluster.elapsedMs !== undefined ? ` in ${Math.round(cluster.elapsedMs)} ms` : ''}
                  {cluster.checkedText !== doc.text ? '; the text changed since, so its lines may have moved.' : '.'}
                </p>
              ) : null}
              <ProblemsList problems={problems} checking={live.checking} unchecked={tooLarge ? 'Not checked: the text is too large to send' : undefined} onJump={onJump} />
            </div>
            {tab === 'changes' ? <ReviewArea context={context} flow={flow} doc={doc} sendable={!tooLarge} onBackToEditor={() => setTab('yaml')} /> : null}
          </div>
        </div>
        <aside className="editor-side" aria-label="Route simulator">
          <SimulatorPanel
            context={context}
            documents={documents}
            documentsNote={tooLarge ? 'The open document is too large to send: the simulation uses the cluster’s objects only.' : undefined}
            hosts={hosts}
            gateways={gateways}
          />
        </aside>
      </div>

      {wizardOpen ? (
        <WizardDialog
          context={context}
          text={doc.text}
          label={doc.name}
          onInsert={(yaml) => {
            model.update((d) => ({ ...d, text: yaml }));
            setWizardOpen(false);
          }}
          onClose={() => setWizardOpen(false)}
        />
      ) : null}
    </div>
  );
}

/** "VirtualService shop/reviews" → "virtualservice-shop-reviews.yaml". */
const fileName = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'routing'}.yaml`;

function DraftWords({ status }: { status: DraftStatus }) {
  switch (status.state) {
    case 'none':
      return <span data-testid="draft-status">no unsaved changes</span>;
    case 'saving':
      return <span data-testid="draft-status">keeping the draft…</span>;
    case 'saved':
      return <span data-testid="draft-status">draft kept at {formatTime(status.at)}</span>;
    case 'too-large':
      return <span data-testid="draft-status">too large to keep as a draft</span>;
    case 'failed':
      return <span data-testid="draft-status">the draft could not be kept ({status.error.message})</span>;
  }
}
