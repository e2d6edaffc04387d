import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Theme } from '../../theme/theme.js';
import type { EditorMarker, MarkerOwner } from './markers.js';
import { editorModelUri, monaco } from './monaco.js';

/** Monaco's severities (numbers of its MarkerSeverity enum) for ours, and back. */
const TO_MONACO = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info } as const;
const fromMonaco = (s: monaco.MarkerSeverity): EditorMarker['severity'] => (s >= monaco.MarkerSeverity.Error ? 'error' : s >= monaco.MarkerSeverity.Warning ? 'warning' : 'info');

/** The owner monaco-yaml gives its markers (syntax and the cluster's schemas). */
const YAML_SERVICE = 'yaml';

export interface Jump {
  line: number;
  column: number;
  /** Changes with every ask, so the same place can be asked twice. */
  seq: number;
}

interface Props {
  /** The document's id: its model (and the schemas monaco-yaml applies) go by it. */
  documentId: string;
  /** The text to show; a change from outside (a wizard, "keep theirs") becomes one undoable edit. */
  text: string;
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
export function YamlEditor({ documentId, text, onChange, markers, onSchemaMarkers, theme, label, jump, testId }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  // What the editor last told: a `text` prop equal to it is the echo of an edit, not a change from outside.
  const told = useRef(text);
  const callbacks = useRef({ onChange, onSchemaMarkers });
  useLayoutEffect(() => {
    callbacks.current = { onChange, onSchemaMarkers };
  });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const uri = editorModelUri(documentId);
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(told.current, 'yaml', uri);
    const editor = monaco.editor.create(host, {
      model,
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
    });
    editorRef.current = editor;
    const changes = model.onDidChangeContent(() => {
      const value = model.getValue();
      told.current = value;
      callbacks.current.onChange(value);
    });
    const tellSchemaMarkers = () =>
      callbacks.current.onSchemaMarkers(
        monaco.editor.getModelMarkers({ resource: uri, owner: YAML_SERVICE }).map((m) => ({
          severity: fromMonaco(m.severity),
          code: typeof m.code === 'string' ? m.code : m.code?.value ?? 'schema',
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
      markerChanges.dispose();
      changes.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
    // The editor is made once per document; its label and text change through the effects below.
  }, [documentId]); // eslint-disable-line react-hooks/exhaustive-deps

  // A text from outside: one edit over the whole model, so Ctrl+Z takes it back.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || text === told.current) return;
    told.current = text;
    if (model.getValue() === text) return;
    editor.pushUndoStop();
    editor.executeEdits('meshdeck', [{ range: model.getFullModelRange(), text, forceMoveMarkers: true }]);
    editor.pushUndoStop();
  }, [text]);

  useEffect(() => {
    editorRef.current?.updateOptions({ ariaLabel: label });
  }, [label]);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

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
