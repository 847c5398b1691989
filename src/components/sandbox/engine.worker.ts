// The engine in a Web Worker. Messages: { kind: 'eval', text, base } answers the view of text
// (with the flows that differ from base); { kind: 'reach', text, target } answers who reaches
// target.
import { analyze, type Analysis } from '../../engine/index.ts';
import { extrasOf, reachView, toView } from './view.ts';

let warmed = false;
let base: { text: string; analysis: Analysis } | undefined;
let last: { text: string; analysis: Analysis } | undefined;

type Message = { kind: 'eval'; id: number; text: string; base?: string; editedAt: number } | { kind: 'reach'; text: string; target: string };

self.onmessage = (e: MessageEvent<Message>) => {
  const m = e.data;
  if (m.kind === 'reach') {
    const a = last?.text === m.text ? last.analysis : analyze(m.text);
    self.postMessage({ reach: reachView(a, m.target) });
    return;
  }
  const started = performance.now();
  if (m.base !== undefined && base?.text !== m.base) base = { text: m.base, analysis: analyze(m.base) };
  const analysis = analyze(m.text);
  last = { text: m.text, analysis };
  // The verdicts go first; who-can-reach and what-changed follow in a second message.
  const view = toView(analysis, undefined, false);
  self.postMessage({ id: m.id, view, ms: performance.now() - started, editedAt: m.editedAt });
  self.postMessage({ id: m.id, extras: extrasOf(analysis, view.targets, base?.analysis) });
  if (!warmed) {
    // Warm the JIT once, right after the first answer, so the learner's first edits are as fast
    // as the later ones (measured: cold runs dominated the p95 of edit-to-verdict).
    warmed = true;
    for (let i = 0; i < 8; i++) toView(analyze(m.text));
  }
};
