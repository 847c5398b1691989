// The diagram, the step-through, who-can-reach and what-changed, in Chromium.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { activate, axeViolations, replaceText, showTrace, watchConsole } from './helpers.ts';

test('the diagram is in the static HTML, with the flow drawn and a text equivalent', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('lessons/09-network-acl/');
  const svg = page.locator('.rl-diagram svg:visible');
  await expect(svg).toHaveAttribute('role', 'group');
  // The endpoint's ACL refused it: the mark is on the endpoint (with its ACL), not on the VM.
  await expect(svg.locator('[data-node="endpoint:sql01/MSSQL"]')).toHaveClass(/dg-decided/);
  await expect(svg.locator('[data-node="vm:sql01"]')).not.toHaveClass(/dg-decided/);
  await expect(svg.locator('desc')).toContainText('ASE contoso-ase → Endpoint MSSQL');
  await context.close();
});

test('an edit moves the deciding hop on the diagram', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('lessons/09-network-acl/');
  const sandbox = await activate(page);
  await expect(sandbox.locator('svg:visible .dg-decided')).toHaveAttribute('data-node', 'endpoint:sql01/MSSQL');
  const text = readFileSync('src/content/scenarios/09-network-acl.yaml', 'utf8').replace('      - { name: Subnet-1, prefix: 10.0.1.0/24 }', '        - { name: Subnet-1, prefix: 10.0.1.0/24 }').replace('Server=tcp:contoso-sql.cloudapp.net,1433;', 'Server=tcp:10.0.9.9;');
  await replaceText(page, sandbox, text);
  // 10.0.9.9 is in the VNet but in no subnet: the flow now stops inside the VNet, not at sql01.
  await expect(sandbox.locator('.rl-flow').first()).toHaveAttribute('data-outcome', 'unreachable');
  await expect(sandbox.locator('svg:visible .dg-decided')).not.toHaveAttribute('data-node', 'endpoint:sql01/MSSQL');
  // What changed lists the flipped goal against the lesson's scenario.
  await expect(sandbox.locator('.rl-flips')).toContainText('The app connects to SQL Server');
  expect(errors).toEqual([]);
});

test('stepping through the hops works from the keyboard, without the editor', async ({ page }) => {
  await page.goto('lessons/09-network-acl/');
  await showTrace(page);
  const next = page.getByRole('button', { name: 'Next hop ▶' }).first();
  await next.focus();
  await page.keyboard.press('Enter');
  const first = page.locator('.rl-flow').first();
  await expect(first.locator('.rl-hop[aria-current="step"]')).toHaveAttribute('data-hop', '0');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.rl-flow').first().locator('.rl-hop[aria-current="step"]')).toHaveAttribute('data-hop', '2');
  await expect(page.locator('.rl-step-bar .rl-step-status').first()).toContainText('Hop 3 of');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('.rl-flow').first().locator('.rl-hop[aria-current="step"]')).toHaveAttribute('data-hop', '1');
  await page.getByRole('tab', { name: 'Diagram', exact: true }).first().click();
  await expect(page.locator('.rl-diagram svg:visible .dg-current')).toHaveCount(1);
  await expect(page.locator('.rl-live')).toContainText('Hop 2 of');
});

test('clicking a diagram object reveals its definition in the editor', async ({ page }) => {
  await page.goto('lessons/09-network-acl/');
  const sandbox = await activate(page);
  await sandbox.locator('svg:visible [data-node="vm:sql01"] rect').click();
  await expect(sandbox.locator('.monaco-editor .view-line', { hasText: 'name: sql01' })).toBeVisible();
  await expect(sandbox.locator('.monaco-editor .selected-text').first()).toBeAttached();
});

test('the capstone asks for a prediction before it reveals a verdict', async ({ page }) => {
  await page.goto('lessons/11-capstone/');
  await showTrace(page);
  const first = page.locator('.rl-flow').first();
  await expect(first.locator('.rl-badge')).toHaveCount(0);
  await first.getByRole('button', { name: 'It will be allowed' }).click();
  await expect(page.locator('.rl-flow').first()).toHaveAttribute('data-outcome', /./);
  await expect(page.locator('.rl-status').first()).toContainText('Your prediction was');
});

test('who can reach lists the address sets for a chosen target', async ({ page }) => {
  await page.goto('lessons/03-private-stays-private/');
  const sandbox = await activate(page);
  await showTrace(page);
  const panel = sandbox.getByRole('region', { name: 'Who can reach' });
  await expect(panel).toContainText('10.0.1.6:1433');
  await panel.getByRole('combobox', { name: 'Target' }).selectOption('sql01:1433');
  await expect(panel).toContainText('sql01 (10.0.1.6):1433/tcp');
  // The chosen target stays chosen while the learner edits, and the panel is fresh after a pause.
  const runs = Number(await sandbox.getAttribute('data-runs'));
  await sandbox.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# x');
  await expect.poll(async () => Number(await sandbox.getAttribute('data-runs'))).toBeGreaterThan(runs);
  await expect.poll(async () => (await sandbox.getAttribute('data-extras')) === (await sandbox.getAttribute('data-runs'))).toBe(true);
  await expect(panel.getByRole('combobox', { name: 'Target' })).toHaveValue('sql01:1433');
  await expect(panel.locator('.rl-updating')).toHaveCount(0);
});

test('the diagram stays legible at 40 objects, and passes axe', async ({ page }, info) => {
  // On the gallery page, which holds every fixture's sandbox.
  test.slow();
  await page.goto('reference/scenario-gallery/');
  const big = page.locator('reachlab-sandbox[data-id="fixtures-large-40-objects"] .rl-diagram');
  await big.scrollIntoViewIfNeeded();
  expect(await big.locator('[data-node]').count()).toBeGreaterThanOrEqual(40);
  // No two object chips overlap.
  const boxes = await big.locator('.dg-vm rect, .dg-host rect, .dg-ase rect, .dg-gateway rect').evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect()).map((b) => [b.x, b.y, b.width, b.height] as [number, number, number, number]));
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [ax, ay, aw, ah] = boxes[i]!;
      const [bx, by, bw, bh] = boxes[j]!;
      expect(ax + aw <= bx || bx + bw <= ax || ay + ah <= by || by + bh <= ay, `chips ${i} and ${j} overlap`).toBe(true);
    }
  await big.screenshot({ path: info.outputPath('diagram-40-objects.png') });
  await page.locator('reachlab-sandbox[data-id="fixtures-article-acl"] .rl-diagram').screenshot({ path: info.outputPath('diagram-small.png') });
  expect(await axeViolations(page, '.rl-diagram')).toEqual([]);
});
