// Profiles the main thread while typing into a lesson's sandbox and prints the functions with
// the most self time. Build with REACHLAB_NO_MINIFY=1 for readable names.
// Usage: node scripts/profile-edits.mjs [lesson-slug] [edits] [dist]
import { chromium } from 'playwright-core';
import { serveStatic } from './lib/static-server.mjs';

const slug = process.argv[2] ?? '09-network-acl';
const edits = Number(process.argv[3] ?? 30);
const server = await serveStatic(process.argv[4] ?? 'dist');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto(`${server.origin}/lessons/${slug}/`);
await page.getByRole('button', { name: 'Edit and run' }).click();
await page.locator('reachlab-sandbox[data-ready="true"]').waitFor();
await page.evaluate(() => {
  window.__rl = [];
  document.querySelector('reachlab-sandbox').addEventListener('reachlab:result', (e) => window.__rl.push(e.detail.latency));
});
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.locator('.monaco-editor textarea').first().focus();
await page.keyboard.press('Control+Home');
for (let i = 0; i < edits; i++) {
  if (i % 2 === 0) {
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.type('1');
  } else await page.keyboard.press('Backspace');
  await page.waitForFunction((n) => window.__rl.length >= n, i + 1);
}
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
});
// Inclusive time per function too, from the tree.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
profile.samples.forEach((id, i) => {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur).callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + (dt[i] ?? 0));
  }
});
const total = dt.reduce((a, b) => a + b, 0);
console.log(`profile ${(total / 1000).toFixed(0)} ms over ${edits} edits`);
console.log('-- self');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
console.log('-- inclusive');
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
await browser.close();
server.close();
