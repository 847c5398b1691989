// Waiting for a sandbox's results from a measuring script without disturbing the page.
// Playwright's waitForFunction polls on every animation frame by default, which runs our code on
// the main thread we are timing; here the page resolves a promise when the n-th result arrives.
// (Measured in one run of latency-ab: p95 40.1 ms this way, 43.1 ms with rAF polling: within
// the noise, but the page is left alone.)

/** Starts logging the first sandbox's results into window.__rl. */
export async function logResults(page) {
  await page.evaluate(() => {
    window.__rl = [];
    window.__waiters = [];
    window.__waitResults = (n) => new Promise((resolve) => (window.__rl.length >= n ? resolve() : window.__waiters.push([n, resolve])));
    document.querySelector('reachlab-sandbox').addEventListener('reachlab:result', (e) => {
      window.__rl.push(e.detail);
      window.__waiters = window.__waiters.filter(([n, resolve]) => (window.__rl.length >= n ? (resolve(), false) : true));
    });
  });
}

/** Resolves once n results have been logged. RESULTS_POLLING=raf restores Playwright's polling. */
export async function waitResults(page, n) {
  if (process.env.RESULTS_POLLING === 'raf') await page.waitForFunction((k) => window.__rl.length >= k, n);
  else await page.evaluate((k) => window.__waitResults(k), n);
}

/** Opens a lesson, activates its sandbox and starts logging its results. */
export async function activateLesson(page, url) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Edit and run' }).click();
  await page.locator('reachlab-sandbox[data-ready="true"]').waitFor();
  await logResults(page);
}

/**
 * Typical learner edits, each waited for: a keystroke at the end of a line, then its deletion,
 * line after line from the top.
 */
export async function typeEdits(page, edits) {
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < edits; i++) {
    if (i % 2 === 0) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('End');
      await page.keyboard.type('1');
    } else await page.keyboard.press('Backspace');
    await waitResults(page, i + 1);
  }
  return page.evaluate(() => window.__rl);
}
