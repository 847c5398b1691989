import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';

/** Collects console errors and failed requests of a page. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return errors;
}

/** Activates the first sandbox and waits for its first live result. */
export async function activate(page: Page, index = 0) {
  const sandbox = page.locator('reachlab-sandbox').nth(index);
  await sandbox.getByRole('button', { name: 'Edit and run' }).click();
  await expect(sandbox).toHaveAttribute('data-ready', 'true');
  return sandbox;
}

/** Replaces the editor's whole text as a learner pasting would. */
export async function replaceText(page: Page, sandbox: ReturnType<Page['locator']>, text: string) {
  const runs = Number((await sandbox.getAttribute('data-runs')) ?? '0');
  // Paste, as a learner would: typing would let the editor auto-indent every line.
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await sandbox.locator('.monaco-editor textarea, textarea.rl-textarea').first().focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await expect.poll(async () => Number((await sandbox.getAttribute('data-runs')) ?? '0')).toBeGreaterThan(runs);
}

/** The editor's current text, from Monaco's model. */
export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lines = [...document.querySelectorAll('.monaco-editor .view-line')].map((l) => l.textContent ?? '');
    return lines.join('\n');
  });
}

/** On a wide lesson page the trace shares the space under the editor with the diagram: show it. */
export async function showTrace(page: Page, index = 0) {
  await page.locator('reachlab-sandbox').nth(index).getByRole('tab', { name: 'Trace and details' }).click();
}

/** On a wide lesson page: show the diagram tab. */
export async function showDiagram(page: Page, index = 0) {
  await page.locator('reachlab-sandbox').nth(index).getByRole('tab', { name: 'Diagram' }).click();
}

/**
 * axe's WCAG 2.2 AA violations on the page (or in `include`), one line each. It first waits until
 * Expressive Code has made every code block that scrolls focusable, which it does when the page is
 * first idle (requestIdleCallback): before that, axe reports scrollable-region-focusable.
 */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  await page.waitForFunction(() => [...document.querySelectorAll('.expressive-code pre')].every((p) => p.scrollWidth <= p.clientWidth || p.hasAttribute('tabindex')));
  const builder = include ? new AxeBuilder({ page }).include(include) : new AxeBuilder({ page });
  const { violations } = await builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.length} nodes, e.g. ${v.nodes.slice(0, 3).map((x) => x.target.join(' ')).join(', ')}`);
}
