// Every page: renders, no console errors, and axe finds no WCAG 2.2 AA violation.
import { expect, test } from '@playwright/test';
import { axeViolations, watchConsole } from './helpers.ts';

const pages = ['', ...['01-sandbox', '02-where-an-ase-lives', '03-private-stays-private', '04-same-subnet', '05-on-premises', '06-forced-tunnel', '07-dns', '08-connection-strings', '09-network-acl', '10-nsg', '11-capstone'].map((l) => `lessons/${l}/`), 'reference/scenario-format/', 'reference/codes/', 'reference/scenario-gallery/', 'reference/runbooks/'];

for (const path of pages) {
  test(`page /${path} renders without errors and passes axe`, async ({ page }) => {
    // The gallery holds every fixture's sandbox (about 13,000 elements): axe needs longer there.
    if (path.includes('gallery')) test.slow();
    const errors = watchConsole(page);
    await page.goto(path);
    await expect(page.locator('h1').first()).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('search finds lessons (Pagefind loads when search opens)', async ({ page }) => {
  await page.goto('lessons/01-sandbox/');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('dialog').getByPlaceholder('Search').fill('forced tunnelling');
  await expect(page.getByRole('dialog').getByRole('link', { name: /Outbound dependencies and forced tunnelling/ }).first()).toBeVisible();
});
