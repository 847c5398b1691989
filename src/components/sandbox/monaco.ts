// Monaco, slim: the editor API with only the features and the one language the sandbox uses,
// plus monaco-yaml for schema completion, hover docs and structural validation.
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/snippet/register';
// Ctrl+M (Ctrl+Shift+M on a Mac) toggles whether Tab moves focus out of the editor: without it
// a keyboard-only learner is trapped in the editor by Tab.
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/languages/definitions/yaml/register';
// Not reachable through a features/*/register entry in 0.57: imported the way editor.main does.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/gotoError/browser/markerSelectionStatus';
import 'monaco-editor/editor/contrib/dropOrPasteInto/browser/copyPasteContribution';
import 'monaco-editor/editor/common/standaloneStrings';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import { scenarioJsonSchema } from '../../engine/model/schema.ts';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

// monaco-yaml 5.5 still calls the pre-0.53 createWebWorker({ moduleId, label, createData })
// (monaco-yaml#272). Start that worker the way its bootstrap expects (a first message, then the
// create data), and hand it to the current API.
type LegacyOptions = { moduleId?: string; label?: string; createData?: unknown };
const createWebWorker = monaco.editor.createWebWorker.bind(monaco.editor);
(monaco.editor as { createWebWorker: unknown }).createWebWorker = (opts: LegacyOptions | { worker: Worker }) => {
  if ('worker' in opts) return createWebWorker(opts);
  const worker = window.MonacoEnvironment!.getWorker(opts.moduleId ?? '', opts.label ?? '');
  worker.postMessage('init');
  worker.postMessage(opts.createData);
  return createWebWorker({ worker });
};

// Monaco's dark theme draws comments at 4.0:1 on its background (#608b4e on #1e1e1e), under
// WCAG AA: the same theme with comments at 5.9:1.
monaco.editor.defineTheme('reachlab-dark', { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '7ca668' }], colors: {} });

let configured = false;
export function setupYaml(): void {
  if (configured) return;
  configured = true;
  configureMonacoYaml(monaco as never, {
    enableSchemaRequest: false,
    hover: true,
    completion: true,
    validate: false, // the engine reports every problem, with plain words and hints
    schemas: [{ uri: 'https://reachlab.invalid/scenario.schema.json', fileMatch: ['*'], schema: scenarioJsonSchema() as never }],
  });
}

export { monaco };
