// The view of a network too large for the page (its text is fetched), before its editor is
// opened: the first "Show on diagram" or step needs the analysis, and it is done in the engine
// worker. On the page's thread it was one task of 0.7-0.9 s on the 10 MB example network
// (scripts/measure-show-on-diagram.mjs), during which the page did not respond.
import EngineWorker from './engine.worker.ts?worker';
import { renderInto } from './interact.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import type { SandboxView } from './view.ts';

interface Host extends HTMLElement {
  rlView?: SandboxView;
  /** Asks for a compact view's light flow in full (interact.ts calls it). */
  askFlow?: (index: number) => void;
}

/**
 * Analyses text in a worker of its own: resolves to the compact view (with `selected` in full
 * and who-can-reach), then answers the flows the reader picks. `stop` ends the worker (the
 * editor, once opened, has its own).
 */
export function viewInWorker(el: Host, text: string, selected: number): { view: Promise<SandboxView>; stop: () => void } {
  const worker = new EngineWorker();
  const view = new Promise<SandboxView>((resolve, reject) => {
    worker.onerror = (e) => reject(new Error(e.message));
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      if (e.data.view) resolve(e.data.view);
      const f = e.data.flow;
      const cur = el.rlView;
      if (f && cur?.flows[f.index]?.light) {
        const flows = [...cur.flows];
        flows[f.index] = f.view;
        renderInto(el, { ...cur, flows });
      }
    };
  });
  worker.postMessage({ kind: 'eval', id: 1, text, editedAt: performance.now(), selected, still: true } satisfies ToWorker);
  el.askFlow = (index) => worker.postMessage({ kind: 'flow', index } satisfies ToWorker);
  return {
    view,
    stop: () => {
      worker.terminate();
      delete el.askFlow;
    },
  };
}
