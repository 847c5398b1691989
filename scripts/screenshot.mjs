// Takes a screenshot of a page in Debian's Chromium:
//   node scripts/screenshot.mjs URL OUT.png [width] [--activate] [--selector CSS]
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const [url, out, width = '1280'] = args.filter((a) => !a.startsWith('--'));
const activate = args.includes('--activate');
const sel = args.includes('--selector') ? args[args.indexOf('--selector') + 1] : undefined;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
await page.goto(url);
if (activate) {
  await page.getByRole('button', { name: 'Edit and run' }).first().click();
  await page.locator('reachlab-sandbox[data-ready="true"]').first().waitFor();
  await page.locator('reachlab-sandbox').first().scrollIntoViewIfNeeded();
}
if (sel) await page.locator(sel).first().screenshot({ path: out });
else await page.screenshot({ path: out, fullPage: !activate });
await browser.close();
