// Progress: the goals met per sandbox, and the onboarding pages done, kept in localStorage and
// shown in the sidebar.
//
// A lesson is done when its goals are all met (key: the sandbox's id, which is the lesson's slug).
// A runbook page (a page whose sandboxes state expectations and no goals) is done when the
// reader has opened each of its sandboxes (Edit and run) and every expectation holds there; a
// page without a sandbox is done when the reader presses "Mark as read" (MarkAsRead.astro). Pages
// are kept under `page:<path>`, and any sidebar link to a done page gets the mark.
const KEY = 'reachlab:progress:v1';

export type Progress = Record<string, { met: number; total: number }>;

export function readProgress(): Progress {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Progress;
  } catch {
    return {};
  }
}

function write(p: Progress): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(p));
  } catch {
    // Private mode or full storage: progress is simply not kept.
  }
}

export function saveProgress(id: string, met: number, total: number): void {
  if (!total) return;
  const p = readProgress();
  // Progress only grows: a later edit that breaks a goal does not erase that it was met.
  const old = p[id];
  if (old && old.met >= met && old.total === total) return;
  p[id] = { met: Math.max(met, old?.total === total ? old.met : 0), total };
  write(p);
  decorateSidebar();
}

/** A page's key: its path, with one trailing slash (as Starlight links it). */
export const pageKey = (path: string): string => `page:${path.replace(/\/(index\.html)?$/, '')}/`;

/** Whether a page (by path) is done. */
export function isPageDone(path: string, p: Progress = readProgress()): boolean {
  const e = p[pageKey(path)];
  return !!e && e.met >= e.total;
}

/** Marks the current page done, or not done (the "Mark as read" button, which toggles). */
export function markPageDone(path: string = location.pathname, done = true): void {
  const p = readProgress();
  if (done) p[pageKey(path)] = { met: 1, total: 1 };
  else delete p[pageKey(path)];
  write(p);
  decorateSidebar();
}

/**
 * A sandbox with expectations (and no goals) reported its verdicts: when every expectation holds,
 * the sandbox is done; the page is done once every such sandbox on it is.
 */
export function saveExpectations(sandboxId: string, met: number, total: number, root: ParentNode = document): void {
  if (!total || met < total) return;
  saveProgress(`expect:${sandboxId}`, met, total);
  const p = readProgress();
  const boxes = [...root.querySelectorAll<HTMLElement>('reachlab-sandbox[data-expects]')];
  const done = boxes.filter((b) => {
    const e = p[`expect:${b.dataset.id}`];
    return e && e.met >= e.total;
  }).length;
  const key = pageKey(location.pathname);
  if (boxes.length && (p[key]?.met ?? 0) < done) {
    p[key] = { met: done, total: boxes.length };
    write(p);
  }
  decorateSidebar();
}

function mark(a: HTMLAnchorElement): void {
  if (a.querySelector('.rl-done')) return;
  const m = document.createElement('span');
  m.className = 'rl-done';
  m.textContent = ' ✓';
  m.setAttribute('aria-label', '(completed)');
  a.append(m);
}

/** On page load, marks the sidebar links of lessons whose goals are all met and of pages done. */
export function decorateSidebar(): void {
  const p = readProgress();
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[href]')) {
    // Links to other pages only: not a table of contents' links to headings of this one.
    if (a.origin !== location.origin || a.hash) continue;
    // Lessons here, and steps of a team's onboarding path (links the plugin marks data-rl-step).
    const slug = a.pathname.replace(/\/$/, '').split('/').pop() ?? '';
    const entry = a.matches('a[href*="/lessons/"], a[data-rl-step]') ? p[slug] : undefined;
    if (isPageDone(a.pathname, p) || (entry && entry.met >= entry.total)) mark(a);
    else a.querySelector('.rl-done')?.remove();
  }
}
