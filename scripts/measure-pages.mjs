// Measures the site in Debian's Chromium against its budgets:
//  - JS + CSS (gzip) a page loads before any sandbox is activated (budget 30 KB), and that no
//    Monaco CSS reaches a page before activation;
//  - edit-to-verdict latency in the DOM on every lesson (budget p95 50 ms), with the engine's
//    own time in the worker as the baseline measured in the same run;
//  - optionally (--build) the full build time (budget 60 s).
// Usage: node scripts/measure-pages.mjs [--build]   (after npm run build)
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from './lib/static-server.mjs';
import { activateLesson, typeEdits } from './lib/results.mjs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const results = {};
if (process.argv.includes('--build')) {
  const t = Date.now();
  execSync('npx astro build', { stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  results.buildSeconds = (Date.now() - t) / 1000;
}

const dist = 'dist';
const server = await serveStatic(dist);
const origin = server.origin;

function pagesIn(dir, base = '') {
  const out = [];
  for (const e of readdirSync(join(dir, base), { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith('_') && e.name !== 'pagefind') out.push(...pagesIn(dir, join(base, e.name)));
    else if (e.name === 'index.html') out.push(`/${base ? `${base}/` : ''}`);
  }
  return out;
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage();
const weights = {};
for (const path of pagesIn(dist)) {
  const loaded = [];
  const onResponse = (r) => {
    const type = r.request().resourceType();
    if (type === 'script' || type === 'stylesheet') loaded.push(new URL(r.url()).pathname);
  };
  page.on('response', onResponse);
  await page.goto(origin + path, { waitUntil: 'networkidle' });
  page.off('response', onResponse);
  let gz = 0;
  for (const f of new Set(loaded)) gz += gzipSync(readFileSync(join(dist, f))).length;
  const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src]), style')].map((e) => e.textContent ?? '').join(''));
  gz += gzipSync(inline).length;
  const monaco = loaded.some((f) => /monaco/i.test(f)) || /monaco-editor|\.monaco-editor/.test(inline);
  weights[path] = { jsCssGzipKB: +(gz / 1024).toFixed(1), files: loaded.length, monacoBeforeActivation: monaco };
}
results.pages = weights;
results.maxPageKB = Math.max(...Object.values(weights).map((w) => w.jsCssGzipKB));
results.anyMonacoBeforeActivation = Object.values(weights).some((w) => w.monacoBeforeActivation);

// Edit to verdict: paste variants of each lesson's scenario and time the DOM update.
const ctx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
const lp = await ctx.newPage();
const latencies = [];
const engine = [];
const render = [];
const wait = [];
const byIndex = [];
const phasesFirst = [];
const phasesLater = [];
const lessons = readdirSync('src/content/docs/lessons').map((f) => f.replace(/\.mdx$/, ''));
for (const l of lessons) {
  await activateLesson(lp, `${origin}/lessons/${l}/`);
  const got = await typeEdits(lp, 16);
  got.forEach((g, i) => (byIndex[i] ??= []).push(g.latency));
  got.forEach((g, i) => (i === 0 ? phasesFirst : phasesLater).push(g.phases));
  for (const g of got) {
    latencies.push(g.latency);
    engine.push(g.engineMs);
    render.push(g.renderMs);
    wait.push(g.waitMs);
  }
}
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1);
};
results.editToVerdictMs = { samples: latencies.length, p50: pct(latencies, 50), p95: pct(latencies, 95), max: pct(latencies, 100) };
results.engineInWorkerMs = { p50: pct(engine, 50), p95: pct(engine, 95) };
results.editToResultArrivalMs = { p50: pct(wait, 50), p95: pct(wait, 95) };
results.renderMs = { p50: pct(render, 50), p95: pct(render, 95) };
const phaseStats = (rows) => Object.fromEntries(Object.keys(rows[0] ?? {}).map((k) => [k, { p50: pct(rows.map((r) => r[k]), 50), p95: pct(rows.map((r) => r[k]), 95) }]));
results.phasesMs = { firstEdit: phaseStats(phasesFirst), laterEdits: phaseStats(phasesLater) };
results.editToVerdictByEditIndexMs = byIndex.map((xs, i) => ({ edit: i + 1, p50: pct(xs, 50), max: pct(xs, 100) }));

await browser.close();
server.close();
mkdirSync('.cache/results', { recursive: true });
writeFileSync('.cache/results/pages.json', JSON.stringify(results, null, 2));
console.log(JSON.stringify({ ...results, pages: undefined }, null, 2));
for (const [p, w] of Object.entries(weights)) console.log(`${w.jsCssGzipKB.toString().padStart(6)} KB  ${p}${w.monacoBeforeActivation ? '  MONACO!' : ''}`);
