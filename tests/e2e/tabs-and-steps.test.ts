// The Diagram / Trace switch of a wide lesson as WAI-ARIA tabs, and the step bar above both
// tab panels: a learner on the Diagram tab steps through the hops with the keyboard and sees
// the highlight move, and a screen reader hears each hop (what it decided, why, which rule).
import { expect, test, type Page } from '@playwright/test';
import { activate, axeViolations } from './helpers.ts';

const focused = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.tab ?? (document.activeElement as HTMLElement | null)?.dataset.rl ?? document.activeElement?.tagName ?? '');

test.describe('on a wide screen', () => {
  test.use({ viewport: { width: 1400, height: 900 } });

  test('the switch is a tablist: selection, panels, roving tabindex, arrow keys, Home and End', async ({ page }) => {
    await page.goto('lessons/05-on-premises/');
    const sandbox = page.locator('reachlab-sandbox').first();
    const list = sandbox.getByRole('tablist', { name: 'Beside the editor, show' });
    await expect(list).toBeVisible();
    const diagram = list.getByRole('tab', { name: 'Diagram', exact: true });
    const trace = list.getByRole('tab', { name: 'Trace and details' });
    await expect(list.getByRole('tab')).toHaveCount(2);
    // Each tab controls a panel that is labelled by it.
    for (const tab of [diagram, trace]) {
      const id = (await tab.getAttribute('aria-controls'))!;
      const panel = sandbox.locator(`[id="${id}"]`);
      await expect(panel).toHaveAttribute('role', 'tabpanel');
      await expect(panel).toHaveAttribute('aria-labelledby', (await tab.getAttribute('id'))!);
    }
    const diagramPanel = sandbox.getByRole('tabpanel', { name: 'Diagram', exact: true });
    const tracePanel = sandbox.getByRole('tabpanel', { name: 'Trace and details' });
    const selected = async (d: boolean) => {
      await expect(diagram).toHaveAttribute('aria-selected', String(d));
      await expect(trace).toHaveAttribute('aria-selected', String(!d));
      // Roving tabindex: only the selected tab is in the Tab sequence.
      await expect(diagram).toHaveAttribute('tabindex', d ? '0' : '-1');
      await expect(trace).toHaveAttribute('tabindex', d ? '-1' : '0');
      await expect(d ? diagramPanel : tracePanel).toBeVisible();
      await expect(d ? tracePanel : diagramPanel).toBeHidden();
    };
    await selected(true);
    await diagram.focus();
    // Each key moves the focus and selects that tab; the arrows wrap around at either end.
    for (const [key, to] of [['ArrowRight', trace], ['ArrowRight', diagram], ['ArrowLeft', trace], ['Home', diagram], ['End', trace]] as const) {
      await page.keyboard.press(key);
      await expect(to, key).toBeFocused();
      await selected(to === diagram);
    }
    // Tab leaves the tablist (it does not visit the other tab).
    await page.keyboard.press('Tab');
    expect(await focused(page)).not.toBe('diagram');
    await page.keyboard.press('Shift+Tab');
    await expect(trace).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).not.toBe('diagram');
    // A click selects too.
    await diagram.click();
    await selected(true);
  });

  test('the tabs and panels pass axe in light and dark, before and after activation', async ({ page }) => {
    test.setTimeout(180_000);
    for (const theme of ['light', 'dark']) {
      await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
      await page.goto('lessons/09-network-acl/');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const check = async (what: string) => {
        expect(await axeViolations(page, 'reachlab-sandbox'), `${theme} ${what}`).toEqual([]);
      };
      await check('diagram tab');
      await page.getByRole('tab', { name: 'Trace and details' }).click();
      await check('trace tab');
      await activate(page);
      await check('trace tab, activated');
      await page.getByRole('tab', { name: 'Diagram', exact: true }).click();
      await check('diagram tab, activated');
    }
  });

  test('on the Diagram tab, the keyboard steps through the hops: the highlight moves and each hop is announced', async ({ page }) => {
    await page.goto('lessons/09-network-acl/');
    const sandbox = page.locator('reachlab-sandbox').first();
    const diagramTab = sandbox.getByRole('tab', { name: 'Diagram', exact: true });
    await expect(diagramTab).toHaveAttribute('aria-selected', 'true');
    // From the tab, Tab reaches the step bar, which is above the diagram.
    await diagramTab.focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('prev');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('next');
    const bar = sandbox.getByRole('group', { name: /^Step through the hops of / });
    await expect(bar).toBeVisible();
    const current = sandbox.locator('.rl-diagram svg:visible .dg-current');
    const live = sandbox.locator('.rl-live');
    const hops = Number((await sandbox.locator('.rl-flow').first().locator('.rl-hop').count()));
    expect(hops).toBeGreaterThan(2);
    const seen: string[] = [];
    await page.keyboard.press('Enter');
    for (let i = 0; i < hops; i++) {
      if (i) await page.keyboard.press('ArrowRight');
      await expect(live).toContainText(`Hop ${i + 1} of ${hops}`);
      await expect(bar.locator('.rl-step-status')).toContainText(`Hop ${i + 1} of ${hops}`);
      await expect(current).toHaveCount(1);
      seen.push((await current.getAttribute('data-node'))!);
      // Still on the Diagram tab, the focus on the step bar.
      await expect(sandbox.getByRole('tabpanel', { name: 'Diagram', exact: true })).toBeVisible();
      expect(await focused(page)).toBe('next');
    }
    // The highlight moved from object to object.
    expect(new Set(seen).size, seen.join(', ')).toBeGreaterThan(1);
    // The last hop decides: announced as such, with the rule that decided and why.
    await expect(live).toContainText('the deciding hop');
    await expect(live).toContainText('Rule:');
    const rule = (await sandbox.locator('.rl-flow').first().locator('.rl-deciding .rl-rule').textContent()) ?? '';
    const name = /Deciding rule: (.+?) \(line/.exec(rule)?.[1] ?? rule.replace('Deciding rule: ', '').split('\n')[0]!;
    await expect(live).toContainText(name.trim());
    // ArrowLeft goes back, and the highlight with it.
    await page.keyboard.press('ArrowLeft');
    await expect(live).toContainText(`Hop ${hops - 1} of ${hops}`);
    await expect(current).toHaveAttribute('data-node', seen[hops - 2]!);
  });

  test('Show on diagram, on the Trace tab, opens the Diagram tab with that flow, ready to step', async ({ page }) => {
    await page.goto('lessons/09-network-acl/');
    const sandbox = page.locator('reachlab-sandbox').first();
    await sandbox.getByRole('tab', { name: 'Trace and details' }).click();
    const second = sandbox.locator('.rl-flow').nth(1);
    const label = (await second.locator('.rl-label').textContent())!;
    await second.locator('summary').click();
    await second.getByRole('button', { name: 'Show on diagram' }).click();
    await expect(sandbox.getByRole('tab', { name: 'Diagram', exact: true })).toHaveAttribute('aria-selected', 'true');
    await expect(sandbox.getByRole('tabpanel', { name: 'Diagram', exact: true })).toBeVisible();
    await expect(sandbox.locator('.rl-diagram figcaption')).toContainText(label);
    const next = sandbox.getByRole('group', { name: `Step through the hops of ${label}` }).getByRole('button', { name: 'Next hop ▶' });
    await expect(next).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(sandbox.locator('.rl-live')).toContainText('Hop 1 of');
    await expect(sandbox.locator('.rl-diagram svg:visible .dg-current')).toHaveCount(1);
  });

  test('with the editor open, stepping to a hop with a rule shows its line and keeps the focus on the step bar', async ({ page }) => {
    await page.goto('lessons/09-network-acl/');
    const sandbox = await activate(page);
    const next = sandbox.getByRole('button', { name: 'Next hop ▶' });
    await next.focus();
    const hops = await sandbox.locator('.rl-flow').first().locator('.rl-hop').count();
    await page.keyboard.press('Enter');
    for (let i = 1; i < hops; i++) await page.keyboard.press('ArrowRight');
    await expect(sandbox.locator('.rl-live')).toContainText(`Hop ${hops} of ${hops}, the deciding hop`);
    await expect(next).toBeFocused();
    // The deciding rule's line is selected in the editor.
    await expect(sandbox.locator('.monaco-editor .selected-text').first()).toBeAttached();
  });
});

test('on a phone there are no tabs: both panels show, neither is a tab panel, and the step bar is above the diagram', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto('lessons/09-network-acl/');
  const sandbox = page.locator('reachlab-sandbox').first();
  await expect(sandbox.getByRole('tablist')).toHaveCount(0);
  await expect(sandbox.getByRole('tabpanel')).toHaveCount(0);
  await expect(sandbox.locator('.rl-diagram')).toBeVisible();
  await expect(sandbox.locator('.rl-results')).toBeVisible();
  const next = sandbox.getByRole('button', { name: 'Next hop ▶' });
  await expect(next).toBeVisible();
  expect((await next.boundingBox())!.y).toBeLessThan((await sandbox.locator('.rl-diagram').boundingBox())!.y);
  await next.click();
  await expect(sandbox.locator('.rl-diagram svg:visible .dg-current')).toHaveCount(1);
});
