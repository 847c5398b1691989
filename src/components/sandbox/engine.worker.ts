// The engine in a Web Worker. Messages: { kind: 'warm', text } warms the JIT while the editor
// loads; { kind: 'eval', text, base } answers the view of text (then, after a pause, the flows
// that differ from base and who can reach); { kind: 'reach', text, target } answers who reaches
// target.
import { analyze, type Analysis, reanalyze } from '../../engine/index.ts';
import type { TextEdit, ToWorker } from './protocol.ts';
import { COMPACT_NODES, LARGE_TEXT } from './compact.ts';
import { extrasOf, flowOf, reachView, toView } from './view.ts';

let extrasTimer: ReturnType<typeof setTimeout> | undefined;
let warmTimer: ReturnType<typeof setTimeout> | undefined;

/** How long typing must pause before who-can-reach and what-changed are computed. */
const EXTRAS_AFTER_MS = 300;
/**
 * The same for a large network: they take 100-150 ms there (a diff of 1,000 flows), and a
 * keystroke arriving meanwhile waits for them; a longer pause makes that rarer.
 */
const EXTRAS_AFTER_LARGE_MS = 1000;
/** The same for a text the page evaluated itself: it is sent only after a 200 ms pause. */
const EXTRAS_AFTER_VIEWLESS_MS = 100;
let base: { text: string; analysis: Analysis } | undefined;
let last: { text: string; analysis: Analysis } | undefined;
/** The large diagram last sent to the page. */
let diagramKey: string | undefined;

type Message = ToWorker;

/**
 * Warms the JIT on the lesson's text, one run per task so that an edit arriving meanwhile is
 * answered between two runs. Asked for while Monaco is still loading, so it is done before the
 * learner types (measured: when it ran after the first answer, it competed with the first
 * keystrokes for the two cores).
 */
let warmLeft = 8;
let warmText: string | undefined;
function warmUp(text: string): void {
  // A large network: a few runs (each takes 100s of ms; a keystroke waits at most for one), so
  // that the first edits do not pay for compiling the engine (measured: 400 ms against 170 ms).
  if (text.length > LARGE_TEXT) warmLeft = Math.min(warmLeft, 3);
  warmText ??= text;
  clearTimeout(warmTimer);
  if (warmLeft > 0) warmTimer = setTimeout(warmOnce, 0);
}
function warmOnce(): void {
  if (warmLeft <= 0 || warmText === undefined) return;
  warmLeft--;
  if (warmText.length > LARGE_TEXT) analyze(warmText);
  else toView(analyze(warmText));
  warmTimer = setTimeout(warmOnce, 0);
}

self.onmessage = (e: MessageEvent<Message>) => {
  const m = e.data;
  if (m.kind === 'warm') {
    warmUp(m.text);
    return;
  }
  if (m.kind === 'reach') {
    const a = last && (m.text === undefined || last.text === m.text) ? last.analysis : analyze(m.text ?? '');
    self.postMessage({ reach: reachView(a, m.target) });
    return;
  }
  if (m.kind === 'flow') {
    const view = last ? flowOf(last.analysis, m.index, last.text) : undefined;
    if (view) self.postMessage({ flow: { index: m.index, view } });
    return;
  }
  const started = performance.now();
  const text = m.text ?? (last ? applyEdits(last.text, m.edits ?? []) : undefined);
  if (text === undefined || (m.length !== undefined && text.length !== m.length)) {
    // Out of step with the page (a restarted worker, edits lost): ask for the whole text.
    self.postMessage({ id: m.id, done: true, resync: true });
    return;
  }
  const receivedAt = performance.timeOrigin + started;
  clearTimeout(extrasTimer);
  clearTimeout(warmTimer);
  // The learner is typing (the first run is the lesson's own text): the warm-up gives way.
  if (m.id > 1 || m.still) warmLeft = 0;
  // Edits after a JSON network's topology (a probe, an expectation) reuse its model: only the
  // rest is read and checked again (reanalyze gives what analyze gives).
  const from = m.text === undefined && last ? (firstChanged(m.edits ?? []) ?? text.length) : undefined;
  const analysis = from !== undefined && last ? reanalyze(last.analysis, text, from) : analyze(text);
  last = { text, analysis };
  // The committed text comes once; it is usually the text of the first evaluation.
  if (m.base !== undefined && base?.text !== m.base) base = { text: m.base, analysis: m.base === text ? analysis : analyze(m.base) };
  // The verdicts go first; who-can-reach and what-changed follow in a second message. A large
  // network's view holds in full only the flows the page shows (compact.ts).
  const view = toView(analysis, undefined, m.still === true, text, { compact: true, selected: m.selected });
  // A large network's diagram (thousands of objects) crosses only when it changed: most edits
  // change a probe or a rule, not the objects (the page keeps the last one).
  let sent: typeof view | Omit<typeof view, 'diagram'> = view;
  if (view.diagram.nodes.length > COMPACT_NODES) {
    const key = JSON.stringify(view.diagram);
    if (key === diagramKey) {
      const { diagram: _same, ...rest } = view;
      sent = rest;
    }
    diagramKey = key;
  }
  // viewless: the page computed the verdicts itself (local-engine.ts) and wants only the extras.
  if (!m.viewless) self.postMessage({ id: m.id, view: sent, ms: performance.now() - started, editedAt: m.editedAt, receivedAt, sentAt: performance.timeOrigin + performance.now() });
  // The watchdog waits for an answer to every evaluation: without a view, this says it is done.
  else self.postMessage({ id: m.id, done: true });
  // A page not being edited has its extras in the view already.
  if (m.still) return;
  // Measured: computing these right away delayed the verdict of the next keystroke.
  // A viewless text comes only after the page saw a pause in typing (controller.ts): less to wait.
  const after = text.length > LARGE_TEXT ? EXTRAS_AFTER_LARGE_MS : m.viewless ? EXTRAS_AFTER_VIEWLESS_MS : EXTRAS_AFTER_MS;
  extrasTimer = setTimeout(() => self.postMessage({ id: m.id, extras: extrasOf(analysis, m.reachTarget && view.targets.includes(m.reachTarget) ? [m.reachTarget] : view.targets, base?.analysis) }), after);
  warmUp(text);
};

/**
 * The offset of the first character the page's edits changed: no edit touches a place before
 * its offset, in the text it applies to, and what lies before the smallest offset is the same
 * in every one of those texts.
 */
function firstChanged(groups: ReadonlyArray<readonly TextEdit[]>): number | undefined {
  let from: number | undefined;
  for (const g of groups) for (const e of g) from = Math.min(from ?? e.offset, e.offset);
  return from;
}

/** The text after the page's edits: each group in turn, a group's edits from the last offset back. */
function applyEdits(text: string, groups: ReadonlyArray<readonly TextEdit[]>): string {
  let t = text;
  for (const g of groups) {
    for (const e of [...g].sort((a, b) => b.offset - a.offset)) t = t.slice(0, e.offset) + e.text + t.slice(e.offset + e.length);
  }
  return t;
}
