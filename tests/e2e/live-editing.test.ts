// What typing in an activated sandbox must and must not do, beyond the verdicts themselves.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { activate, showTrace, watchConsole } from './helpers.ts';

const LESSON1 = readFileSync('src/content/scenarios/01-sandbox.yaml', 'utf8');
const text = (sandbox: ReturnType<import('@playwright/test').Page['locator']>) => sandbox.evaluate((e) => (e as HTMLElement & { getText(): string }).getText());
const runs = async (sandbox: ReturnType<import('@playwright/test').Page['locator']>) => Number((await sandbox.getAttribute('data-runs')) ?? '0');

test('activation leaves the text, the cursor and the undo history as the lesson gave them', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('lessons/01-sandbox/');
  const sandbox = await activate(page);
  expect(await text(sandbox)).toBe(LESSON1);
  const editor = sandbox.locator('.monaco-editor textarea').first();
  await editor.focus();
  // Nothing to undo yet: the editor's warm-up is not in the history.
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+Z');
  expect(await text(sandbox)).toBe(LESSON1);
  // The cursor is where a fresh editor puts it: typing lands at the start of line 1.
  const before = await runs(sandbox);
  await page.keyboard.type('#');
  await expect.poll(() => runs(sandbox)).toBeGreaterThan(before);
  expect(await text(sandbox)).toBe(`#${LESSON1}`);
  // And the learner's own edits undo as usual.
  await page.keyboard.press('Control+Z');
  await expect.poll(() => text(sandbox)).toBe(LESSON1);
  expect(errors).toEqual([]);
});

test('a flow the learner closed stays closed when the verdicts are redrawn', async ({ page }) => {
  await page.goto('lessons/01-sandbox/');
  const sandbox = await activate(page);
  await showTrace(page);
  const goal = sandbox.locator('details.rl-flow').first();
  await expect(goal).toHaveAttribute('open', '');
  await goal.locator('summary').click();
  await expect(goal).not.toHaveAttribute('open', '');
  // The solution changes the verdict, so the panel is redrawn.
  await sandbox.getByRole('button', { name: 'Show solution' }).click();
  await expect(sandbox.locator('[data-goals-met]')).toHaveAttribute('data-goals-met', '1');
  await expect(sandbox.locator('details.rl-flow').first()).toHaveAttribute('data-outcome', 'allowed');
  await expect(sandbox.locator('details.rl-flow').first()).not.toHaveAttribute('open', '');
});

test('an edit that changes no verdict is not announced again, and leaves the panels untouched', async ({ page }) => {
  await page.goto('lessons/01-sandbox/');
  const sandbox = await activate(page);
  await expect(sandbox.locator('.rl-live')).toContainText('0 of 1 goal met');
  await sandbox.evaluate((el) => {
    const w = window as unknown as { __mutations: string[] };
    w.__mutations = [];
    const watch = (sel: string) =>
      new MutationObserver(() => w.__mutations.push(sel)).observe(el.querySelector(sel)!, { childList: true, subtree: true, characterData: true, attributes: true });
    watch('.rl-live');
    watch('.rl-verdicts');
    watch('.rl-diagram');
  });
  const before = await runs(sandbox);
  await sandbox.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# a comment');
  // Every keystroke was evaluated ...
  await expect.poll(() => runs(sandbox)).toBeGreaterThanOrEqual(before + 1);
  await expect.poll(() => text(sandbox)).toBe(`${LESSON1}# a comment`);
  await expect(sandbox.locator('.rl-timing')).toContainText('Evaluated in');
  // ... and nothing the learner sees or hears moved.
  expect(await page.evaluate(() => (window as unknown as { __mutations: string[] }).__mutations)).toEqual([]);
  // A change of verdict is announced once.
  await sandbox.locator('.monaco-editor .view-line', { hasText: 'to: 10.0.1.9:1433' }).click();
  await page.keyboard.press('End');
  for (let i = 0; i < ':1433'.length; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('6');
  await expect.poll(() => text(sandbox)).toContain('to: 10.0.1.6:1433');
  // What changed, not the whole verdict again.
  await expect(sandbox.locator('.rl-live')).toContainText('now allowed (was unreachable)');
  await expect(sandbox.locator('.rl-live')).toContainText('1 of 1 goal met');
  expect(await page.evaluate(() => (window as unknown as { __mutations: string[] }).__mutations)).toContain('.rl-live');
});

test('the verdicts above the editor follow each edit, and open a flow\'s trace on click', async ({ page }) => {
  await page.goto('lessons/01-sandbox/');
  const sandbox = await activate(page);
  const summary = sandbox.getByRole('list', { name: 'Verdicts at a glance' });
  await expect(summary).toContainText('0 of 1 goal met');
  await expect(summary).toContainText('Unreachable');
  await sandbox.getByRole('button', { name: 'Show solution' }).click();
  await expect(summary).toContainText('1 of 1 goal met');
  await expect(summary).toContainText('Allowed');
  // Above the editor, so it is in view while the learner types.
  const box = await summary.boundingBox();
  const editor = await sandbox.locator('.rl-editor').boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(editor!.y);
  const goal = sandbox.locator('details.rl-flow').first();
  await showTrace(page);
  await goal.locator('summary').click();
  await expect(goal).not.toHaveAttribute('open', '');
  await sandbox.getByRole('tab', { name: 'Diagram', exact: true }).click();
  // The link opens the flow's trace, switching to it.
  await summary.getByRole('link').first().click();
  await expect(goal).toHaveAttribute('open', '');
  await expect(goal).toBeInViewport();
});

test('on a wide landing page the verdicts sit beside the editor, the diagram below both', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('');
  const sandbox = await activate(page);
  const editor = (await sandbox.locator('.rl-editor').boundingBox())!;
  const results = (await sandbox.locator('.rl-results').boundingBox())!;
  const diagram = (await sandbox.locator('.rl-diagram').boundingBox())!;
  expect(results.x).toBeGreaterThanOrEqual(editor.x + editor.width);
  expect(results.y).toBeLessThan(editor.y + editor.height);
  expect(diagram.y).toBeGreaterThanOrEqual(editor.y + editor.height);
});

test('the editor follows the site theme, and its inline notes stay legible in both', async ({ page }) => {
  // The landing page's note is on line 7, in view (the editor only draws the lines in view).
  await page.goto('');
  const sandbox = await activate(page);
  const editor = sandbox.locator('.monaco-editor').first();
  const note = sandbox.locator('.monaco-editor .rl-note').first();
  const contrast = () =>
    note.evaluate((n) => {
      const rgb = (s: string) => (s.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => {
          const x = v / 255;
          return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      // A theme switch redraws the lines: a note caught mid-redraw is detached, so ask again.
      const host = n.closest('.monaco-editor')?.querySelector('.monaco-editor-background');
      if (!host) return 0;
      const bg = getComputedStyle(host).backgroundColor;
      const [a, b] = [lum(rgb(getComputedStyle(n).color)), lum(rgb(bg))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
  await expect(editor).toHaveClass(/\bvs\b/);
  await expect.poll(contrast).toBeGreaterThanOrEqual(4.5);
  await page.evaluate(() => {
    document.documentElement.dataset.theme = 'dark';
  });
  await expect(editor).toHaveClass(/vs-dark/);
  await expect.poll(contrast).toBeGreaterThanOrEqual(4.5);
});
