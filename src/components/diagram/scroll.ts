// Where the diagram's panel scrolls to after an edit (wide lesson layout, where the diagram
// scrolls in a panel under the editor): to the drawn path when it fits, else to the "decided here"
// mark with as much of the path beside it as the panel holds. Pure (scrollTopFor) and tested;
// showPath applies it to the page.

/** A vertical extent, in the panel's content coordinates (0 = the top of what scrolls). */
export interface Span {
  readonly top: number;
  readonly bottom: number;
}

/** Room kept around what is shown, in CSS pixels. */
export const SCROLL_MARGIN = 8;

/**
 * The scrollTop that shows the path in a panel of height `view`, or undefined to stay where it is.
 * - The path (its bounding box, mark and labels included) fits: centred in the panel, unless the
 *   panel already shows all of it (an edit that moves nothing makes nothing jump).
 * - It does not fit: the mark is shown, at the edge of the panel towards the far end of the path,
 *   so that the rest of the panel shows the path leading to it (above it, or below it).
 */
export function scrollTopFor(path: Span, mark: Span | undefined, current: number, view: number, margin = SCROLL_MARGIN): number | undefined {
  const height = path.bottom - path.top;
  if (height <= view) {
    const m = Math.min(margin, (view - height) / 2);
    if (path.top - m >= current && path.bottom + m <= current + view) return undefined;
    return Math.max(0, Math.round((path.top + path.bottom) / 2 - view / 2));
  }
  if (!mark) return Math.max(0, Math.round(path.top - margin));
  // The window that holds the mark and reaches furthest towards the longer part of the path.
  const above = mark.top - path.top;
  const below = path.bottom - mark.bottom;
  const top = above >= below ? Math.max(path.top - margin, mark.bottom + margin - view) : Math.min(mark.top - margin, path.bottom + margin - view);
  return Math.max(0, Math.round(top));
}

/**
 * Scrolls a panel that holds a diagram (only the panel, never the page) so that its visible
 * layout's path shows, by scrollTopFor. Does nothing when the panel does not scroll.
 */
export function showPath(panel: HTMLElement): void {
  if (panel.scrollHeight <= panel.clientHeight + 1) return;
  const svg = [...panel.querySelectorAll<SVGSVGElement>('svg.dg')].find((s) => s.getClientRects().length);
  const drawn = svg?.querySelector('.dg-path');
  if (!svg || !drawn) return;
  const p = panel.getBoundingClientRect();
  const at = (r: DOMRect): Span => ({ top: r.top - p.top + panel.scrollTop, bottom: r.bottom - p.top + panel.scrollTop });
  // The legs, the start dot, the mark with its label, "seen as", and the objects (not the
  // containers) the path goes through: their names are part of reading it.
  const parts = [drawn, ...svg.querySelectorAll('.dg-start, .dg-path ~ .dg-stop, .dg-seen, .dg-on-path')].filter((e) => !isContainer(e));
  const spans = parts.map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0).map(at);
  if (!spans.length) return;
  const path = { top: Math.min(...spans.map((s) => s.top)), bottom: Math.max(...spans.map((s) => s.bottom)) };
  const markEl = svg.querySelector('.dg-path ~ .dg-stop');
  const top = scrollTopFor(path, markEl ? at(markEl.getBoundingClientRect()) : undefined, panel.scrollTop, panel.clientHeight);
  if (top !== undefined) panel.scrollTop = top;
}

const watched = new WeakSet<HTMLElement>();

/**
 * Frames the path again whenever the panel changes size (the toolbar's status wraps and unwraps,
 * the keyboard help opens, the window is resized): the path stays framed as the layout settles.
 */
export function keepPathShown(panel: HTMLElement): void {
  if (watched.has(panel) || typeof ResizeObserver === 'undefined') return;
  watched.add(panel);
  let last = -1;
  new ResizeObserver(() => {
    if (panel.clientHeight === last) return;
    last = panel.clientHeight;
    showPath(panel);
  }).observe(panel);
}

/**
 * Boxes that hold others (a VNet, a subnet): on the path, but too large to frame it. The kinds of
 * model.ts's CONTAINERS, by their class: importing model.ts would bring the engine into the page.
 */
function isContainer(e: Element): boolean {
  return ['dg-internet', 'dg-vnet', 'dg-subnet', 'dg-onprem', 'dg-cloud-service'].some((c) => e.classList.contains(c));
}
