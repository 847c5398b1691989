// The engine on the page's own thread, for lesson-sized scenarios: the verdict is computed in
// the same task as the keystroke, so it is painted in the same frame as the typed character
// (through the worker it arrives a few ms later and often misses that frame). A scenario that
// takes long (a big network) goes back to the worker for good, so typing never waits on it.
import { type Analysis, analyze, reanalyze } from '../../engine/index.ts';
import { toView, type SandboxView } from './view.ts';

/** Above this (a running average, so that one slow run on a busy machine does not count). */
const MAX_MS = 10;
const MAX_CHARS = 20_000;
let average = 0;
let runs = 0;
/** The text evaluated last, and its analysis. */
let last: { text: string; analysis: Analysis } | undefined;

/** The view of text, computed here; undefined when the worker should do it. */
export function evaluateHere(text: string): { view: SandboxView; ms: number } | undefined {
  if (text.length > MAX_CHARS || (runs >= 4 && average > MAX_MS)) return undefined;
  const started = performance.now();
  // An edit that leaves the topology's text as it was (a goal, a connection string, the title)
  // reuses its model, validation and lint (reanalyze gives what analyze gives).
  const analysis = last ? reanalyze(last.analysis, text, commonPrefix(last.text, text)) : analyze(text);
  last = { text, analysis };
  const view = toView(analysis, undefined, false, text);
  const ms = performance.now() - started;
  // The first runs compile the engine: they say little about its speed.
  runs++;
  average = runs <= 2 ? ms : average * 0.7 + ms * 0.3;
  return { view, ms };
}

/** How many characters two texts share at their start. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
