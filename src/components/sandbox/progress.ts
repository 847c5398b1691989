// Progress: the goals met per sandbox, kept in localStorage and shown in the lesson list.
const KEY = 'reachlab:progress:v1';

export type Progress = Record<string, { met: number; total: number }>;

export function readProgress(): Progress {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Progress;
  } catch {
    return {};
  }
}

export function saveProgress(id: string, met: number, total: number): void {
  if (!total) return;
  const p = readProgress();
  // Progress only grows: a later edit that breaks a goal does not erase that it was met.
  const old = p[id];
  if (old && old.met >= met && old.total === total) return;
  p[id] = { met: Math.max(met, old?.total === total ? old.met : 0), total };
  try {
    localStorage.setItem(KEY, JSON.stringify(p));
  } catch {
    // Private mode or full storage: progress is simply not kept.
  }
  decorateSidebar();
}

/** On page load, marks the sidebar links of lessons whose goals are all met. */
export function decorateSidebar(): void {
  const p = readProgress();
  // Lessons here, and steps of a team's onboarding path (links the plugin marks data-rl-step).
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[href*="/lessons/"], nav a[data-rl-step]')) {
    const slug = a.pathname.replace(/\/$/, '').split('/').pop() ?? '';
    const entry = p[slug];
    let mark = a.querySelector('.rl-done');
    if (entry && entry.met >= entry.total) {
      if (!mark) {
        mark = document.createElement('span');
        mark.className = 'rl-done';
        mark.textContent = ' ✓';
        mark.setAttribute('aria-label', '(completed)');
        a.append(mark);
      }
    }
  }
}
