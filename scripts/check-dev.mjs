// The README's first command serves the site with `astro dev`: check that a lesson's sandbox
// works there too (dev pre-bundles dependencies differently from the production build).
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const port = 4339;
const dev = spawn('npx', ['astro', 'dev', '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, detached: true });
let ok = false;
try {
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('astro dev did not start in 120 s')), 120_000);
    dev.stdout.on('data', (d) => {
      if (String(d).includes(`${port}`)) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/lessons/09-network-acl/`, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Edit and run' }).click();
  await page.locator('reachlab-sandbox[data-ready="true"]').waitFor({ timeout: 120_000 });
  const outcome = await page.locator('.rl-flow').first().getAttribute('data-outcome');
  await browser.close();
  ok = outcome === 'blocked' && errors.length === 0;
  console.log(ok ? 'astro dev: the sandbox activates and evaluates' : `astro dev: outcome ${outcome}, errors ${errors.join('; ')}`);
} catch (e) {
  console.error(`astro dev check failed: ${e.message}`);
} finally {
  process.kill(-dev.pid, 'SIGTERM');
}
process.exit(ok ? 0 : 1);
