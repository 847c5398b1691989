// The sandbox as a learner uses it, in Chromium.
import { expect, test } from '@playwright/test';
import { activate, axeViolations, replaceText, watchConsole } from './helpers.ts';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const WELCOME_PUBLIC = (await import('node:fs')).readFileSync('src/content/scenarios/00-welcome.yaml', 'utf8').replace('Server=tcp:10.0.1.6;', 'Server=tcp:52.1.1.1,1433;');

test('with JavaScript off, a lesson still shows its verdicts and trace', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('');
  const flow = page.locator('.rl-flow').first();
  await expect(flow).toHaveAttribute('data-outcome', 'allowed');
  await expect(flow.getByText('Allowed', { exact: true })).toBeVisible();
  await expect(page.locator('.rl-hops li').first()).toBeAttached();
  await context.close();
});

test('Monaco is not requested before the learner activates the sandbox', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto('');
  await page.waitForLoadState('networkidle');
  expect(requested.filter((u) => /monaco|editor\.worker|yaml\.worker|engine\.worker/.test(u))).toEqual([]);
  await activate(page);
  expect(requested.some((u) => /monaco/.test(u))).toBe(true);
});

test('editing the connection string to the public VIP flips the verdict, with a note on the ACL rule', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('');
  const sandbox = await activate(page);
  await expect(sandbox.locator('.rl-flow').first()).toHaveAttribute('data-outcome', 'allowed');
  await replaceText(page, sandbox, WELCOME_PUBLIC);
  await expect(sandbox.locator('.rl-flow').first()).toHaveAttribute('data-outcome', 'blocked');
  await expect(sandbox.locator('.rl-deciding')).toContainText('implicit deny');
  await expect(sandbox.locator('.rl-note').first()).toContainText('denies 40.1.1.1');
  await expect(sandbox.locator('.rl-live')).toContainText('blocked');
  expect(errors).toEqual([]);
});

test('broken YAML gets a marker on the right line, nothing crashes, the text stays', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('');
  const sandbox = await activate(page);
  const broken = WELCOME_PUBLIC.replace('      addressSpace: [10.0.0.0/16]', '      addressSpace: [10.0.0.0/16');
  await replaceText(page, sandbox, broken);
  const problem = sandbox.locator('.rl-problems li').first();
  await expect(problem).toContainText('line 8');
  // The paste leaves the cursor at the end; the editor only draws the lines in view.
  await page.keyboard.press('Control+Home');
  await expect(sandbox.locator('.monaco-editor .squiggly-error').first()).toBeAttached();
  await expect(sandbox.locator('.monaco-editor .view-lines')).toContainText('addressSpace: [10.0.0.0/16');
  expect(errors).toEqual([]);
});

test('a share link restores the same scenario, with the password masked', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('');
  const sandbox = await activate(page);
  await replaceText(page, sandbox, WELCOME_PUBLIC);
  await sandbox.getByRole('button', { name: 'Copy share link' }).click();
  await expect(sandbox.locator('.rl-status')).toContainText('Share link');
  const url = page.url();
  expect(url).toContain('#share-00-welcome=');
  expect(url).not.toContain('PasswordHere');
  const other = await context.newPage();
  await other.goto(url);
  const restored = other.locator('reachlab-sandbox').first();
  await expect(restored).toHaveAttribute('data-ready', 'true');
  await expect(restored.locator('.rl-flow').first()).toHaveAttribute('data-outcome', 'blocked');
  const text = await restored.evaluate((e) => (e as HTMLElement & { getText(): string }).getText());
  expect(text).toContain('Server=tcp:52.1.1.1,1433;Database=MyDatabase;User ID=MyUser;Password=*****');
});

test('a met goal is remembered across a reload and shown in the lesson list', async ({ page }) => {
  await page.goto('lessons/01-sandbox/');
  const sandbox = await activate(page);
  await expect(sandbox.locator('[data-goals-met]')).toHaveAttribute('data-goals-met', '0');
  await sandbox.getByRole('button', { name: 'Show solution' }).click();
  await expect(sandbox.locator('[data-goals-met]')).toHaveAttribute('data-goals-met', '1');
  await page.reload();
  await expect(page.locator('nav a[href*="01-sandbox"] .rl-done')).toBeAttached();
});

test('the activated sandbox passes axe too', async ({ page }) => {
  await page.goto('');
  await activate(page);
  expect(await axeViolations(page, 'reachlab-sandbox')).toEqual([]);
});

test('a lesson page stays within 30 KB gzip of JS and CSS before the sandbox is activated', async ({ page }) => {
  const files = new Set<string>();
  page.on('response', (r) => {
    if (['script', 'stylesheet'].includes(r.request().resourceType())) files.add(new URL(r.url()).pathname);
  });
  await page.goto('lessons/05-on-premises/', { waitUntil: 'networkidle' });
  const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src]), style')].map((e) => e.textContent ?? '').join(''));
  const base = new URL(page.url()).pathname.replace(/lessons\/05-on-premises\/$/, '');
  let gz = gzipSync(inline).length;
  // Weighed as scripts/measure-pages.mjs does: the files the page fetched, from the build.
  for (const f of files) gz += gzipSync(readFileSync(`dist/${decodeURIComponent(f).slice(base.length)}`)).length;
  expect(gz / 1024).toBeLessThanOrEqual(30);
});
