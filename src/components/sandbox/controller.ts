// Connects an editor (Monaco, or a plain text area on phones) to the engine worker and the
// results panel. Loaded only when the learner activates a sandbox.
import type { FromWorker, TextEdit, ToWorker } from './protocol.ts';
import { LARGE_TEXT } from './compact.ts';
import EngineWorker from './engine.worker.ts?worker';
import { ENGINE_TIMEOUT_MS, EngineClient } from './engine-client.ts';
import { announce } from './render.ts';
import { renderInto } from './interact.ts';
import { saveExpectations, saveProgress } from './progress.ts';
import { SHARE_PREFIX, shareCode } from './share.ts';
import { keepDraft } from './draft.ts';
import { evaluateHere } from './local-engine.ts';
import type { SandboxView } from './view.ts';
import { sameShown } from './same-shown.ts';
import type { monaco } from './monaco.ts';
import { toMarkers, toNotes } from '../lib/markers.ts';

interface SandboxData {
  id: string;
  text: string;
  solution: string | null;
  hints: string[];
}

/** A text editor the controller can drive: Monaco or the plain fallback. */
interface EditorHandle {
  getValue(): string;
  /** Shows a line of the scenario, selected, in the middle of the editor; focuses it unless told not to. */
  revealLine(line: number, focus?: boolean): void;
  /** Replaces the whole text as one edit that Undo (Ctrl+Z) takes back. */
  setValue(text: string): void;
  /** Replaces the text of one line from a column to its end, as one undoable edit. */
  replaceLineEnd(line: number, column: number, text: string): void;
  onChange(fn: () => void): void;
  /** The changes of each edit (Monaco only): a large text is sent to the worker as its edits. */
  onEdits?(fn: (edits: TextEdit[]) => void): void;
  /** The text's length, without building the text. */
  length(): number;
  show(view: SandboxView): void;
  focus(): void;
}

/** Monaco is not supported on phones: use a text area there. */
function wantsPlainEditor(): boolean {
  return matchMedia('(pointer: coarse)').matches && window.innerWidth < 768;
}

