// Builds the site under a sub-path (/reachlab/) and checks it works there: every root-relative
// link and asset in the HTML starts with the base, and in Chromium a lesson's sandbox activates.
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from './lib/static-server.mjs';
import { chromium } from 'playwright-core';

const BASE = '/reachlab/';
const out = '.cache/dist-base';
execSync(`npx astro build --outDir ${out}`, { stdio: 'ignore', env: { ...process.env, REACHLAB_BASE: BASE, ASTRO_TELEMETRY_DISABLED: '1' } });

const problems = [];
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.html')) {
      const html = readFileSync(p, 'utf8');
      for (const m of html.matchAll(/(?:href|src)="(\/[^"]*)"/g)) {
        if (!m[1].startsWith(BASE) && !m[1].startsWith('//')) problems.push(`${p}: ${m[1]}`);
      }
    }
  }
}
walk(out);

const server = await serveStatic(out, BASE);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage();
page.on('response', (r) => {
  if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
});
await page.goto(`${server.origin}${BASE}lessons/09-network-acl/`);
await page.getByRole('button', { name: 'Edit and run' }).click();
await page.locator('reachlab-sandbox[data-ready="true"]').waitFor({ timeout: 30_000 });
await page.getByRole('link', { name: /Locking the subnet/ }).first().click();
await page.waitForURL(/\/reachlab\/lessons\/10-nsg\//);
await browser.close();
server.close();
if (problems.length) {
  console.error(`Under ${BASE}, these break:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`site works under ${BASE}: links and assets prefixed, sandbox activates, navigation stays under the base`);
