// Takes a screenshot of a page in Debian's Chromium:
//   node scripts/screenshot.mjs URL OUT.png [width] [--activate] [--selector CSS] [--theme light|dark]
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const valued = new Set(['--selector', '--theme']);
const [url, out, width = '1280'] = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
const activate = args.includes('--activate');
const sel = args.includes('--selector') ? args[args.indexOf('--selector') + 1] : undefined;
const theme = args.includes('--theme') ? args[args.indexOf('--theme') + 1] : undefined;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
// Starlight reads the theme from localStorage before it paints.
if (theme) await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
await page.goto(url);
if (activate) {
  await page.getByRole('button', { name: 'Edit and run' }).first().click();
  await page.locator('reachlab-sandbox[data-ready="true"]').first().waitFor();
  await page.locator('reachlab-sandbox').first().scrollIntoViewIfNeeded();
}
if (sel) await page.locator(sel).first().screenshot({ path: out });
else await page.screenshot({ path: out, fullPage: !activate });
await browser.close();