async function monacoEditor(host: HTMLElement, text: string, label: string): Promise<EditorHandle> {
  const { monaco, setupYaml } = await import('./monaco.ts');
  // A large network (megabytes): plain text. The YAML worker would parse all of it again on every
  // edit, on the cores the engine needs; wrapping and folding would measure every line.
  const large = text.length > LARGE_TEXT;
  if (!large) setupYaml();
  const model = monaco.editor.createModel(text, large ? 'plaintext' : 'yaml', monaco.Uri.parse(`file:///${label}.yaml`));
  const root = document.documentElement;
  const themeOf = () => (root.dataset.theme === 'dark' ? 'reachlab-dark' : 'vs');
  // The editor follows the site's theme switch (Starlight sets data-theme on <html>).
  new MutationObserver(() => monaco.editor.setTheme(themeOf())).observe(root, { attributes: true, attributeFilter: ['data-theme'] });
  const editor = monaco.editor.create(host, {
    model,
    theme: themeOf(),
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    tabSize: 2,
    scrollBeyondLastLine: false,
    ariaLabel: `Scenario editor for ${label} (${large ? 'a large scenario, as plain text' : 'YAML'}). Tab indents; Ctrl+M toggles whether Tab moves focus out of the editor. Alt+F1 for accessibility help.`,
    renderValidationDecorations: 'on',
    fixedOverflowWidgets: true,
    // A textarea-based input: the most widely supported path for screen readers and automation.
    editContext: false,
    // Completion waits until the verdict is in: on two cores the schema completion and the engine
    // otherwise compete on every keystroke (measured: edit-to-verdict p95 rose above budget).
    quickSuggestionsDelay: 250,
    wordBasedSuggestions: 'off',
    links: false,
    occurrencesHighlight: 'off',
    // Scenarios hold no colours; the colour detector would start Monaco's editor worker and
    // sync the model to it on every edit.
    colorDecorators: false,
    // YAML's structure is its indentation; folding by it needs no round trip to the YAML worker
    // after each edit (measured: edit-to-verdict p95 42 -> 36 ms in the same run).
    foldingStrategy: 'indentation',
    // Long lines (connection strings, flow-style rules) and the inline note after a deciding
    // rule wrap instead of running off the right edge.
    wordWrap: large ? 'off' : 'on',
    wrappingIndent: 'deepIndent',
    ...(large ? { folding: false, matchBrackets: 'never' as const, guides: { indentation: false }, quickSuggestions: false, wordBasedSuggestions: 'off' as const } : {}),
  });
  // Typing once to warm up would rebuild a large model (setValue) for little gain.
  if (!large) warmUp(editor);
  const decorations = editor.createDecorationsCollection();
  const shown = { markers: '', notes: '' };
  // For measuring scripts: try editor options without a rebuild.
  (host as HTMLElement & { rlEditor?: unknown; rlMonaco?: unknown }).rlEditor = editor;
  // For measuring scripts: a bare editor on the same page (the echo floor of npm run measure).
  (host as HTMLElement & { rlMonaco?: unknown }).rlMonaco = monaco;
  return {
    getValue: () => model.getValue(),
    setValue: (t) => {
      editor.pushUndoStop();
      editor.executeEdits('reachlab-replace', [{ range: model.getFullModelRange(), text: t }]);
      editor.pushUndoStop();
    },
    revealLine: (line, focus = true) => {
      editor.revealLineInCenter(line);
      editor.setSelection(new monaco.Range(line, 1, line, model.getLineMaxColumn(line)));
      if (focus) editor.focus();
    },
    replaceLineEnd: (line, column, t) => {
      editor.executeEdits('reachlab-connection-string', [{ range: new monaco.Range(line, column, line, model.getLineMaxColumn(line)), text: t }]);
    },
    onChange: (fn) => void model.onDidChangeContent(fn),
    onEdits: (fn) => void model.onDidChangeContent((e) => fn(e.changes.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text })))),
    length: () => model.getValueLength(),
    focus: () => editor.focus(),
    show(view) {
      // Only what changed is handed to Monaco: re-setting equal markers or notes still makes it
      // recompute line layout (the notes are injected text) and re-render the lines.
      const markers = toMarkers(view, monaco.MarkerSeverity);
      const markersKey = JSON.stringify(markers);
      if (markersKey !== shown.markers) {
        shown.markers = markersKey;
        monaco.editor.setModelMarkers(model, 'reachlab', markers);
      }
      const notes = toNotes(view);
      const notesKey = JSON.stringify(notes);
      if (notesKey === shown.notes) return;
      shown.notes = notesKey;
      decorations.set(
        notes.map((n) => ({
          range: new monaco.Range(n.line, 1, n.line, model.getLineMaxColumn(n.line)),
          options: { after: { content: `  ← ${n.text}`, inlineClassName: `rl-note rl-note-${n.outcome}` } },
        })),
      );
    },
  };
}

/**
 * Runs one keystroke and its deletion through the editor, rendering each, before the learner
 * types: the first real keystroke otherwise pays for compiling Monaco's typing and rendering
 * code (measured: first edit to verdict p50 43 ms against 24 ms for later edits). The text,
 * the selection and the undo history are left as they were; nothing is painted in between.
 */
function warmUp(editor: monaco.editor.IStandaloneCodeEditor): void {
  const model = editor.getModel();
  if (!model) return;
  const text = model.getValue();
  const state = editor.saveViewState();
  const line = Math.min(2, model.getLineCount());
  editor.setPosition({ lineNumber: line, column: model.getLineMaxColumn(line) });
  editor.trigger('reachlab-warm-up', 'type', { text: '1' });
  editor.render(true);
  editor.trigger('reachlab-warm-up', 'deleteLeft', null);
  editor.render(true);
  // A fresh value also empties the undo stack, so Undo cannot bring the warm-up back.
  model.setValue(text);
  if (state) editor.restoreViewState(state);
}

