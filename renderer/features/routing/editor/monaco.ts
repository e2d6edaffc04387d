import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml, type JSONSchema, type MonacoYaml, type MonacoYamlOptions } from 'monaco-yaml';
import YamlWorker from './yaml.worker.js?worker';

/**
 * Monaco for the routing editor, loaded with the editor's own chunk. Its web workers (the editor's, and
 * monaco-yaml's language service) are files Vite emits next to the app, so they load under the page's CSP
 * (worker-src 'self') from the web server and from app:// alike; no CDN, no blob.
 */
globalThis.MonacoEnvironment = {
  getWorker: (_moduleId: string, label: string) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
};

/** The editor's model of a document: monaco-yaml applies the cluster's schemas to these (not to the diff views). */
export const editorModelUri = (documentId: string) => monaco.Uri.parse(`file:///meshdeck/editor/${encodeURIComponent(documentId)}.yaml`);

let yaml: MonacoYaml | undefined;

/** Completion, hover and validation from one combined schema (see schema-bundle.ts); undefined: YAML alone. */
export function applySchema(schema: JSONSchema | undefined): void {
  const options: MonacoYamlOptions = {
    enableSchemaRequest: false,
    hover: true,
    completion: true,
    validate: true,
    schemas: schema ? [{ fileMatch: ['**/meshdeck/editor/*.yaml'], uri: 'meshdeck://cluster-schemas/routing.json', schema }] : [],
  };
  if (yaml) void yaml.update(options);
  else yaml = configureMonacoYaml(monaco, options);
}

export { monaco };
