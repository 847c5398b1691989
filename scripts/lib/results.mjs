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
