// The engine in a Web Worker: each message is a scenario text; the answer is its view.
import { viewOf } from './view.ts';

self.onmessage = (e: MessageEvent<{ id: number; text: string }>) => {
  const started = performance.now();
  const view = viewOf(e.data.text);
  self.postMessage({ id: e.data.id, view, ms: performance.now() - started });
};
