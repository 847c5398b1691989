// Where a keystroke's time goes, the sandbox's editor against a bare Monaco editor on the same
// page: records a Chromium trace while typing at the end of the scenario's title line (12 keys,
// 180 ms apart; once to warm up, then measured; with STRIP=1 once more with the lesson's
// Starlight content class removed, to see what the page's CSS costs), and prints per key the
// main thread's time by trace event within 60 ms of the keydown.
// Usage: node scripts/trace-echo.mjs [dist] [lesson-slug]   (after npm run build)
import { chromium } from 'playwright-core';
import { serveStatic } from './lib/static-server.mjs';
import { activateLesson, addBareEditor, typeAtTitle } from './lib/results.mjs';
const server = await serveStatic(process.argv[2] ?? 'dist');
const lesson = process.argv[3] ?? '09-network-acl';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await activateLesson(page, `${server.origin}/lessons/${lesson}/`);
const text = await page.evaluate(() => document.querySelector('reachlab-sandbox').getText());
async function traced(sel) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink.user_timing'] });
  await typeAtTitle(page, sel, text, 'abcdefabcdef', 180);
  const buf = await browser.stopTracing();
  const ev = JSON.parse(buf.toString()).traceEvents;
  // main thread: the renderer's CrRendererMain
  const tn = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = ev.filter((e) => e.pid === tn.pid && e.tid === tn.tid && e.ph === 'X');
  const keys = main.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown').map((e) => e.ts);
  const sum = {};
  for (const k of keys) {
    for (const e of main) if (e.ts >= k && e.ts < k + 60000 && ['EventDispatch', 'FunctionCall', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'UpdateLayer', 'CompositeLayers', 'Commit', 'RunTask', 'TimerFire', 'HitTest', 'ParseHTML', 'v8.run', 'MajorGC', 'MinorGC', 'FireIdleCallback', 'RunMicrotasks', 'ScheduleStyleRecalculation', 'IntersectionObserverController::computeIntersections', 'ProfileCall'].includes(e.name)) {
      const n = e.name === 'EventDispatch' ? `Event ${e.args?.data?.type}` : e.name;
      sum[n] = (sum[n] ?? 0) + e.dur / 1000;
    }
  }
  return Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, +(v / keys.length).toFixed(2)]).sort((a, b) => b[1] - a[1]));
}
await traced('reachlab-sandbox .rl-editor');
const a = await traced('reachlab-sandbox .rl-editor');
if (process.env.STRIP) { await page.evaluate(() => document.querySelector('reachlab-sandbox').parentElement.classList.remove('sl-markdown-content')); }
const a2 = await traced('reachlab-sandbox .rl-editor');
await addBareEditor(page, text);
const b = await traced('.rl-bare');
console.log('per key, ms (60 ms window after keydown): sandbox, sandbox again (STRIP=1: without the content class), bare editor');
const names = [...new Set([...Object.keys(a), ...Object.keys(b)])];
for (const n of names) console.log(n.padEnd(40), String(a[n] ?? 0).padStart(7), String(a2[n] ?? 0).padStart(7), String(b[n] ?? 0).padStart(7));
await browser.close(); server.close();
