// A/B of edit-to-verdict latency under different Monaco options, variants interleaved in one
// run so that they share the machine's state. Usage: node scripts/latency-ab.mjs 'JSON' ...
// where each JSON is an options object for editor.updateOptions ('{}' is the baseline).
import { chromium } from 'playwright-core';
import { serveStatic } from './lib/static-server.mjs';
import { logResults, waitResults } from './lib/results.mjs';

const variants = process.argv.slice(2).map((s) => JSON.parse(s));
if (!variants.length) variants.push({});
const rounds = Number(process.env.ROUNDS ?? 2);
const lessons = (process.env.LESSONS ?? '01-sandbox,09-network-acl,11-capstone').split(',');
const server = await serveStatic('dist');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
const lat = variants.map(() => ({ first: [], early: [], rest: [], fromWorker: [] }));
for (let r = 0; r < rounds; r++)
  for (const [vi, opts] of variants.entries())
    for (const l of lessons) {
      await page.goto(`${server.origin}/lessons/${l}/`);
      await page.getByRole('button', { name: 'Edit and run' }).click();
      await page.locator('reachlab-sandbox[data-ready="true"]').waitFor();
      await page.evaluate((o) => document.querySelector('.rl-editor').rlEditor.updateOptions(o), opts);
      await logResults(page);
      await page.waitForTimeout(Number(process.env.WAIT_MS ?? 0));
      await page.locator('.monaco-editor textarea').first().focus();
      await page.keyboard.press('Control+Home');
      for (let i = 0; i < 16; i++) {
        if (i % 2 === 0) {
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('End');
          await page.keyboard.type('1');
        } else await page.keyboard.press('Backspace');
        await waitResults(page, i + 1);
      }
      const got = await page.evaluate(() => window.__rl.map((d) => ({ latency: d.latency, fromWorker: d.phases.fromWorker })));
      got.forEach((g, i) => {
        (i === 0 ? lat[vi].first : i < 4 ? lat[vi].early : lat[vi].rest).push(g.latency);
        lat[vi].fromWorker.push(g.fromWorker);
      });
    }
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1);
};
for (const [vi, v] of variants.entries()) {
  const all = [...lat[vi].first, ...lat[vi].early, ...lat[vi].rest];
  console.log(`${JSON.stringify(v)}\n  all p50 ${pct(all, 50)} p95 ${pct(all, 95)} | first p50 ${pct(lat[vi].first, 50)} | 2nd-4th p50 ${pct(lat[vi].early, 50)} | later p50 ${pct(lat[vi].rest, 50)} p95 ${pct(lat[vi].rest, 95)} | fromWorker p50 ${pct(lat[vi].fromWorker, 50)} (n=${all.length})`);
}
await browser.close();
server.close();
