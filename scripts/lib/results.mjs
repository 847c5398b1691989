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

/**
 * To be installed before the page's scripts (page.addInitScript): marks the span of a frame's
 * rendering step. A change made inside a requestAnimationFrame callback (Monaco draws there) is
 * painted in that same frame, so the frame is over at the next task; a change made in any other
 * task is painted in the next frame. Without this the echo would be timed one frame late.
 */
export function frameMarker() {
  const raf = window.requestAnimationFrame.bind(window);
  window.__inFrame = false;
  window.requestAnimationFrame = (cb) =>
    raf((t) => {
      if (!window.__inFrame) {
        window.__inFrame = true;
        setTimeout(() => (window.__inFrame = false), 0);
      }
      cb(t);
    });
}

/**
 * Keydown to painted frame, as a learner feels it. Installs in the page: a capture-phase keydown
 * listener that keeps each key's `event.timeStamp` (the time the input happened, on the same clock
 * as performance.now()); a MutationObserver on the editor's lines (the echo: the frame that shows
 * the character) and one on the sandbox's `data-runs` attribute, which the page sets in the same
 * task that redraws the verdicts for a result (the result). On the first change after a key, a
 * task queued after the frame that holds the change (requestAnimationFrame then setTimeout 0, or
 * setTimeout 0 alone when the change was made while that frame was drawn: see frameMarker) takes
 * performance.now() as the paint time, for echo and result alike.
 * (The Event Timing API's duration only covers the key's own task and the frame after it, not a
 * result that arrives from a worker in a later task, so it cannot time the result.)
 * `editorRoot` is a selector for the Monaco editor to watch; `sandbox` a selector for the sandbox
 * whose results count (absent for a bare editor: echo only).
 */
export async function installKeyToPaint(page, editorRoot, sandbox) {
  await page.evaluate(
    ([editorSel, sandboxSel]) => {
      const m = { keys: [], echo: [], result: [] };
      window.__k2p = m;
      addEventListener('keydown', (e) => { if (e.key.length === 1) m.keys.push(e.timeStamp); }, true);
      // The frame that holds a change: the one being drawn now (change made while drawing), else
      // the next one; a task queued after it runs once it is painted.
      const afterPaint = (cb) => (window.__inFrame ? setTimeout(() => cb(performance.now()), 0) : requestAnimationFrame(() => setTimeout(() => cb(performance.now()), 0)));
      const watch = (target, init, into) => {
        const seen = new Set();
        new MutationObserver(() => {
          const n = m.keys.length;
          if (!n || seen.has(n)) return;
          seen.add(n);
          afterPaint((t) => (into[n - 1] = t - m.keys[n - 1]));
        }).observe(target, init);
      };
      watch(document.querySelector(editorSel).querySelector('.view-lines'), { childList: true, subtree: true, characterData: true }, m.echo);
      if (sandboxSel) watch(document.querySelector(sandboxSel), { attributes: true, attributeFilter: ['data-runs'] }, m.result);
    },
    [editorRoot, sandbox],
  );
}

/**
 * Opens a bare Monaco editor (class rl-bare) over the first sandbox's editor, at its place and
 * size, with the same options and `text`, but nothing of the sandbox around it: the floor that
 * the sandbox's own editor is compared with. False when the sandbox is not live yet.
 */
export async function addBareEditor(page, text, inPlace = false) {
  return page.evaluate(([t, inPlace]) => {
    const host = document.querySelector('reachlab-sandbox .rl-editor');
    if (!host?.rlMonaco) return false;
    const r = host.getBoundingClientRect();
    const div = document.createElement('div');
    div.className = 'rl-bare';
    if (inPlace) {
      // In the sandbox editor's place in the page (its box, contained as it is), the sandbox's
      // editor taken out: the same layout, layers and paint around it.
      div.style.cssText = `width:${r.width}px;height:${r.height}px;flex:none;contain:strict`;
      host.style.display = 'none';
      host.after(div);
    } else {
      div.style.cssText = `position:fixed;left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px;z-index:100`;
      document.body.append(div);
    }
    const { model: _m, ...opts } = host.rlEditor.getRawOptions();
    host.rlMonaco.editor.create(div, { ...opts, model: host.rlMonaco.editor.createModel(t, 'yaml') });
    return true;
  }, [text, inPlace]);
}

/** Types `chars` at the end of the scenario's title line, one key every `delayMs`. */
export async function typeAtTitle(page, editorRoot, text, chars, delayMs) {
  const lines = text.split('\n');
  const at = Math.max(0, lines.findIndex((l) => /^title:/.test(l)));
  await page.locator(`${editorRoot} textarea`).first().focus();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type(chars, { delay: delayMs });
  // The last key's frames, and a result that was still on its way.
  await page.waitForTimeout(400);
  return page.evaluate(() => window.__k2p);
}

/** Percentile of a list of numbers (nearest rank), rounded to 0.1. */
export function pct(xs, p) {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!s.length) return null;
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1);
}

/**
 * The difference a − b of a percentile (or of the mean, p = 'mean') between two samples, with a
 * 95% bootstrap interval: each sample resampled with replacement, `resamples` times, from a seeded
 * generator so that a run can be repeated. An interval that holds 0 says the two cannot be told
 * apart with this many keys; the figures are rounded to 0.1 ms.
 */
export function bootstrapDiff(a, b, p, resamples = 2000, seed = 1) {
  const xs = a.filter((x) => typeof x === 'number');
  const ys = b.filter((x) => typeof x === 'number');
  if (!xs.length || !ys.length) return null;
  let s = seed >>> 0 || 1;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const stat = (v) => {
    if (p === 'mean') return v.reduce((t, x) => t + x, 0) / v.length;
    const sorted = Float64Array.from(v).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  };
  const draw = (v) => Array.from(v, () => v[Math.floor(rand() * v.length)]);
  const diffs = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) diffs[i] = stat(draw(xs)) - stat(draw(ys));
  diffs.sort();
  const r = (x) => +x.toFixed(1);
  return { diff: r(stat(xs) - stat(ys)), lo: r(diffs[Math.floor(0.025 * resamples)]), hi: r(diffs[Math.floor(0.975 * resamples) - 1]) };
}
