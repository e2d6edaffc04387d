import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Theme } from '../../theme/theme.js';
import { MAX_SEND_BYTES } from './limits.js';
import type { EditorMarker, MarkerOwner } from './markers.js';
import { editorModelUri, monaco } from './monaco.js';
import { applyTheme, themeName } from './themes.js';

/** Monaco's severities (numbers of its MarkerSeverity enum) for ours, and back. */
// A note (the effective split) is a hint: dotted, not a squiggle under a whole route.
const TO_MONACO = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Hint } as const;
const fromMonaco = (s: monaco.MarkerSeverity): EditorMarker['severity'] => (s >= monaco.MarkerSeverity.Error ? 'error' : s >= monaco.MarkerSeverity.Warning ? 'warning' : 'info');

/** A model longer than this cannot be sent anyway: its text is told after a pause in typing, not at every keystroke. */
const HUGE_CHARS = MAX_SEND_BYTES;
const HUGE_PAUSE_MS = 300;

/** The owner monaco-yaml gives its markers (syntax and the cluster's schemas). */
const YAML_SERVICE = 'yaml';

function schemaCode(code: monaco.editor.IMarker['code']): string {
  const value = typeof code === 'string' ? code : code?.value;
  return value && !/^\d+$/.test(value) ? value : '';
}

export interface Jump {
  line: number;
  column: number;
  /** Changes with every ask, so the same place can be asked twice. */
  seq: number;
}

interface Props {
  /** The document's id: its model (and the schemas monaco-yaml applies) go by it. */
  documentId: string;
  /** The text to show: at first, and whenever `textVersion` changes (a wizard, "keep theirs"), as one undoable edit. */
  text: string;
  /** Changes when `text` comes from elsewhere than this editor; otherwise `text` is the echo of its own edits (maybe a stale one). */
  textVersion: string;
  onChange(text: string): void;
  /** The core's findings and the like, by owner. */
  markers: Partial<Record<Exclude<MarkerOwner, 'schema'>, readonly EditorMarker[]>>;
  /** Tells the markers of the YAML service (syntax, schemas) as they change. */
  onSchemaMarkers(markers: EditorMarker[]): void;
  theme: Theme;
  /** Names the editor for screen readers. */
  label: string;
  jump?: Jump | undefined;
  testId: string;
}

/** The YAML editor: Monaco with the cluster's schemas (monaco-yaml) and the core's findings as markers. */
export function YamlEditor({ documentId, text, textVersion, onChange, markers, onSchemaMarkers, theme, label, jump, testId }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  // The text to start from (the model is made once per document).
  const initial = useRef(text);
  const callbacks = useRef({ onChange, onSchemaMarkers });
  useLayoutEffect(() => {
    callbacks.current = { onChange, onSchemaMarkers };
  });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const uri = editorModelUri(documentId);
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(initial.current, 'yaml', uri);
    const editor = monaco.editor.create(host, {
      model,
      theme: themeName(theme),
      ariaLabel: label,
      automaticLayout: true,
      fixedOverflowWidgets: true,
      fontSize: 13,
      lineHeight: 19,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: 2,
      insertSpaces: true,
      detectIndentation: false,
      renderLineHighlight: 'line',
      quickSuggestions: { other: true, comments: false, strings: true },
      wordBasedSuggestions: 'off',
      hover: { delay: 300 },
      'semanticHighlighting.enabled': false,
      // The line numbers of a final empty line are dimmed below AA contrast; drawn as the others.
      renderFinalNewline: 'on',
      // Its headers come from the YAML service's folding, which lags behind a pasted text and then shows old lines.
      stickyScroll: { enabled: false },
      // Chromium's EditContext (Monaco's default) spends seconds per keystroke once a large selection is replaced by a
      // large paste (measured: 55 s for 10 MB over 5,000 lines); the hidden textarea it replaces does not.
      editContext: false,
    });
    editorRef.current = editor;
    // Each edit is told at once; past what can be sent at all, after a pause in typing: the whole text of a huge
    // model on every keystroke would keep the main thread (and the typing) busy.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const tell = () => {
      pending = undefined;
      callbacks.current.onChange(model.getValue());
    };
    const changes = model.onDidChangeContent(() => {
      if (pending) clearTimeout(pending);
      if (model.getValueLength() <= HUGE_CHARS) tell();
      else pending = setTimeout(tell, HUGE_PAUSE_MS);
    });
    const tellSchemaMarkers = () =>
      callbacks.current.onSchemaMarkers(
        monaco.editor.getModelMarkers({ resource: uri, owner: YAML_SERVICE }).map((m) => ({
          severity: fromMonaco(m.severity),
          // The YAML service numbers its problems (0, 513…): a number tells the user nothing, its source does.
          code: schemaCode(m.code),
          message: m.message,
          source: 'Cluster schema (editor)',
          startLineNumber: m.startLineNumber,
          startColumn: m.startColumn,
          endLineNumber: m.endLineNumber,
          endColumn: m.endColumn,
        })),
      );
    const markerChanges = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === uri.toString())) tellSchemaMarkers();
    });
    return () => {
      if (pending) clearTimeout(pending);
      markerChanges.dispose();
      changes.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
    // The editor is made once per document; its label and text change through the effects below.
  }, [documentId]); // eslint-disable-line react-hooks/exhaustive-deps

  // A text from outside: one edit over the whole model, so Ctrl+Z takes it back. (Only then: a `text` that is the
  // echo of the editor's own edits may lag behind the keystrokes, and setting it would undo the latest ones.)
  const outsideText = useRef(text);
  useLayoutEffect(() => {
    outsideText.current = text;
  });
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    const next = outsideText.current;
    if (!editor || !model || model.getValue() === next) return;
    editor.pushUndoStop();
    editor.executeEdits('meshdeck', [{ range: model.getFullModelRange(), text: next, forceMoveMarkers: true }]);
    editor.pushUndoStop();
  }, [textVersion]);

  useEffect(() => {
    editorRef.current?.updateOptions({ ariaLabel: label });
  }, [label]);

  useEffect(() => applyTheme(theme), [theme]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    for (const owner of ['check', 'cluster', 'apply'] as const) {
      monaco.editor.setModelMarkers(
        model,
        `meshdeck-${owner}`,
        (markers[owner] ?? []).map((m) => ({
          severity: TO_MONACO[m.severity],
          code: m.code,
          message: m.fix ? `${m.message}\nFix: ${m.fix}` : m.message,
          source: m.source,
          startLineNumber: m.startLineNumber,
          startColumn: m.startColumn,
          endLineNumber: m.endLineNumber,
          endColumn: m.endColumn,
        })),
      );
    }
  }, [markers, documentId]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !jump) return;
    editor.revealLineInCenter(jump.line);
    editor.setPosition({ lineNumber: jump.line, column: jump.column });
    editor.focus();
  }, [jump]);

  return <div ref={hostRef} className="yaml-editor" data-testid={testId} />;
}
