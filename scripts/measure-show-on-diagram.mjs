// Measures "Show on diagram" on the example's runbook over a network of enterprise size
// (runbooks/at-scale) before the editor is opened: the longest main-thread task (a
// PerformanceObserver for 'longtask', tasks over 50 ms) from the click to the diagram showing the
// picked flow's path, their sum, and the time to that diagram. Fresh page per run; builds
// interleaved, so that a busy shared machine weighs on each alike.
// Usage (after the example's build, see scripts/test.sh):
//   node scripts/measure-show-on-diagram.mjs [runs] [dist ...]   (default: examples/team-runbooks/dist)
import { chromium } from 'playwright-core';
import { CHROMIUM, serveStatic } from './lib/static-server.mjs';

const runs = Number(process.argv[2] ?? 3);
const dists = process.argv.length > 3 ? process.argv.slice(3) : ['examples/team-runbooks/dist'];
const path = '/runbooks/at-scale/';
/** A flow of the list that the static page shows as a verdict only (not one of the expectations). */
const FLOW = Number(process.env.FLOW ?? 10);
const servers = await Promise.all(dists.map((d) => serveStatic(d)));
const browser = await chromium.launch(CHROMIUM);
const out = Object.fromEntries(dists.map((d) => [d, []]));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (let r = 0; r < runs; r++) {
  for (const [i, dist] of dists.entries()) {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.addInitScript(() => {
      window.__longtasks = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__longtasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(servers[i].origin + path, { waitUntil: 'networkidle' });
    await page.waitForTimeout(500);
    const m = await page.evaluate(
      (flow) =>
        new Promise((resolve) => {
          const el = document.querySelector('reachlab-sandbox');
          const b = el.querySelector(`.rl-all-list li[data-index="${flow}"] button[data-rl="show"]`);
          const label = b.textContent.trim();
          const cap = () => el.querySelector('figure.rl-diagram figcaption')?.textContent ?? '';
          const t0 = performance.now();
          b.click();
          const poll = () => {
            if (cap().includes(label) && cap().includes('this diagram shows the')) {
              requestAnimationFrame(() =>
                setTimeout(() => {
                  const shown = performance.now() - t0;
                  const after = window.__longtasks.filter((t) => t.start + t.ms >= t0);
                  resolve({ shownMs: Math.round(shown), longestTaskMs: Math.round(Math.max(0, ...after.map((t) => t.ms))), longTasksMs: Math.round(after.reduce((s, t) => s + t.ms, 0)), longTasks: after.length });
                }, 100),
              );
              return;
            }
            if (performance.now() - t0 > 60_000) return resolve({ timeout: true, caption: cap() });
            requestAnimationFrame(poll);
          };
          poll();
        }),
      FLOW,
    );
    out[dist].push(m);
    console.log(dist, JSON.stringify(m));
    await ctx.close();
  }
}
for (const d of dists) {
  const xs = out[d];
  console.log(`${d}: longest task median ${median(xs.map((x) => x.longestTaskMs))} ms (runs ${xs.map((x) => x.longestTaskMs).join(', ')}), long tasks' sum median ${median(xs.map((x) => x.longTasksMs))} ms, click to diagram median ${median(xs.map((x) => x.shownMs))} ms`);
}
await browser.close();
for (const s of servers) s.close();
