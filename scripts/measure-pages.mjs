// Measures the site in Debian's Chromium against its budgets:
//  - JS + CSS (gzip) a page loads before any sandbox is activated (budget 30 KB), and that no
//    Monaco CSS reaches a page before activation;
//  - edit-to-verdict latency in the DOM on every lesson (budget p95 50 ms), with the engine's
//    own time in the worker as the baseline measured in the same run;
//  - keydown to painted frame, as the learner feels it: the result (the frame that shows the
//    verdicts of the edit) against the editor's own echo of the character (the floor), per key,
//    in this build, in a baseline build (--baseline=DIR, default /tmp/base/dist when it exists)
//    and, for the echo, in a bare Monaco editor in the sandbox editor's place on the same page
//    (each editor typed into on a page load of its own, so that none runs Monaco's code warmer
//    for following another); all in one run, interleaved (see installKeyToPaint in scripts/lib/results.mjs for how a
//    frame is timed);
//  - optionally (--build) the full build time (budget 60 s).
// Usage: node scripts/measure-pages.mjs [--build] [--baseline=DIR]   (after npm run build)
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, pagesIn, serveStatic } from './lib/static-server.mjs';
import { activateLesson, addBareEditor, frameMarker, installKeyToPaint, bootstrapDiff, pct as pctOf, typeAtTitle, typeEdits } from './lib/results.mjs';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const results = {};
if (process.argv.includes('--build')) {
  const t = Date.now();
  execSync('npx astro build', { stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  results.buildSeconds = (Date.now() - t) / 1000;
}

const dist = 'dist';
const server = await serveStatic(dist);
const origin = server.origin;

const browser = await chromium.launch(CHROMIUM);
const page = await browser.newPage();
const weights = {};
// MEASURE=latency skips the page weights and the edit-to-verdict phases (to iterate on latency);
// MEASURE=weights measures the page weights only.
const only = process.env.MEASURE;
for (const path of only === 'latency' ? [] : pagesIn(dist)) {
  const loaded = [];
  const onResponse = (r) => {
    const type = r.request().resourceType();
    if (type === 'script' || type === 'stylesheet') loaded.push(new URL(r.url()).pathname);
  };
  page.on('response', onResponse);
  await page.goto(origin + path, { waitUntil: 'networkidle' });
  page.off('response', onResponse);
  let gz = 0;
  for (const f of new Set(loaded)) gz += gzipSync(readFileSync(join(dist, f))).length;
  const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src]), style')].map((e) => e.textContent ?? '').join(''));
  gz += gzipSync(inline).length;
  const monaco = loaded.some((f) => /monaco/i.test(f)) || /monaco-editor|\.monaco-editor/.test(inline);
  weights[path] = { jsCssGzipKB: +(gz / 1024).toFixed(1), files: loaded.length, monacoBeforeActivation: monaco };
}
results.pages = weights;
results.maxPageKB = only === 'latency' ? undefined : Math.max(...Object.values(weights).map((w) => w.jsCssGzipKB));
results.anyMonacoBeforeActivation = Object.values(weights).some((w) => w.monacoBeforeActivation);

// Edit to verdict: paste variants of each lesson's scenario and time the DOM update.
const ctx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
const lp = await ctx.newPage();
const latencies = [];
const engine = [];
const render = [];
const wait = [];
const byIndex = [];
const phasesFirst = [];
const phasesLater = [];
const lessons = readdirSync('src/content/docs/lessons').map((f) => f.replace(/\.mdx$/, ''));
for (const l of only === 'latency' || only === 'weights' ? [] : lessons) {
  await activateLesson(lp, `${origin}/lessons/${l}/`);
  const got = await typeEdits(lp, 16);
  got.forEach((g, i) => (byIndex[i] ??= []).push(g.latency));
  got.forEach((g, i) => (i === 0 ? phasesFirst : phasesLater).push(g.phases));
  for (const g of got) {
    latencies.push(g.latency);
    engine.push(g.engineMs);
    render.push(g.renderMs);
    wait.push(g.waitMs);
  }
}
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return null;
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1);
};
if (!only) results.editToVerdictMs = { samples: latencies.length, p50: pct(latencies, 50), p95: pct(latencies, 95), max: pct(latencies, 100) };
results.engineInWorkerMs = { p50: pct(engine, 50), p95: pct(engine, 95) };
results.editToResultArrivalMs = { p50: pct(wait, 50), p95: pct(wait, 95) };
results.renderMs = { p50: pct(render, 50), p95: pct(render, 95) };
const phaseStats = (rows) => Object.fromEntries(Object.keys(rows[0] ?? {}).map((k) => [k, { p50: pct(rows.map((r) => r[k]), 50), p95: pct(rows.map((r) => r[k]), 95) }]));
results.phasesMs = { firstEdit: phaseStats(phasesFirst), laterEdits: phaseStats(phasesLater) };
results.editToVerdictByEditIndexMs = byIndex.map((xs, i) => ({ edit: i + 1, p50: pct(xs, 50), max: pct(xs, 100) }));

