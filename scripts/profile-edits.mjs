// Profiles the main thread while typing into a lesson's sandbox and prints the functions with
// the most self and inclusive time (TOP=N lines, default 60). Build with REACHLAB_NO_MINIFY=1 for
// readable names. With --title it types as npm run measure does: six characters, 180 ms apart, at
// the end of the scenario's title line, `edits` times.
// Usage: node scripts/profile-edits.mjs [lesson-slug] [edits] [dist] [--title]
import { chromium } from 'playwright-core';
import { serveStatic } from './lib/static-server.mjs';
import { activateLesson, typeAtTitle, typeEdits } from './lib/results.mjs';

const title = process.argv.includes('--title');
const [slug = '09-network-acl', editsArg, dist = 'dist'] = process.argv.slice(2).filter((a) => a !== '--title');
const edits = Number(editsArg ?? (title ? 4 : 30));
const server = await serveStatic(dist);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await activateLesson(page, `${server.origin}/lessons/${slug}/`);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
if (title) {
  for (let k = 0; k < edits; k++) {
    const text = await page.evaluate(() => document.querySelector('reachlab-sandbox').getText());
    await typeAtTitle(page, 'reachlab-sandbox .monaco-editor', text, 'abcdef', 180);
  }
} else await typeEdits(page, edits);
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (id) => {
  const f = byId.get(id).callFrame;
  return `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
};
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
const dt = profile.timeDeltas;
// Self time per function, and inclusive time (each function once per sample, up the tree).
const self = new Map();
const incl = new Map();
profile.samples.forEach((id, i) => {
  add(self, keyOf(id), dt[i] ?? 0);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) seen.add(keyOf(cur));
  for (const k of seen) add(incl, k, dt[i] ?? 0);
});
const total = dt.reduce((a, b) => a + b, 0);
console.log(`profile ${(total / 1000).toFixed(0)} ms over ${edits} edits`);
console.log('-- self');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
console.log('-- inclusive');
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 60))) console.log(`${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
await browser.close();
server.close();
