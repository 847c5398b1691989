// A team's runbook pages in Chromium: what a reader sees at a glance before any script runs the
// editor, the what-if editor against the committed network, share links, and axe.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { activate, axeViolations, replaceText, watchConsole } from '../e2e/helpers.ts';

const RUNBOOKS = ['database', 'file-share', 'internet'] as const;
const DIR = 'examples/team-runbooks/src/content/scenarios/orders';
/** How many questions each runbook's scenario asks (its probes). */
const probesOf = (name: string) => (readFileSync(`${DIR}/${name}.yaml`, 'utf8').match(/^ {2}- /gm) ?? []).length;

for (const name of RUNBOOKS) {
  test(`runbook ${name}: every expectation met with its deciding rule, the diagram, nothing of Monaco fetched, axe clean`, async ({ page }) => {
    const errors = watchConsole(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const jsCss: string[] = [];
    page.on('response', (r) => {
      if (['script', 'stylesheet'].includes(r.request().resourceType())) jsCss.push(new URL(r.url()).pathname);
    });
    await page.goto(`runbooks/${name}/`, { waitUntil: 'networkidle' });
    const sandbox = page.locator('reachlab-sandbox');
    await expect(sandbox).toHaveCount(1);
    // Every question of the page's file is answered, and each one as the runbook expects.
    const n = probesOf(name);
    expect(n).toBeGreaterThan(1);
    await expect(sandbox.locator('details.rl-flow')).toHaveCount(n);
    await expect(sandbox.getByText('✓ as expected')).toHaveCount(n);
    await expect(sandbox.getByText('not as expected')).toHaveCount(0);
    // The network's diagram, drawn at build time.
    // Two layouts are drawn (wide and narrow) and CSS shows the one that fits.
    await expect(sandbox.locator('figure.rl-diagram svg').filter({ visible: true })).toHaveCount(1);
    // The shared network is shown with the page's own questions.
    await expect(sandbox.locator('.rl-static-code')).toContainText('# --- src/content/scenarios/orders/network.yaml (the shared network) ---');
    expect(requests.filter((u) => /monaco|editor\.worker|yaml\.worker/i.test(u))).toEqual([]);
    // The page budget, weighed as scripts/measure-pages.mjs does: JS and CSS files and inline
    // scripts and styles, gzipped, before the sandbox is activated: at most 30 KB.
    const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src]), style')].map((e) => e.textContent ?? '').join(''));
    let gz = gzipSync(inline).length;
    for (const f of new Set(jsCss)) gz += gzipSync(readFileSync(`examples/team-runbooks/dist${decodeURIComponent(f)}`)).length;
    expect(gz / 1024).toBeLessThanOrEqual(30);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('the database runbook names the deciding rule and who can reach SQL Server', async ({ page }) => {
  await page.goto('runbooks/database/');
  const sandbox = page.locator('reachlab-sandbox');
  await expect(sandbox.locator('.rl-results')).toContainText('Deciding rule: data-nsg / allow-ase-sql');
  await expect(sandbox.locator('.rl-results')).toContainText('Who can reach sql01 (10.20.2.10):1433/tcp: ASE orders-ase (orders-vnet/ase-subnet) (10.20.1.0/24)');
});

test('the what-if editor says what an edit breaks compared with the committed network, and a share link carries it', async ({ page, context }) => {
  const errors = watchConsole(page);
  await page.goto('runbooks/database/');
  const sandbox = await activate(page);
  const committed = await sandbox.evaluate((e) => (e as HTMLElement & { getText(): string }).getText());
  expect(committed).toContain('name: allow-ase-sql');
  // Remove the NSG rule that lets the ASE subnet in.
  const edited = committed.replace(/^.*name: allow-ase-sql.*\n/m, '');
  expect(edited).not.toBe(committed);
  await replaceText(page, sandbox, edited);
  const changes = sandbox.locator('.rl-changes');
  await expect(changes).toContainText('What changed');
  await expect(changes.locator('li').filter({ hasText: 'the app reaches SQL Server by its private address' })).toContainText('Blocked');
  await sandbox.getByRole('button', { name: 'Copy share link' }).click();
  await expect(sandbox.locator('.rl-status')).toContainText('Share link');
  const url = page.url();
  expect(url).toContain('#share-orders-database=');
  const other = await context.newPage();
  await other.goto(url);
  const restored = other.locator('reachlab-sandbox').first();
  await expect(restored).toHaveAttribute('data-ready', 'true');
  const text = await restored.evaluate((e) => (e as HTMLElement & { getText(): string }).getText());
  expect(text).not.toContain('name: allow-ase-sql');
  expect(errors).toEqual([]);
});

test('the lessons and the reference pages come with the plugin, in the site\'s layout', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('learn/ase/06-forced-tunnel/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('forced tunnelling');
  await expect(page.locator('reachlab-sandbox').first()).toBeVisible();
  await expect(page.locator('nav').getByRole('link', { name: 'Scenario format' })).toBeVisible();
  await page.goto('reachlab/codes/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Result and error codes');
  expect(errors).toEqual([]);
});

test('onboarding: a lesson met under the team\'s prefix is marked done in the sidebar, and stays so', async ({ page }) => {
  await page.goto('learn/ase/01-sandbox/');
  const link = page.locator('nav a[href$="/learn/ase/01-sandbox/"]');
  await expect(link).toHaveAttribute('data-rl-step', '');
  await expect(link.locator('.rl-done')).toHaveCount(0);
  const sandbox = await activate(page);
  await sandbox.getByRole('button', { name: 'Show solution' }).click();
  await expect(sandbox.locator('[data-goals-met]')).toHaveAttribute('data-goals-met', '1');
  await page.goto('runbooks/database/');
  await expect(page.locator('nav a[href$="/learn/ase/01-sandbox/"] .rl-done')).toBeAttached();
  await expect(page.locator('nav a[href$="/learn/ase/02-where-an-ase-lives/"] .rl-done')).toHaveCount(0);
});

test('onboarding: a runbook page is done once its sandbox runs with every expectation met; a page without one, once marked as read', async ({ page }) => {
  const errors = watchConsole(page);
  const marks = (path: string) => page.locator(`nav a[href$="/${path}/"] .rl-done`);
  await page.goto('runbooks/database/');
  // The team's path is in the sidebar, in its order: lessons, then its own runbooks.
  const steps = page.locator('nav a[data-rl-step]');
  await expect(steps.filter({ hasText: 'The Orders database' })).toHaveCount(1);
  const hrefs = await steps.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  expect(hrefs.indexOf('/learn/ase/10-nsg/')).toBeLessThan(hrefs.indexOf('/runbooks/database/'));
  // Reading the static page is not doing it.
  await expect(marks('runbooks/database')).toHaveCount(0);
  const sandbox = await activate(page);
  await expect(sandbox.locator('.rl-met[data-met="true"]').first()).toBeAttached();
  // Both sidebar links to the page (the onboarding path and the Runbooks group) are marked.
  await expect(marks('runbooks/database')).toHaveCount(2);
  await expect(marks('runbooks/file-share')).toHaveCount(0);
  // A draft that breaks an expectation: the sandbox runs, but the page is not done until it holds.
  await page.goto('runbooks/file-share/');
  await page.evaluate(() => {
    const text = JSON.parse(document.querySelector('.rl-data')!.textContent!).text as string;
    localStorage.setItem('reachlab:draft:v1:orders-file-share', text.replace('decidedBy: office/100', 'decidedBy: office/4000'));
  });
  await page.reload();
  const fs = page.locator('reachlab-sandbox');
  await expect(fs).toHaveAttribute('data-ready', 'true');
  await expect(fs.locator('.rl-unmet[data-met="false"]').first()).toBeAttached();
  await expect(marks('runbooks/file-share')).toHaveCount(0);
  await fs.getByRole('button', { name: 'Reset' }).click();
  await expect(marks('runbooks/file-share')).toHaveCount(2);
  await page.goto('runbooks/internet/');
  await expect(marks('runbooks/database')).toHaveCount(2);
  await expect(marks('runbooks/internet')).toHaveCount(0);
  // A page without a sandbox: "Mark as read", and the mark stays across pages; a second click takes it back.
  await page.goto('runbooks/escalation/');
  await expect(marks('runbooks/escalation')).toHaveCount(0);
  const read = page.getByRole('button', { name: 'Mark as read' });
  await read.click();
  await expect(page.getByRole('button', { name: 'Read ✓' })).toHaveAttribute('aria-pressed', 'true');
  await expect(marks('runbooks/escalation')).toHaveCount(2);
  // Only links to the page: no mark on links to its headings (a table of contents).
  await expect(page.locator('nav a[href^="#"] .rl-done')).toHaveCount(0);
  await page.goto('');
  await expect(marks('runbooks/escalation')).toHaveCount(2);
  await expect(marks('runbooks/file-share')).toHaveCount(2);
  await page.goto('runbooks/escalation/');
  await page.getByRole('button', { name: 'Read ✓' }).click();
  await expect(marks('runbooks/escalation')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test.describe('on a wide screen', () => {
  test.use({ viewport: { width: 1400, height: 900 } });

  for (const path of ['runbooks/database/', 'learn/ase/10-nsg/']) {
    test(`${path}: the editor and the verdicts sit beside the text, as on Reachlab's own lessons`, async ({ page }) => {
      await page.goto(path);
      await expect(page.locator('.rl-lesson-panel .sl-markdown-content')).toHaveCount(1);
      const sandbox = await activate(page);
      const text = (await page.locator('.sl-markdown-content > p').first().boundingBox())!;
      const editor = (await sandbox.locator('.rl-editor').boundingBox())!;
      const verdict = (await sandbox.locator('.rl-summary li').first().boundingBox())!;
      for (const box of [editor, verdict]) {
        expect(text.x + text.width).toBeLessThanOrEqual(box.x);
        // Side by side: they overlap vertically with the text.
        expect(box.y).toBeLessThan(text.y + 600);
      }
      await expect(sandbox.locator('.rl-editor')).toBeInViewport({ ratio: 0.9 });
      await expect(sandbox.locator('.rl-summary li').first()).toBeInViewport();
    });
  }
});

test('the what-if editor names a problem in the shared network by its own file and line', async ({ page }) => {
  await page.goto('runbooks/database/');
  const sandbox = await activate(page);
  const committed = await sandbox.evaluate((e) => (e as HTMLElement & { getText(): string }).getText());
  const net = readFileSync(`${DIR}/network.yaml`, 'utf8');
  const line = net.split('\n').findIndex((l) => l.includes('10.20.2.0/24')) + 1;
  const col = net.split('\n')[line - 1]!.indexOf('10.20.2.0/24') + 1;
  await replaceText(page, sandbox, committed.replace('10.20.2.0/24', '10.20.2.0/33'));
  const where = `src/content/scenarios/orders/network.yaml:${line}:${col}`;
  await expect(sandbox.locator('.rl-results')).toContainText(`${where}: Subnet "data" prefix "10.20.2.0/33"`);
  // The marker in the editor says it too (Monaco's markers, as the hover shows them).
  const messages = await page.evaluate(() => {
    const host = document.querySelector('.rl-editor') as HTMLElement & { rlMonaco?: { editor: { getModelMarkers(o: object): Array<{ message: string }> } } };
    return host.rlMonaco?.editor.getModelMarkers({}).map((m) => m.message) ?? [];
  });
  expect(messages.some((m) => m.startsWith(`${where}: `))).toBe(true);
});
