// monaco-yaml's language service, bundled by Vite as a worker of its own (?worker). Imported through this file, as
// monaco-yaml advises for Vite: the package's worker entry imported directly does not initialise under Vite.
import 'monaco-yaml/yaml.worker.js';