// Keydown to painted frame: one character at the end of each lesson's title line every 180 ms,
// 6 per lesson, all lessons; this build and the baseline interleaved, lesson by lesson.
// --baseline=DIR[,DIR2]: the previous build (and another variant) served beside this one.
const baseArgs = (process.argv.find((a) => a.startsWith('--baseline='))?.slice(11) ?? (existsSync('/tmp/base/dist') ? '/tmp/base/dist' : '')).split(',').filter(Boolean);
const bases = [];
const baseServers = [];
for (const [i, dir] of baseArgs.entries()) {
  baseServers.push(await serveStatic(dir));
  bases.push([i ? `variant${i}` : 'baseline', baseServers[i].origin, dir]);
}
const k2p = { current: { result: [], echo: [], gap: [] }, bare: { echo: [] } };
for (const [name] of bases) k2p[name] = { result: [], echo: [], gap: [] };
const kp = await ctx.newPage();
await kp.addInitScript(frameMarker);
// Every page load starts from the lesson's text: a draft left by typing on an earlier load of the
// same page (written when that page was left) would open the sandbox by itself.
await kp.addInitScript(() => {
  for (const k of Object.keys(localStorage)) if (k.startsWith('reachlab:draft:')) localStorage.removeItem(k);
});
// LATENCY_ROUNDS=N: every lesson N times (n = 66 keys per variant and round), for differences
// under a millisecond, which one round cannot tell from the machine's drift.
const rounds = Math.max(1, Number(process.env.LATENCY_ROUNDS ?? 1));
for (let round = 0; round < rounds; round++)
for (const [li, l] of (only === 'weights' ? [] : lessons).entries()) {
  const order = [['current', origin], ...bases.map(([n, o]) => [n, o]), ['bare', origin]];
  if ((li + round) % 2) order.reverse();
  for (const [name, o] of order) {
    await activateLesson(kp, `${o}/lessons/${l}/`);
    const text = await kp.evaluate(() => document.querySelector('reachlab-sandbox').getText());
    if (name === 'bare') {
      // The floor: a bare Monaco editor with the same options and text in the sandbox editor's
      // place (the sandbox's editor taken out), on a page of its own like every other editor
      // here: typed second on the same page, an editor would run Monaco's code warmer.
      if (!(await addBareEditor(kp, text, true))) continue;
      await installKeyToPaint(kp, '.rl-bare');
      const b = await typeAtTitle(kp, '.rl-bare', text, 'abcdef', 180);
      k2p.bare.echo.push(...b.echo);
      continue;
    }
    await installKeyToPaint(kp, 'reachlab-sandbox .rl-editor', 'reachlab-sandbox');
    const m = await typeAtTitle(kp, 'reachlab-sandbox .rl-editor', text, 'abcdef', 180);
    m.keys.forEach((_, i) => {
      k2p[name].result.push(m.result[i]);
      k2p[name].echo.push(m.echo[i]);
      if (m.result[i] !== undefined && m.echo[i] !== undefined) k2p[name].gap.push(m.result[i] - m.echo[i]);
    });
  }
}
const stats = (xs) => ({ n: xs.filter((x) => typeof x === 'number').length, p50: pctOf(xs, 50), p95: pctOf(xs, 95) });
const differences = (xs, ys) => ({ p50: bootstrapDiff(xs, ys, 50), p95: bootstrapDiff(xs, ys, 95), mean: bootstrapDiff(xs, ys, 'mean') });
results.keyToPaintMs = {
  method: 'keydown event.timeStamp to the frame after the change (rAF then setTimeout 0); result = frame with the verdicts of the edit, echo = frame with the typed character; gap = result - echo per key',
  current: { result: stats(k2p.current.result), echo: stats(k2p.current.echo), resultMinusEcho: stats(k2p.current.gap) },
  ...Object.fromEntries(bases.map(([n, , dir]) => [n, { dist: dir, result: stats(k2p[n].result), echo: stats(k2p[n].echo), resultMinusEcho: stats(k2p[n].gap) }])),
  bareMonaco: { place: "the sandbox editor's, on a page load of its own", echo: stats(k2p.bare.echo) },
  // The echo's p50 by the key's place in its lesson's six (1 = the first key after the editor opened).
  echoP50ByKey: Object.fromEntries(
    [['current', k2p.current.echo], ...bases.map(([n]) => [n, k2p[n].echo]), ['bare', k2p.bare.echo]].map(([n, xs]) => [n, [0, 1, 2, 3, 4, 5].map((i) => pctOf(xs.filter((_, j) => j % 6 === i), 50))]),
  ),
  // Echo differences with 95% bootstrap intervals (each sample resampled 2,000 times): an
  // interval holding 0 means the two editors cannot be told apart with this many keys.
  echoMinusBare: Object.fromEntries([['current', k2p.current.echo], ...bases.map(([n]) => [n, k2p[n].echo])].map(([n, xs]) => [n, differences(xs, k2p.bare.echo)])),
  ...Object.fromEntries(bases.map(([n]) => [`echoMinus_${n}`, differences(k2p.current.echo, k2p[n].echo)])),
  budget: 'result - echo <= 2 ms at p95; echo no slower than the bare editor',
};

await browser.close();
server.close();
for (const b of baseServers) b.close();
mkdirSync('.cache/results', { recursive: true });
writeFileSync('.cache/results/pages.json', JSON.stringify(results, null, 2));
console.log(JSON.stringify({ ...results, pages: undefined }, null, 2));
for (const [p, w] of Object.entries(weights)) console.log(`${w.jsCssGzipKB.toString().padStart(6)} KB  ${p}${w.monacoBeforeActivation ? '  MONACO!' : ''}`);
