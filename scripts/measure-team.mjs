// Weighs the example team site (examples/team-runbooks) the way measure-pages.mjs weighs this
// site: JS + CSS (gzip) each page loads before a sandbox is activated (budget 30 KB), whether any
// Monaco file is fetched before activation, and with --build the example's build time.
// Usage: node scripts/measure-team.mjs [--build]   (after npm install in the example)
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM, pagesIn, serveStatic } from './lib/static-server.mjs';

const site = 'examples/team-runbooks';
const results = {};
if (process.argv.includes('--build')) {
  execSync('rm -rf dist .astro', { cwd: site });
  const t = Date.now();
  execSync('npx astro build', { cwd: site, stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  results.buildSeconds = (Date.now() - t) / 1000;
}
const dist = join(site, 'dist');
const server = await serveStatic(dist);

const browser = await chromium.launch(CHROMIUM);
const page = await browser.newPage();
const pages = {};
for (const path of pagesIn(dist)) {
  const loaded = [];
  const all = [];
  const onResponse = (r) => {
    const type = r.request().resourceType();
    all.push(new URL(r.url()).pathname);
    if (type === 'script' || type === 'stylesheet') loaded.push(new URL(r.url()).pathname);
  };
  page.on('response', onResponse);
  await page.goto(server.origin + path, { waitUntil: 'networkidle' });
  page.off('response', onResponse);
  let gz = 0;
  for (const f of new Set(loaded)) gz += gzipSync(readFileSync(join(dist, decodeURIComponent(f)))).length;
  const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src]), style')].map((e) => e.textContent ?? '').join(''));
  gz += gzipSync(inline).length;
  pages[path] = { jsCssGzipKB: +(gz / 1024).toFixed(1), files: new Set(loaded).size, monacoBeforeActivation: all.some((f) => /monaco|editor\.worker|yaml\.worker/i.test(f)) };
}
results.pages = pages;
const runbooks = Object.entries(pages).filter(([p]) => p.startsWith('/runbooks/'));
results.maxRunbookKB = Math.max(...runbooks.map(([, w]) => w.jsCssGzipKB));
results.anyMonacoBeforeActivation = Object.values(pages).some((w) => w.monacoBeforeActivation);
await browser.close();
server.close?.();
console.log(JSON.stringify(results, null, 2));
process.exitCode = results.maxRunbookKB <= 30 && !results.anyMonacoBeforeActivation ? 0 : 1;