function plainEditor(host: HTMLElement, text: string, label: string): EditorHandle {
  const area = document.createElement('textarea');
  area.className = 'rl-textarea';
  host.classList.add('rl-plain');
  area.value = text;
  area.spellcheck = false;
  area.setAttribute('aria-label', `Scenario editor for ${label} (YAML)`);
  host.append(area);
  const notes = document.createElement('ul');
  notes.className = 'rl-plain-notes';
  host.append(notes);
  return {
    getValue: () => area.value,
    revealLine: (line, focus = true) => {
      const lines = area.value.split('\n');
      const start = lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
      if (focus) area.focus();
      area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    },
    setValue: (t) => {
      // Through the editing command, so that the text area's own Undo brings the text back.
      area.focus();
      area.select();
      if (document.execCommand('insertText', false, t)) return;
      area.value = t;
      area.dispatchEvent(new Event('input'));
    },
    replaceLineEnd: (line, column, t) => {
      const lines = area.value.split('\n');
      const l = lines[line - 1] ?? '';
      lines[line - 1] = l.slice(0, column - 1) + t;
      area.value = lines.join('\n');
      area.dispatchEvent(new Event('input'));
    },
    onChange: (fn) => area.addEventListener('input', fn),
    length: () => area.value.length,
    focus: () => area.focus(),
    show(view) {
      notes.replaceChildren(
        ...toNotes(view).map((n) => {
          const li = document.createElement('li');
          li.textContent = `Line ${n.line}: ${n.text}`;
          return li;
        }),
      );
    },
  };
}

const STOPPED = 'Reachlab stopped';

/**
 * How long typing pauses before a text evaluated on the page goes to the worker as well; the
 * worker then answers who-can-reach and what-changed (EXTRAS_AFTER_VIEWLESS_MS later).
 */
const VIEWLESS_AFTER_MS = 200;

/**
 * The watchdog's time limit: ENGINE_TIMEOUT_MS, or shorter with ?rl-watchdog-ms=N (at least
 * 50), so that a browser test can see a real evaluation stopped without waiting 5 seconds.
 */
function watchdogMs(): number {
  const asked = Number(new URLSearchParams(location.search).get('rl-watchdog-ms'));
  return Number.isFinite(asked) && asked >= 50 ? Math.min(asked, ENGINE_TIMEOUT_MS) : ENGINE_TIMEOUT_MS;
}

