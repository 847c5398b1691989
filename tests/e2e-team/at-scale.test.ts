// The runbook over a network of enterprise size (runbooks/at-scale: 50 VNets, 1,000 subnets, 200
// NSGs of 200 rules, 1,000 probes; ~10 MB of JSON generated before the build): the static page
// renders compactly, the editor opens on the whole text, and an edit changes a verdict.
// Functional only; its timings are measured by scripts/measure-at-scale.mjs.
import { expect, test } from '@playwright/test';
import { statSync } from 'node:fs';
import { activate, axeViolations, watchConsole } from '../e2e/helpers.ts';

test.describe.configure({ timeout: 120_000 });

test('the static page: a plain preview of the text, the expectations in full, a count and a list of the rest, the path only on the diagram, axe clean', async ({ page }) => {
  const errors = watchConsole(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('runbooks/at-scale/', { waitUntil: 'networkidle' });
  // The megabytes of text are not in the page: it is fetched when the editor opens.
  expect(statSync('examples/team-runbooks/dist/runbooks/at-scale/index.html').size).toBeLessThan(600_000);
  expect(requests.filter((u) => /reachlab-scenarios|monaco|editor\.worker|yaml\.worker/i.test(u))).toEqual([]);
  const sandbox = page.locator('reachlab-sandbox');
  await expect(sandbox.locator('.rl-preview-note')).toContainText('not highlighted');
  await expect(sandbox.locator('.rl-preview')).toContainText('"title": "A network of enterprise size (generated)"');
  await expect(sandbox.locator('.expressive-code')).toHaveCount(0);
  await expect(sandbox.locator('.rl-summary')).toContainText('1,000 flows');
  await expect(sandbox.locator('.rl-summary')).toContainText('4 of 4 expectations met');
  // The four expectations in full, each met; the other verdicts one line each.
  await expect(sandbox.locator('details.rl-flow')).toHaveCount(4);
  await expect(sandbox.locator('details.rl-flow .rl-met[data-met="true"]')).toHaveCount(4);
  await expect(sandbox.locator('.rl-all-list li')).toHaveCount(1000);
  await expect(sandbox.locator('.rl-results')).toContainText('Deciding rule: nsg5 / ALLOW VNET INBOUND');
  // The diagram: only the selected flow's path, said so.
  await expect(sandbox.locator('figure.rl-diagram svg').filter({ visible: true })).toHaveCount(1);
  await expect(sandbox.locator('figure.rl-diagram figcaption')).toContainText('this diagram shows the');
  expect(await axeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the editor opens on the whole network, and an edit changes a verdict', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('runbooks/at-scale/');
  const sandbox = await activate(page);
  await expect(sandbox.locator('.rl-static-code')).toBeHidden();
  const length = await sandbox.evaluate((e) => (e as HTMLElement & { getText(): string }).getText().length);
  expect(length).toBeGreaterThan(5_000_000);
  const first = sandbox.locator('.rl-summary li[data-index="0"] .rl-badge');
  await expect(first).toHaveText('Allowed');
  // The first probe's port, 1433 -> 143: SQL Server is not reached there.
  await page.evaluate(() => {
    const ed = (document.querySelector('.rl-editor') as HTMLElement & { rlEditor: any }).rlEditor;
    const m = ed.getModel().findMatches('"10.0.5.10:1433"', false, false, true, null, false)[0];
    ed.setPosition({ lineNumber: m.range.startLineNumber, column: m.range.endColumn - 1 });
    ed.focus();
  });
  await page.keyboard.press('Backspace');
  await expect(first).toHaveText('Blocked');
  await expect(sandbox.locator('details.rl-flow[data-index="0"] .rl-unmet')).toContainText('expected');
  await expect(sandbox.locator('.rl-summary')).toContainText('3 of 4 expectations met');
  await page.keyboard.press('3');
  await expect(first).toHaveText('Allowed');
  await expect(sandbox.locator('.rl-summary')).toContainText('4 of 4 expectations met');
  // Every verdict, one line each, when asked for; a flow of it drawn on the diagram. (On a wide
  // screen the verdicts are a tab beside the diagram.)
  const trace = sandbox.getByRole('tab', { name: 'Trace and details' });
  if (await trace.isVisible()) await trace.click();
  await sandbox.locator('details.rl-all-flows > summary').click();
  await expect(sandbox.locator('.rl-all-list li')).toHaveCount(1000);
  const label = (await sandbox.locator('.rl-all-list li[data-index="10"] button').textContent()) ?? '';
  await sandbox.locator('.rl-all-list li[data-index="10"] button').click();
  // The worker sends that flow in full: its trace, and its path on the diagram.
  await expect(sandbox.locator('details.rl-flow[data-index="10"] .rl-hops li').first()).toBeAttached();
  await expect(sandbox.locator('figure.rl-diagram figcaption')).toContainText(`this diagram shows the`);
  await expect(sandbox.locator('figure.rl-diagram figcaption')).toContainText(label);
  // The live sandbox (editor, compact verdicts, the open list) is axe clean too.
  expect(await axeViolations(page, 'reachlab-sandbox')).toEqual([]);
  expect(errors).toEqual([]);
});

test('a share link of the 10 MB network is refused with a message that says why; the address keeps no link', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('runbooks/at-scale/');
  const sandbox = await activate(page);
  await sandbox.getByRole('button', { name: 'Copy share link' }).click();
  // Refused before masking and compressing (share.ts): links over 32,768 characters are fragile.
  await expect(sandbox.getByRole('status').filter({ hasText: 'too large for a share link' })).toContainText('share the scenario file instead');
  expect(page.url()).not.toContain('#share-');
  expect(errors).toEqual([]);
});

test('"Show on diagram" before the editor opens: the network is analysed in a worker, not on the page\'s thread', async ({ page }) => {
  const errors = watchConsole(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto('runbooks/at-scale/', { waitUntil: 'networkidle' });
  const sandbox = page.locator('reachlab-sandbox');
  const trace = sandbox.getByRole('tab', { name: 'Trace and details' });
  if (await trace.isVisible()) await trace.click();
  await sandbox.locator('details.rl-all-flows > summary').click();
  for (const index of [10, 11]) {
    const button = sandbox.locator(`.rl-all-list li[data-index="${index}"] button`);
    const label = (await button.textContent()) ?? '';
    if (await trace.isVisible()) await trace.click();
    await button.click();
    // The worker's view holds the picked flow in full (the first), or sends it when asked (the second).
    await expect(sandbox.locator('figure.rl-diagram figcaption')).toContainText(label);
    await expect(sandbox.locator(`details.rl-flow[data-index="${index}"] .rl-hops li`).first()).toBeAttached();
  }
  expect(workers.filter((u) => /engine\.worker/.test(u))).toHaveLength(1);
  // The page's thread never loads the module that analyses (view.ts, with the engine): on it the
  // analysis was one task of 0.7-1.5 s. The timings: scripts/measure-show-on-diagram.mjs.
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
  expect(scripts.filter((p) => /\/view\.[\w-]+\.js$/.test(p))).toEqual([]);
  expect(scripts.some((p) => /\/static-view\.[\w-]+\.js$/.test(p))).toBe(true);
  expect(errors).toEqual([]);
});
