// Whether an edit changed anything the sandbox shows. Pure; no import, so the page's controller
// takes it without the engine.

/**
 * Whether two views show the same thing: equal in every value. A view holds what the page shows,
 * lines and columns but no offsets (view.ts, ShownRange), so an edit that changes nothing shown
 * (a character in the title, a comment) gives an equal view, most of it the very same objects
 * (view.ts keeps a flow's view by its result): the sandbox then leaves its panels and the
 * editor's marks as they are, so that the keystroke's frame holds nothing but the editor's own
 * work. Views are plain data (they cross the worker's boundary): arrays, plain objects and
 * primitives.
 */
export function sameShown(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameShown(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    n++;
    if (!(k in y) || !sameShown(x[k], y[k])) return false;
  }
  for (const _ in y) n--;
  return n === 0;
}
