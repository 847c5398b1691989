// The engine in a Web Worker. Messages: { kind: 'eval', text, base } answers the view of text
// (with the flows that differ from base); { kind: 'reach', text, target } answers who reaches
// target.
import { analyze, type Analysis } from '../../engine/index.ts';
import { extrasOf, reachView, toView } from './view.ts';

let warmed = false;
let extrasTimer: ReturnType<typeof setTimeout> | undefined;
let warmTimer: ReturnType<typeof setTimeout> | undefined;
let busy = false;

/** How long typing must pause before who-can-reach and what-changed are computed. */
const EXTRAS_AFTER_MS = 300;
let base: { text: string; analysis: Analysis } | undefined;
let last: { text: string; analysis: Analysis } | undefined;

type Message = { kind: 'eval'; id: number; text: string; base?: string; editedAt: number; reachTarget?: string } | { kind: 'reach'; text: string; target: string };

self.onmessage = (e: MessageEvent<Message>) => {
  const m = e.data;
  if (m.kind === 'reach') {
    const a = last?.text === m.text ? last.analysis : analyze(m.text);
    self.postMessage({ reach: reachView(a, m.target) });
    return;
  }
  const started = performance.now();
  const receivedAt = performance.timeOrigin + started;
  clearTimeout(extrasTimer);
  clearTimeout(warmTimer);
  busy = warmed;
  if (m.base !== undefined && base?.text !== m.base) base = { text: m.base, analysis: analyze(m.base) };
  const analysis = analyze(m.text);
  last = { text: m.text, analysis };
  // The verdicts go first; who-can-reach and what-changed follow in a second message.
  const view = toView(analysis, undefined, false);
  self.postMessage({ id: m.id, view, ms: performance.now() - started, editedAt: m.editedAt, receivedAt, sentAt: performance.timeOrigin + performance.now() });
  // Measured: computing these right away delayed the verdict of the next keystroke.
  extrasTimer = setTimeout(() => self.postMessage({ id: m.id, extras: extrasOf(analysis, m.reachTarget && view.targets.includes(m.reachTarget) ? [m.reachTarget] : view.targets, base?.analysis) }), EXTRAS_AFTER_MS);
  if (!warmed) {
    // Warm the JIT after the first answer, one run per task, so that an edit arriving meanwhile
    // is answered between two runs instead of waiting for all of them.
    warmed = true;
    let left = 8;
    const warm = () => {
      if (left-- <= 0 || busy) return;
      toView(analyze(m.text));
      warmTimer = setTimeout(warm, 0);
    };
    warmTimer = setTimeout(warm, 0);
  }
};
