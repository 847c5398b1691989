// When a sandbox's network is too large to show whole (a runbook over an enterprise network):
// the thresholds, in one place for the worker (view.ts), the page (render.ts) and the editor.
// Lessons stay far below every one of them, so their pages are unchanged.

/** Above this many flows (goals and probes), the view is compact (see render.ts). */
export const COMPACT_FLOWS = 60;
/** In a compact view, at most this many flows with expectations are shown (and built) in full. */
export const COMPACT_DETAILED = 25;
/** Above this many objects, the diagram shows only the selected flow's path. */
export const COMPACT_NODES = 200;
/** In a compact view, at most this many problems are listed (errors first). */
export const COMPACT_PROBLEMS = 20;
/** Above this many characters, the page shows a plain preview of the scenario (not highlighted). */
export const PREVIEW_CHARS = 200_000;
/** Lines of the scenario in that preview. */
export const PREVIEW_LINES = 120;
/**
 * Above this many characters, the editor edits plain text (no YAML tooling, no wrapping), and
 * sends the worker each edit rather than the whole text.
 */
export const LARGE_TEXT = 500_000;

export function isCompact(flows: number): boolean {
  return flows > COMPACT_FLOWS;
}

/** The flows of a compact view shown in full: those with expectations, unmet first (at most COMPACT_DETAILED), and the selected one. */
export function shownFlows(flows: ReadonlyArray<{ readonly expect?: unknown; readonly met?: boolean }>, selected = 0): number[] {
  const withExpect = flows.map((f, i) => [f, i] as const).filter(([f]) => f.expect !== undefined);
  const order = [...withExpect.filter(([f]) => f.met === false), ...withExpect.filter(([f]) => f.met !== false)].slice(0, COMPACT_DETAILED).map(([, i]) => i);
  return order.includes(selected) || !flows[selected] ? order : [...order, selected];
}
