// Diagnoses edit-to-verdict latency: records a Chromium trace while typing into one lesson's
// sandbox and prints, per edit, what the main thread ran between the edit and its verdict.
// Usage: node scripts/trace-edits.mjs [lesson-slug] [edits]   (after npm run build)
import { chromium } from 'playwright-core';
import { serveStatic } from './lib/static-server.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { activateLesson, typeEdits } from './lib/results.mjs';

const slug = process.argv[2] ?? '09-network-acl';
const edits = Number(process.argv[3] ?? 6);
const server = await serveStatic('dist');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await activateLesson(page, `${server.origin}/lessons/${slug}/`);
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'toplevel'] });
const got = await typeEdits(page, edits);
const buf = await browser.stopTracing();
mkdirSync('.cache/results', { recursive: true });
writeFileSync('.cache/results/trace.json', buf);
const trace = JSON.parse(buf.toString());
const events = trace.traceEvents ?? trace;
const threads = new Map();
for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
const main = events.filter((e) => threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.ph === 'X' && e.dur);
for (const [i, g] of got.entries()) console.log(`edit ${i + 1}: ${g.latency.toFixed(1)} ms`, JSON.stringify(Object.fromEntries(Object.entries(g.phases).map(([k, v]) => [k, +v.toFixed(1)]))));
const top = main.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
const long = top.filter((e) => e.dur > 3000).slice(-40);
for (const t of long) {
  const inner = main.filter((e) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e !== t && e.dur > 1000);
  const names = inner.map((e) => `${e.name}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''}${e.args?.data?.url ? `[${e.args.data.url.split('/').pop()}:${e.args.data.lineNumber ?? ''}]` : ''}${e.args?.data?.type ? `<${e.args.data.type}>` : ''} ${(e.dur / 1000).toFixed(1)}`);
  console.log(`${(t.ts / 1000).toFixed(1)} task ${(t.dur / 1000).toFixed(1)} ms: ${names.slice(0, 8).join(' | ')}`);
}
await browser.close();
server.close();
