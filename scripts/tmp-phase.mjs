import { chromium } from 'playwright-core';
import { serveStatic } from './lib/static-server.mjs';
import { activateLesson, typeAtTitle, pct } from './lib/results.mjs';
const dists = process.argv.slice(2);
const servers = await Promise.all(dists.map((d) => serveStatic(d)));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.addInitScript(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('reachlab:draft:')) localStorage.removeItem(k); });
const lessons = ['01-sandbox','02-where-an-ase-lives','03-private-stays-private','04-same-subnet','05-on-premises','06-forced-tunnel','07-dns','08-connection-strings','09-network-acl','10-nsg','11-capstone'];
const out = dists.map(() => ({ engine: [], render: [], byKey: [[],[],[],[],[],[]] }));
for (let round = 0; round < 2; round++) for (const l of lessons) for (const [i, s] of servers.entries()) {
  await activateLesson(page, `${s.origin}/lessons/${l}/`);
  const text = await page.evaluate(() => document.querySelector('reachlab-sandbox').getText());
  await typeAtTitle(page, 'reachlab-sandbox .rl-editor', text, 'abcdef', 180);
  const rl = await page.evaluate(() => window.__rl.map((d) => [d.engineMs, d.renderMs]));
  rl.slice(-6).forEach(([e, r], k) => { out[i].engine.push(e); out[i].render.push(r); out[i].byKey[k].push(e + r); });
}
for (const [i, d] of dists.entries()) console.log(d, 'engine p50', pct(out[i].engine, 50), 'p95', pct(out[i].engine, 95), 'render p50', pct(out[i].render, 50), 'p95', pct(out[i].render, 95), 'sum by key', out[i].byKey.map((xs) => pct(xs, 50)));
await browser.close(); process.exit(0);