/** Replaces the static sandbox with a live one. */
export async function mountSandbox(el: HTMLElement, data: SandboxData, text: string): Promise<void> {
  const host = el.querySelector<HTMLElement>('.rl-editor')!;
  const live = el.querySelector<HTMLElement>('.rl-live')!;
  const status = el.querySelector<HTMLElement>('.rl-status')!;
  const timing = el.querySelector<HTMLElement>('.rl-timing')!;
  const staticCode = el.querySelector<HTMLElement>('.rl-static-code')!;
  // The engine's worker starts first and warms up while Monaco loads.
  // Through a watchdog: an evaluation that runs too long stops the worker (see engine-client.ts).
  const worker = new EngineClient(() => new EngineWorker(), watchdogMs());
  // A large network (compact.ts): its text crosses to the worker once, then only its edits; the
  // committed text once. Its first evaluation starts now, while Monaco loads.
  const large = text.length > LARGE_TEXT;
  /** Edits not yet sent; undefined when the worker needs the whole text (first run, restart). */
  let unsent: TextEdit[][] | undefined;
  let seq = 0;
  let inFlight = false;
  const early: MessageEvent[] = [];
  if (large) {
    worker.onmessage = (e) => early.push(e);
    seq = 1;
    inFlight = true;
    worker.postMessage({ kind: 'eval', id: 1, text, base: data.text, editedAt: performance.now(), selected: 0 } satisfies ToWorker);
    unsent = [];
  } else worker.postMessage({ kind: 'warm', text } satisfies ToWorker);
  host.hidden = false;
  const editor = wantsPlainEditor() ? plainEditor(host, text, data.id) : await monacoEditor(host, text, data.id);
  if (large && !editor.onEdits) unsent = undefined;
  editor.onEdits?.((edits) => unsent?.push(edits));
  staticCode.hidden = true;
  el.querySelector<HTMLElement>('[data-action="edit"]')?.setAttribute('hidden', '');
  for (const b of el.querySelectorAll<HTMLButtonElement>('[data-action]')) {
    const a = b.dataset.action;
    if (a === 'edit') continue;
    if ((a === 'hint' && !data.hints.length) || (a === 'solution' && !data.solution)) continue;
    b.hidden = false;
  }

  connectionStringField(el, editor, text);
  // A draft of megabytes would not fit in localStorage, and building it after each pause would
  // compete with the next edit: a large network keeps no draft.
  if (!large) keepDraft(el, data, editor);
  const sandbox = el as HTMLElement & { askFlow?: (index: number) => void; revealLine?: (line: number, focus?: boolean) => void; rlState?: { live: boolean; predict?: boolean; revealed?: ReadonlySet<number> } };
  sandbox.revealLine = (line: number, focus?: boolean) => editor.revealLine(line, focus);
  if (sandbox.rlState) sandbox.rlState.live = true;
  else (sandbox as { rlState?: unknown }).rlState = { selected: 0, predict: el.dataset.predict === 'true', revealed: new Set(), live: true };
  /** The target the learner chose for who-can-reach; it stays chosen while they edit. */
  let reachTarget: string | undefined;
  el.addEventListener('change', (ev) => {
    const sel = ev.target as HTMLSelectElement;
    if (sel.dataset.rl !== 'reach') return;
    reachTarget = sel.value;
    worker.postMessage({ kind: 'reach', ...(large && !inFlight && unsent?.length === 0 ? {} : { text: editor.getValue() }), target: sel.value } satisfies ToWorker);
  });
  // A compact view's list of every verdict is filled when opened (render.ts, allOpen).
  el.addEventListener(
    'toggle',
    (ev) => {
      const d = ev.target as HTMLDetailsElement;
      const cur = (el as HTMLElement & { rlView?: SandboxView }).rlView;
      if (!d.classList?.contains('rl-all-flows') || !cur || d.open === Boolean(d.querySelector('.rl-all-list'))) return;
      const focused = d.contains(document.activeElement);
      renderInto(el, cur);
      if (focused) el.querySelector<HTMLElement>('details.rl-all-flows > summary')?.focus();
    },
    true,
  );
  // A compact view's light flow, chosen on the diagram: the worker sends it in full.
  sandbox.askFlow = (index: number) => worker.postMessage({ kind: 'flow', index } satisfies ToWorker);
  // The live text, for scripts and tests (the editor's DOM only renders visible lines).
  (el as HTMLElement & { getText?: () => string }).getText = () => editor.getValue();
  // No debounce: each edit is sent at once, but never more than one evaluation is in flight;
  // edits made meanwhile are coalesced into one run of the latest text when it returns.
  let dirty = false;
  let editedAt = performance.now();
  let postedAt = 0;
  let hintIndex = 0;
  let viewlessTimer: ReturnType<typeof setTimeout> | undefined;
  let timingText = '';
  let timingPending = false;
  const showTiming = (t: string) => {
    timingText = t;
    if (timingPending) return;
    timingPending = true;
    const write = () => {
      timingPending = false;
      if (timing.textContent !== timingText) timing.textContent = timingText;
    };
    if ('requestIdleCallback' in window) requestIdleCallback(write, { timeout: 1000 });
    else setTimeout(write, 200);
  };
  const run = () => {
    // Lesson-sized: the verdict in this very task, painted with the character (local-engine.ts);
    // the worker still works out who-can-reach and what-changed after a pause.
    const local = inFlight || large ? undefined : evaluateHere(editor.getValue());
    if (local) {
      seq++;
      // The worker reads the text only once typing pauses, for who-can-reach and what-changed:
      // reading it on every key would take the second core from the editor's own rendering.
      clearTimeout(viewlessTimer);
      viewlessTimer = setTimeout(() => {
        postedAt = performance.now();
        worker.postMessage({ kind: 'eval', id: seq, text: editor.getValue(), base: data.text, editedAt, reachTarget, viewless: true } satisfies ToWorker);
      }, VIEWLESS_AFTER_MS);
      const at = performance.timeOrigin + performance.now();
      (worker.onmessage as (e: { data: unknown }) => void)({ data: { id: seq, view: local.view, ms: local.ms, editedAt, receivedAt: at, sentAt: at } });
      return;
    }
    if (inFlight) {
      dirty = true;
      return;
    }
    inFlight = true;
    dirty = false;
    seq++;
    postedAt = performance.now();
    const selected = sandbox.rlState && 'selected' in sandbox.rlState ? (sandbox.rlState as { selected: number }).selected : 0;
    if (large && unsent) {
      worker.postMessage({ kind: 'eval', id: seq, edits: unsent, length: editor.length(), editedAt, reachTarget, selected } satisfies ToWorker);
      unsent = [];
    } else {
      worker.postMessage({ kind: 'eval', id: seq, text: editor.getValue(), base: data.text, editedAt, reachTarget, selected } satisfies ToWorker);
      if (large && editor.onEdits) unsent = [];
    }
  };
  worker.onmessage = (e: MessageEvent<Required<Pick<FromWorker, 'id' | 'view' | 'ms' | 'editedAt' | 'receivedAt' | 'sentAt'>> & Pick<FromWorker, 'reach' | 'extras' | 'done' | 'resync' | 'flow'>>) => {
    const cur = (el as HTMLElement & { rlView?: SandboxView }).rlView;
    if (e.data.resync) {
      // The worker lost track of the text (its edits did not apply): the whole text next.
      inFlight = false;
      unsent = undefined;
      run();
      return;
    }
    // A viewless evaluation is done: only the watchdog (engine-client.ts) needed to know.
    if (e.data.done) return;
    if (e.data.flow) {
      if (cur && cur.flows[e.data.flow.index]?.light) {
        const flows = [...cur.flows];
        flows[e.data.flow.index] = e.data.flow.view;
        renderInto(el, { ...cur, flows });
      }
      return;
    }
    if (e.data.reach) {
      if (cur) renderInto(el, { ...cur, reach: e.data.reach });
      return;
    }
    if (e.data.extras) {
      if (cur && e.data.id === seq && !inFlight) {
        renderInto(el, { ...cur, ...e.data.extras, extrasStale: false });
        el.dataset.extras = String(e.data.id);
      }
      return;
    }
    inFlight = false;
    if (dirty) {
      run();
      return;
    }
    const receivedAt = performance.now();
    // Who-can-reach and what-changed follow after a pause in typing: until then the last ones
    // stay, marked as updating, rather than vanishing and coming back on every keystroke.
    // A large network's diagram comes only when it changed (engine.worker.ts): else the last one.
    const got: SandboxView = e.data.view.diagram ? e.data.view : { ...e.data.view, diagram: cur?.diagram ?? { nodes: [] } };
    const v: SandboxView = cur?.reach || cur?.flips ? { ...got, reach: cur.reach, flips: cur.flips, extrasStale: true } : got;
    // An edit that changes nothing shown (the title, a comment) leaves the page as it is: the
    // keystroke's frame then costs what the editor alone costs (view.ts, sameShown). Only once
    // the live sandbox has drawn itself: the static page's panels lack the live controls.
    const unchanged = el.dataset.ready === 'true' && cur !== undefined && sameShown(cur, v);
    if (unchanged) (el as HTMLElement & { rlView?: SandboxView }).rlView = v;
    else {
      renderInto(el, v);
      editor.show(v);
      // Announced only when it changes: a screen reader should not hear the same verdict per key.
      const said = announce(v, sandbox.rlState, cur);
      if (said && live.textContent !== said) live.textContent = said;
    }
    const latency = performance.now() - e.data.editedAt;
    if (el.dataset.ready !== 'true') el.dataset.ready = 'true';
    el.dataset.runs = String(e.data.id);
    // The engine's figure changes with every key, and writing it would lay the sandbox out again
    // in the keystroke's frame: it is written when the page is next idle, between keys.
    showTiming(`Evaluated in ${e.data.ms.toFixed(1)} ms`);
    // A verdict again after the watchdog stopped the worker: its message has done its job.
    if (status.textContent?.startsWith(STOPPED)) status.textContent = '';
    if (status.textContent === 'Loading the editor…') status.textContent = '';
    if (!unchanged) saveProgress(data.id, v.goalsMet, v.goalsTotal);
    // A runbook's sandbox (expectations, no goals): done once every expectation holds here.
    if (!unchanged && !v.goalsTotal && !v.markers.some((m) => m.severity === 'error')) {
      const expects = v.flows.filter((f) => f.expect !== undefined);
      saveExpectations(data.id, expects.filter((f) => f.met === true).length, expects.length);
    }
    el.dispatchEvent(new CustomEvent('reachlab:result', { detail: { view: v, latency, engineMs: e.data.ms, renderMs: performance.now() - receivedAt, waitMs: receivedAt - e.data.editedAt, phases: phases(e.data, postedAt, receivedAt) } }));
  };
  worker.ontimeout = (ms) => {
    // The worker was restarted; the text in the editor is untouched. A fresh worker needs it whole.
    inFlight = false;
    dirty = false;
    if (large) unsent = undefined;
    el.dataset.stopped = String(worker.restarts);
    status.textContent = `${STOPPED} evaluating this text after ${ms / 1000} seconds: it is too large or too complex to check in the page. Your text is kept; edit it to try again.`;
  };
  editor.onChange(() => {
    editedAt = performance.now();
    run();
  });
  // A large network's first evaluation was sent before the editor loaded: its answer (if in) now.
  for (const e of early.splice(0)) worker.onmessage?.(e);
  el.addEventListener('click', (ev) => {
    const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('[data-action]');
    if (!b) return;
    switch (b.dataset.action) {
      case 'reset':
        editor.setValue(data.text);
        status.textContent = 'Reset to the lesson\u2019s scenario.';
        break;
      case 'solution':
        if (data.solution !== null) editor.setValue(data.solution);
        status.textContent = 'Showing the solution.';
        break;
      case 'hint': {
        const h = data.hints[hintIndex % data.hints.length];
        hintIndex++;
        for (const p of el.querySelectorAll<HTMLElement>('.rl-hint')) p.hidden = false;
        status.textContent = h ? `Hint: ${h}` : '';
        break;
      }
      case 'share':
        void shareCode(editor.getValue()).then(async (share) => {
          // Too large for a link (share.ts): said, and the address bar keeps its link.
          if (!share.ok) {
            status.textContent = share.message;
            return;
          }
          const code = share.code;
          const url = `${location.origin}${location.pathname}#${SHARE_PREFIX}${data.id}=${code}`;
          history.replaceState(null, '', url);
          try {
            await navigator.clipboard.writeText(url);
            status.textContent = 'Share link copied (passwords are masked).';
          } catch {
            status.textContent = 'Share link is in the address bar (passwords are masked).';
          }
        });
        break;
    }
  });
  if (!large) run();
  editor.focus();
}

