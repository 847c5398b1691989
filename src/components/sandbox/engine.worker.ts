// The engine in a Web Worker: each message is a scenario text; the answer is its view.
import { viewOf } from './view.ts';

let warmed = false;

self.onmessage = (e: MessageEvent<{ id: number; text: string; editedAt: number }>) => {
  const started = performance.now();
  const view = viewOf(e.data.text);
  self.postMessage({ id: e.data.id, view, ms: performance.now() - started, editedAt: e.data.editedAt });
  if (!warmed) {
    // Warm the JIT once, right after the first answer, so the learner's first edits are as fast
    // as the later ones (measured: cold runs dominated the p95 of edit-to-verdict).
    warmed = true;
    for (let i = 0; i < 8; i++) viewOf(e.data.text);
  }
};
