// The editor's schema help, the connection-string field, and the phone fallback.
import { devices, expect, test } from '@playwright/test';
import { activate, watchConsole } from './helpers.ts';

test('schema completion offers the fields of the format, and hover explains them', async ({ page }) => {
  // Stacked layout: the editor's width does not wrap the lines the cursor walks over.
  await page.setViewportSize({ width: 1200, height: 900 });
  const errors = watchConsole(page);
  await page.goto('lessons/01-sandbox/');
  const sandbox = await activate(page);
  // Put the cursor on a fresh line inside "topology:" and ask for completions.
  await sandbox.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.suggest-widget');
  await expect(suggest).toBeVisible();
  await expect(suggest).toContainText('routeTables');
  await page.keyboard.press('Escape');
  await page.locator('.monaco-editor .view-line', { hasText: 'addressSpace' }).first().getByText('addressSpace').hover();
  await expect(page.locator('.monaco-hover').first()).toContainText('The address ranges of the VNet');
  expect(errors).toEqual([]);
});

test('the one-line connection string field edits the scenario', async ({ page }) => {
  await page.goto('');
  const sandbox = await activate(page);
  const field = sandbox.getByRole('textbox', { name: /Connection string/ });
  await expect(field).toHaveValue(/Server=tcp:10\.0\.1\.6/);
  await field.fill('Server=tcp:52.1.1.1,1433;Database=MyDatabase');
  await expect(sandbox.locator('.rl-flow').first()).toHaveAttribute('data-outcome', 'blocked');
  const text = await sandbox.evaluate((e) => (e as HTMLElement & { getText(): string }).getText());
  expect(text).toContain('connectionString: Server=tcp:52.1.1.1,1433;Database=MyDatabase');
});

test('the connection string field follows what is typed in the editor', async ({ page }) => {
  await page.goto('');
  const sandbox = await activate(page);
  const field = sandbox.getByRole('textbox', { name: /Connection string/ });
  const text = await sandbox.evaluate((e) => (e as HTMLElement & { getText(): string }).getText());
  const line = text.split('\n').findIndex((l) => /^\s*(-\s+)?connectionString:/.test(l)) + 1;
  expect(line).toBeGreaterThan(1);
  await expect(sandbox.getByText(`Connection string (line ${line})`)).toBeVisible();
  await sandbox.locator('.monaco-editor textarea').first().focus();
  // A line added above it: the field says where the connection string is now.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Enter');
  await expect(sandbox.getByText(`Connection string (line ${line + 1})`)).toBeVisible();
  // Typed at the end of its line: the field shows the new value.
  await sandbox.evaluate((e, l) => (e as HTMLElement & { revealLine(line: number): void }).revealLine(l), line + 1);
  await page.keyboard.press('End');
  await page.keyboard.type(';Encrypt=true');
  await expect(field).toHaveValue(/;Encrypt=true$/);
});

test.describe('on a phone', () => {
  const { defaultBrowserType: _ignored, ...pixel } = devices['Pixel 7'];
  test.use(pixel);
  test('a readable static view, and a plain text area instead of Monaco', async ({ page }) => {
    await page.goto('lessons/03-private-stays-private/');
    await expect(page.locator('.rl-flow').first()).toBeVisible();
    const sandbox = await activate(page);
    const area = sandbox.getByRole('textbox', { name: /Scenario editor/ });
    await expect(area).toBeVisible();
    await expect(sandbox.locator('.monaco-editor')).toHaveCount(0);
    const text = await area.inputValue();
    await area.fill(text.replace('source: 40.1.1.1', 'source: 10.0.2.0/24'));
    await expect(sandbox.locator('[data-goals-met]')).toHaveAttribute('data-goals-met', '1');
  });
});