/**
 * Where the time between an edit and its result went, in ms: queued behind a run in flight,
 * the message to the worker, the engine, the message back (the main thread was busy).
 */
function phases(d: { editedAt: number; receivedAt: number; sentAt: number; ms: number }, postedAt: number, arrivedAt: number): Record<string, number> {
  const t0 = performance.timeOrigin;
  return { queued: postedAt - d.editedAt, toWorker: d.receivedAt - t0 - postedAt, engine: d.ms, fromWorker: arrivedAt - (d.sentAt - t0) };
}

/** Where the first connection string is: its line, the column its value starts at, the value. */
export function findConnectionString(text: string): { line: number; column: number; value: string } | undefined {
  // Most scenarios have none: a scan spares splitting a large one into its lines.
  if (!text.includes('connectionString')) return undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*(?:-\s+)?connectionString:\s*)(.*)$/.exec(lines[i]!);
    if (m) return { line: i + 1, column: m[1]!.length + 1, value: m[2]! };
  }
  return undefined;
}

/** A one-line field bound to the first connectionString of the scenario. */
function connectionStringField(el: HTMLElement, editor: EditorHandle, text: string): void {
  // The text the editor opened with (not getValue(): megabytes to build again for a large network).
  const found = findConnectionString(text);
  if (!found) return;
  const wrap = document.createElement('div');
  wrap.className = 'rl-cs';
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'text';
  input.spellcheck = false;
  input.autocomplete = 'off';
  input.id = `${el.dataset.id ?? 'sandbox'}-cs`;
  label.htmlFor = input.id;
  label.textContent = `Connection string (line ${found.line})`;
  input.value = found.value;
  wrap.append(label, input);
  el.querySelector('.rl-editor')?.before(wrap);
  input.addEventListener('input', () => {
    const at = findConnectionString(editor.getValue());
    if (at) editor.replaceLineEnd(at.line, at.column, input.value);
  });
  // The field follows the editor once the keystroke's frame is painted: reading the whole text
  // for it on every key would add to the time the typed character takes to show.
  let pending = false;
  const sync = () => {
    pending = false;
    if (document.activeElement === input) return;
    const at = findConnectionString(editor.getValue());
    // Written only when they change.
    if (wrap.hidden !== !at) wrap.hidden = !at;
    if (at) {
      if (input.value !== at.value) input.value = at.value;
      const said = `Connection string (line ${at.line})`;
      if (label.textContent !== said) label.textContent = said;
    }
  };
  editor.onChange(() => {
    if (pending || document.activeElement === input) return;
    pending = true;
    requestAnimationFrame(() => setTimeout(sync, 0));
  });
}
