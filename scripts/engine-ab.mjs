// Compares this checkout's engine with another checkout's (a baseline, e.g. the previous commit
// in a git worktree) in one run, interleaved, on: one flow on a lesson scenario, the whole
// analysis of a lesson scenario (what the sandbox runs per edit), 1,000 enterprise probes, and
// who-can-reach on the enterprise network. Node >= 22.18 (type stripping).
// Usage: node scripts/engine-ab.mjs /path/to/baseline [rounds]
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

const baseDir = resolve(process.argv[2] ?? '../base');
const rounds = Number(process.argv[3] ?? 7);
const here = resolve(import.meta.dirname, '..');
const load = async (dir) => ({
  dir,
  engine: await import(`${dir}/src/engine/index.ts`),
  fixtures: await import(`${dir}/tests/bench/enterprise.ts`),
});
const sides = [await load(here), await load(baseDir)];
const names = ['current', 'baseline'];

function cases(s) {
  const { engine: e, fixtures: f } = s;
  const lesson = e.analyze(f.LESSON_SCENARIO);
  const ev = lesson.evaluator;
  const src = ev.tracer.sourceForAse(lesson.model.ases[0]);
  const target = { ip: 0x0a000106, port: 1433, protocol: 'tcp' };
  const scen = f.enterpriseScenario({ rulesPerNsg: 200, probes: 1000 });
  const parsed = e.ScenarioSchema.parse(scen);
  const { model } = e.validateScenario(parsed, () => undefined);
  const bigEv = new e.ProbeEvaluator(new e.Tracer(model));
  return {
    'lesson: one flow (trace)': { n: 2000, run: () => ev.tracer.trace(src, target) },
    'lesson: analyze(text), per edit': { n: 40, run: () => e.analyze(f.LESSON_SCENARIO) },
    'enterprise 1x: 1,000 probes': { n: 3, run: () => { const x = new e.ProbeEvaluator(new e.Tracer(model)); for (const p of model.probes) x.evaluate(p.input, p.path); } },
    'enterprise 1x: who-can-reach': { n: 5, run: () => e.whoCanReach(bigEv, '10.3.5.10:1433') },
  };
}

const all = sides.map(cases);
const times = all.map((c) => Object.fromEntries(Object.keys(c).map((k) => [k, []])));
for (let r = 0; r < rounds; r++) {
  for (const order of r % 2 ? [1, 0] : [0, 1]) {
    for (const [k, { n, run }] of Object.entries(all[order])) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) run();
      times[order][k].push((performance.now() - t0) / n);
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| case | ${names.join(' | ')} | ratio |`);
console.log('| --- | --- | --- | --- |');
for (const k of Object.keys(times[0])) {
  const [a, b] = [median(times[0][k]), median(times[1][k])];
  const fmt = (x) => (x < 0.1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(2)} ms`);
  console.log(`| ${k} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(2)} |`);
}
