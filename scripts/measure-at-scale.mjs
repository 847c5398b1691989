// Measures the example site's runbook over a network of enterprise size (runbooks/at-scale: 50
// VNets, 1,000 subnets, 200 NSGs of 200 rules, 1,000 probes; ~10 MB of JSON) in Chromium:
// - the static page: HTML size (raw, gzip), time to first paint and first contentful paint,
//   DOMContentLoaded (median of 3 fresh loads);
// - opening the editor: "Edit and run" to the editor shown, and to the first verdicts in;
// - edits: 20 keystrokes that each flip the first probe's verdict (Backspace on the port
//   1433 -> 143, then 3 again), each timed from the keydown event's timeStamp to the first
//   animation frame after the verdict area's DOM changed (MutationObserver + requestAnimationFrame
//   in the page); p50, p95, max, with the worker's phases. Between edits, typing pauses until
//   what-changed and who-can-reach are in (as a reader checking each verdict would). Then the
//   same in the topology (topologyEdits: the back end's privateIp 10.0.5.10 -> 10.0.5.1 and
//   back), where the worker cannot reuse the topology's model and reads the whole network.
// Typing starts PAUSE_MS (default 1500) after the first verdicts are in, as a reader looks at the
// network before changing it; PAUSE_MS=0 types at once (the worker is then still warming up).
// PROFILE=1 adds the main thread's top functions by self time over the edits.
// Usage (after the example's build, see scripts/test.sh): node scripts/measure-at-scale.mjs [edits]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM, serveStatic } from './lib/static-server.mjs';

const EDITS = Number(process.argv[2] ?? 20);
const dist = 'examples/team-runbooks/dist';
const path = '/runbooks/at-scale/';
const html = readFileSync(join(dist, path, 'index.html'));
const server = await serveStatic(dist);
const browser = await chromium.launch(CHROMIUM);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const r1 = (x) => Math.round(x * 10) / 10;

const results = { page: path, htmlKB: r1(html.length / 1024), htmlGzipKB: r1(gzipSync(html).length / 1024) };

// The static page, three fresh loads.
const loads = [];
for (let i = 0; i < 3; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(server.origin + path, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  loads.push(
    await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]));
      return { firstPaint: paint['first-paint'], firstContentfulPaint: paint['first-contentful-paint'], domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
    }),
  );
  await ctx.close();
}
results.staticLoadMs = Object.fromEntries(Object.keys(loads[0]).map((k) => [k, r1(median(loads.map((l) => l[k])))]));

// The editor, then the edits.
const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const page = await ctx.newPage();
page.on('pageerror', (e) => console.error('page error:', e.message));
await page.goto(server.origin + path, { waitUntil: 'load' });
results.openEditorMs = await page.evaluate(
  () =>
    new Promise((resolve) => {
      const el = document.querySelector('reachlab-sandbox');
      const t0 = performance.now();
      let editorAt;
      el.querySelector('[data-action="edit"]').click();
      const poll = () => {
        if (editorAt === undefined && el.querySelector('.rl-editor .monaco-editor .view-lines')) editorAt = performance.now() - t0;
        if (editorAt !== undefined && el.dataset.ready === 'true') {
          requestAnimationFrame(() => resolve({ editorShown: Math.round(editorAt), firstVerdicts: Math.round(performance.now() - t0) }));
          return;
        }
        requestAnimationFrame(poll);
      };
      poll();
    }),
);
results.pauseBeforeTypingMs = Number(process.env.PAUSE_MS ?? 1500);
await page.waitForTimeout(results.pauseBeforeTypingMs);
/**
 * Puts the cursor before the last character of the first match of `find`, then types EDITS keys
 * there, Backspace and `retype` in turn (each flips the first probe's verdict), timing each from
 * keydown to the frame that paints the changed verdicts.
 */
async function typeAt(find, retype) {
  await page.evaluate((f) => {
    const ed = document.querySelector('.rl-editor').rlEditor;
    const m = ed.getModel().findMatches(f, false, false, true, null, false)[0];
    ed.setPosition({ lineNumber: m.range.startLineNumber, column: m.range.endColumn - 1 });
    ed.revealLineInCenter(m.range.startLineNumber);
    ed.focus();
  }, find);
  await page.evaluate(() => {
    window.rlEdits = [];
    if (window.rlWatching) return;
    window.rlWatching = true;
    const el = document.querySelector('reachlab-sandbox');
    let pending;
    el.querySelector('.rl-editor').addEventListener('keydown', (e) => (pending = { t0: e.timeStamp, key: e.key }), true);
    el.addEventListener('reachlab:result', (e) => pending && (pending.phases = { ...e.detail.phases, render: e.detail.renderMs, editToResult: e.detail.latency }));
    // The verdict area: the summary above the editor and the verdicts below it.
    const mo = new MutationObserver(() => {
      if (!pending || pending.done) return;
      pending.done = true;
      const p = pending;
      requestAnimationFrame(() => {
        p.ms = performance.now() - p.t0;
        p.summary = el.querySelector('.rl-summary li[data-index="0"] .rl-badge')?.textContent;
        window.rlEdits.push(p);
      });
    });
    for (const t of [el.querySelector('.rl-summary-box'), el.querySelector('.rl-verdicts')]) mo.observe(t, { childList: true, subtree: true, characterData: true });
  });
  for (let i = 0; i < EDITS; i++) {
    const before = await page.evaluate(() => window.rlEdits.length);
    await page.keyboard.press(i % 2 === 0 ? 'Backspace' : retype);
    await page.waitForFunction((n) => window.rlEdits.length > n, before, { timeout: 20_000 });
    // The pause: what-changed and who-can-reach in for this text, then a moment.
    await page.waitForFunction(() => {
      const el = document.querySelector('reachlab-sandbox');
      return el.dataset.extras === el.dataset.runs;
    }, undefined, { timeout: 20_000 }).catch(() => {});
    await page.waitForTimeout(200);
  }
  const edits = await page.evaluate(() => window.rlEdits);
  const ms = edits.map((e) => e.ms);
  return {
    n: ms.length,
    p50: r1(pct(ms, 50)),
    p95: r1(pct(ms, 95)),
    max: r1(Math.max(...ms)),
    verdicts: edits.map((e) => e.summary).join(' '),
    each: edits.map((e) => ({ key: e.key, ms: r1(e.ms), ...(e.phases ? Object.fromEntries(Object.entries(e.phases).map(([k, v]) => [k, r1(v)])) : {}) })),
  };
}

// PROFILE=1: the main thread's CPU profile over the edits, its top functions by self time.
const cdp = process.env.PROFILE ? await ctx.newCDPSession(page) : undefined;
if (cdp) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
}
// In a probe (its port, after the topology: the worker reuses the topology's model), then in the
// topology (the back end's address: the whole network is read and checked again).
results.edits = await typeAt('"10.0.5.10:1433"', '3');
results.topologyEdits = await typeAt('"privateIp": "10.0.5.10"', '0');
if (cdp) {
  const { profile: p } = await cdp.send('Profiler.stop');
  const self = new Map();
  const at = new Map();
  p.samples.forEach((id, i) => at.set(id, (at.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  for (const n of p.nodes) {
    const k = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (at.get(n.id) ?? 0));
  }
  results.profileTopMs = [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0)} ${k}`);
}
await browser.close();
server.close();
console.log(JSON.stringify(results, null, 2));
