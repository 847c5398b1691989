// The engine worker's watchdog in the browser (issue #8): an evaluation that runs too long is
// stopped for real (the worker terminated and a fresh one started), the learner's text stays,
// a message says so, and the next edit gets a verdict from the new worker. ?rl-watchdog-ms=N
// lowers the time limit (5 s in the page) so that a text that takes about a second is "too long".
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { activate, watchConsole } from './helpers.ts';

const LESSON1 = readFileSync('src/content/scenarios/01-sandbox.yaml', 'utf8');
const text = (sandbox: Locator) => sandbox.evaluate((e) => (e as HTMLElement & { getText(): string }).getText());
const runs = async (sandbox: Locator) => Number((await sandbox.getAttribute('data-runs')) ?? '0');

/**
 * About 900 KB: 1,000 probes, each through an on-premises firewall of 9,000 rules; several hundred
 * ms in the engine (Node, warm), more in a page's worker. The anchor (&t) also sends it to the
 * YAML reader that recovers from errors, not the fast one. (8,000 trivial probes were this text
 * until the fast YAML reader and the worker's compact view of 1,000 flows made them quick.)
 */
const SLOW = `title: &t slow
topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      subnets:
        - { name: ase, prefix: 10.0.2.0/24 }
  ases:
    - { name: a, subnet: v/ase, outboundVip: 40.1.1.1 }
  onPremises:
    - name: hq
      addressSpace: [192.168.0.0/16]
      connection: { vnet: v, type: vpn, state: up }
      firewall:
        defaultAction: deny
        rules:
${Array.from({ length: 9000 }, (_, r) => `          - { order: ${r + 1}, action: allow, source: 172.${r % 200}.${r % 250}.0/24, port: ${2000 + r}, protocol: tcp }\n`).join('')}      hosts:
        - { name: sql, address: 192.168.10.5, listens: [tcp/1433] }
probes:
${Array.from({ length: 1000 }, (_, i) => `  - { from: a, to: 192.168.10.5:${1000 + i} }\n`).join('')}`;
/** Over the page's own engine's 20,000 characters, so the worker evaluates it, but quick. */
const LARGE_BUT_QUICK = `${LESSON1}${`# ${'x'.repeat(98)}\n`.repeat(220)}`;

/** Pastes text over the editor's whole text, as a learner would. */
async function paste(page: Page, sandbox: Locator, t: string) {
  await page.evaluate((s) => navigator.clipboard.writeText(s), t);
  await sandbox.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
}

test('an evaluation that runs too long is stopped; the text stays, a message says so, and the next edit is evaluated again', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await page.goto('lessons/01-sandbox/?rl-watchdog-ms=300');
  const sandbox = await activate(page);
  const status = sandbox.locator('.rl-status');
  const before = await runs(sandbox);
  await paste(page, sandbox, SLOW);
  // Stopped: the worker was restarted once, and the learner is told.
  await expect(sandbox).toHaveAttribute('data-stopped', '1');
  await expect(status).toContainText('Reachlab stopped evaluating this text after 0.3 seconds');
  await expect(status).toContainText('Your text is kept');
  // No verdict came for it, and the text is what the learner pasted.
  expect(await runs(sandbox)).toBe(before);
  expect(await text(sandbox)).toBe(SLOW);
  // The next edit: too large for the page's own engine, so the new worker answers it.
  await paste(page, sandbox, LARGE_BUT_QUICK);
  await expect.poll(() => runs(sandbox)).toBeGreaterThan(before);
  await expect(sandbox.locator('.rl-flow').first()).toHaveAttribute('data-outcome', 'unreachable');
  await expect(sandbox.locator('.rl-timing')).toContainText('Evaluated in');
  await expect(status).not.toContainText('stopped');
  await expect(sandbox).toHaveAttribute('data-stopped', '1');
  expect(await text(sandbox)).toBe(LARGE_BUT_QUICK);
  expect(errors).toEqual([]);
});

test('evaluations answered in time never trip the watchdog, also when the page computed the verdicts itself', async ({ page }) => {
  // Lesson-sized text is evaluated on the page; the worker still gets each edit (for
  // who-can-reach and what-changed) and must say when it is done, or the watchdog would fire.
  await page.goto('lessons/01-sandbox/?rl-watchdog-ms=1000');
  const sandbox = await activate(page);
  const before = await runs(sandbox);
  await sandbox.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# a');
  await expect.poll(() => runs(sandbox)).toBeGreaterThan(before);
  await page.waitForTimeout(2500);
  await expect(sandbox).not.toHaveAttribute('data-stopped', /./);
  await expect(sandbox.locator('.rl-status')).not.toContainText('stopped');
  expect(await text(sandbox)).toBe(`${LESSON1}# a`);
});
