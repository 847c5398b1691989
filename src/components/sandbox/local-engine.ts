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
  if (runs === 1) warmUp(text);
  return { view, ms };
}

/**
 * How many edits the warm-up makes, at most; each is a few tenths of a millisecond once warm.
 * The first WARM_ALL_EDITS go to every place; the rest, in idle time only, to the first and last
 * lines (edits inside a plain value, read without reading the text again: tens of microseconds).
 * More edits than 60 help little (measured: the page's engine runs a keystroke as fast as Node's
 * in a tight loop; what makes a learner's keystroke 3-5x slower is the pause before it, which no
 * warm-up removes), but in 3 ms idle slices they cost the learner nothing.
 */
const WARM_EDITS = 400;
const WARM_ALL_EDITS = 60;
/**
 * How long the warm-up may run at once, as the sandbox opens (before its first verdict shows):
 * a learner typing at once after "Edit and run" meets a warm engine. The rest runs when idle.
 */
const SYNC_MS = 25;
/** How long one idle callback of the warm-up may run: a key pressed meanwhile waits at most this. */
export const IDLE_SLICE_MS = 3;
/** Whether a key or click waits to be handled (Chromium's isInputPending; elsewhere never known). */
function inputPending(): boolean {
  const s = (navigator as Navigator & { scheduling?: { isInputPending?: () => boolean } }).scheduling;
  return s?.isInputPending?.() ?? false;
}
let warmed = 0;

/** How many warm-up edits have run (for tests and the measurement scripts). */
export function warmUpEdits(): number {
  return warmed;
}

/**
 * Runs the engine on edits of the lesson's own text, before the learner types: a character typed
 * and taken back at the end of the first line, in the middle (the topology) and near the end (the
 * goals) of the text, in turn; for SYNC_MS as the sandbox opens, then only when the page is idle.
 * The engine's code then runs compiled by the JavaScript engine's optimising tiers rather than
 * interpreted, and a keystroke's verdict costs less of the frame that shows the character (the
 * first keystroke after opening most of all). Nothing it computes is kept: the last text and
 * analysis, and the timing that sends a slow scenario to the worker, are left as they were.
 */
function warmUp(text: string): void {
  if (typeof requestIdleCallback !== 'function') return;
  const places = warmPlaces(text);
  if (!places.length) return;
  let a = last!.analysis;
  let prev = text;
  const cheap = places.length > 1 ? [places[0]!, places[places.length - 1]!] : places;
  let k = 0;
  const edit = (): boolean => {
    const from = k < WARM_ALL_EDITS ? places : cheap;
    const at = from[(k >> 1) % from.length]!;
    const next = k % 2 === 0 ? `${text.slice(0, at)}x${text.slice(at)}` : text;
    try {
      a = reanalyze(a, next, commonPrefix(prev, next));
      toView(a, undefined, false, next);
    } catch {
      return false;
    }
    prev = next;
    warmed = ++k;
    return true;
  };
  const step = (deadline: IdleDeadline) => {
    // Only in time the page has to spare, with room for a cold whole check (a topology edit), and
    // in slices of IDLE_SLICE_MS: a key pressed meanwhile waits for the slice to end (an idle
    // period runs up to 50 ms), so a slice also ends as soon as input is pending.
    const until = performance.now() + IDLE_SLICE_MS;
    while (k < WARM_EDITS && deadline.timeRemaining() > 8 && performance.now() < until && !inputPending()) if (!edit()) return;
    if (k < WARM_EDITS) requestIdleCallback(step, { timeout: 2000 });
  };
  const until = performance.now() + SYNC_MS;
  while (k < WARM_ALL_EDITS && performance.now() < until) if (!edit()) return;
  if (k < WARM_EDITS) requestIdleCallback(step, { timeout: 2000 });
}

/**
 * Where the warm-up types: the end of the first line that is not a comment (a lesson opens with
 * a comment line, and a character typed into a comment is read with the whole text, not by the
 * path a keystroke in a value takes), of a line in the middle and of the last line.
 */
export function warmPlaces(text: string): number[] {
  const first = /^[^#\s]/m.exec(text)?.index;
  const places = [first === undefined ? -1 : text.indexOf('\n', first), text.indexOf('\n', text.length >> 1), text.lastIndexOf('\n', text.length - 2)];
  return places.filter((i) => i > 0);
}

/** How many characters two texts share at their start. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
