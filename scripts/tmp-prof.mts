import { Session } from 'node:inspector/promises';
import { analyze } from '../src/engine/index.ts';
import { enterpriseScenario } from '../tests/bench/enterprise.ts';
const json = JSON.stringify(enterpriseScenario({ rulesPerNsg: 200, probes: 1000 }), null, 1);
for (let i = 0; i < 3; i++) analyze(json);
const s = new Session(); s.connect();
await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 200 });
await s.post('Profiler.start');
const t0 = performance.now();
for (let i = 0; i < 5; i++) analyze(json);
console.log('per check', ((performance.now() - t0) / 5).toFixed(1));
const { profile } = await s.post('Profiler.stop');
const self = new Map(); const total = profile.samples.length;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
const counts = new Map(); for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
for (const [id, c] of counts) {
  const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + c);
  const seen = new Set(); let x = id;
  while (x !== undefined) { const m = byId.get(x); const kk = `${m.callFrame.functionName || '(anon)'} ${m.callFrame.url.split('/').pop()}:${m.callFrame.lineNumber}`; if (!seen.has(kk)) { incl.set(kk, (incl.get(kk) ?? 0) + c); seen.add(kk); } x = parent.get(x); }
}
const ms = (c) => ((c / total) * (performance.now() - t0) / 5).toFixed(1);
console.log('-- self'); for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(ms(c), k);
console.log('-- incl'); for (const [k, c] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(ms(c), k);
