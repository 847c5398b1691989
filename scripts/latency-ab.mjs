// A/B of edit-to-verdict latency, variants interleaved in one run so that they share the
// machine's state (on these shared 2-core machines the level drifts by 20% within an hour).
// A variant is a JSON object: {"dist": "path/to/another/build"} serves another build (e.g. the
// previous commit's, as the baseline), {"css": "..."} adds a style sheet after activation, any
// other keys are Monaco options for
// editor.updateOptions. '{}' is the current build as it is.
//   node scripts/latency-ab.mjs '{}' '{"dist":"/tmp/base/dist"}' '{"wordWrap":"off"}'
// ROUNDS (default 2), LESSONS (comma-separated slugs), WAIT_MS (pause after activation).
import { chromium } from 'playwright-core';
import { serveStatic } from './lib/static-server.mjs';
import { activateLesson, typeEdits } from './lib/results.mjs';

const variants = process.argv.slice(2).map((s) => JSON.parse(s));
if (!variants.length) variants.push({});
const rounds = Number(process.env.ROUNDS ?? 2);
const lessons = (process.env.LESSONS ?? '01-sandbox,09-network-acl,11-capstone').split(',');
const servers = new Map();
for (const v of variants) {
  const dir = v.dist ?? 'dist';
  if (!servers.has(dir)) servers.set(dir, await serveStatic(dir));
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
const lat = variants.map(() => ({ first: [], early: [], rest: [], fromWorker: [] }));
for (let r = 0; r < rounds; r++)
  for (const [vi, variant] of variants.entries())
    for (const l of lessons) {
      const { dist, css, ...opts } = variant;
      await activateLesson(page, `${servers.get(dist ?? 'dist').origin}/lessons/${l}/`);
      if (css) await page.addStyleTag({ content: css });
      if (Object.keys(opts).length) await page.evaluate((o) => document.querySelector('.rl-editor').rlEditor.updateOptions(o), opts);
      await page.waitForTimeout(Number(process.env.WAIT_MS ?? 0));
      const got = await typeEdits(page, 16);
      got.forEach((g, i) => {
        (i === 0 ? lat[vi].first : i < 4 ? lat[vi].early : lat[vi].rest).push(g.latency);
        if (g.phases) lat[vi].fromWorker.push(g.phases.fromWorker);
      });
    }
const pct = (xs, p) => {
  if (!xs.length) return '-';
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1);
};
for (const [vi, v] of variants.entries()) {
  const all = [...lat[vi].first, ...lat[vi].early, ...lat[vi].rest];
  console.log(`${JSON.stringify(v)}\n  all p50 ${pct(all, 50)} p95 ${pct(all, 95)} | first p50 ${pct(lat[vi].first, 50)} | 2nd-4th p50 ${pct(lat[vi].early, 50)} | later p50 ${pct(lat[vi].rest, 50)} p95 ${pct(lat[vi].rest, 95)} | fromWorker p50 ${pct(lat[vi].fromWorker, 50)} (n=${all.length})`);
}
await browser.close();
for (const s of servers.values()) s.close();
