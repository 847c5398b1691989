#!/usr/bin/env node
// The enterprise targets of issue #12 in plain Node (Vitest's module runner turns every export
// into a getter, which inflates these figures 2-3x): the whole check from JSON text (target
// <= 200 ms) and from YAML text (<= 1.5 s), and schema + validation + model of 40,000 rules
// (<= 100 ms; the schema step as the engine runs it, on a fresh copy of the data made before
// the clock starts); each with baselines in the same run, interleaved round by round: JSON.parse,
// js-yaml and the yaml package reading the same text, a structuredClone of the data, and, when
// given, the same engine from another checkout (e.g. the previous commit in a git worktree).
//
//   node scripts/bench-enterprise.mjs [rounds=7] [baseline checkout]
//
// Run with Node >= 22.18 (type stripping): bash scripts/env.sh node --expose-gc scripts/bench-enterprise.mjs
//
// How a run starts matters as much as the engine (measured: docs in CONTRIBUTING.md):
// - the cases are measured as benchmarks measure, in a process that has run them before: a
//   minor GC before each run empties the young generation, and nothing else is reset;
// - "after a full GC": gc() before the run. A forced full GC drops V8's optimised code (60-170
//   functions of the engine are compiled again in the measured run, 150 ms of compiler threads'
//   time), so this is neither a warm engine nor a cold one; reported, not the target's figure;
// - "first check in a fresh process": node started for one check, as `reachlab check` of one
//   network is (compiling the engine included, reading the file not).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import jsyaml from 'js-yaml';
import { parseDocument, stringify } from 'yaml';

const rounds = Number(process.argv[2] ?? 7);
const here = resolve(import.meta.dirname, '..');
const dirs = [here, ...(process.argv[3] ? [resolve(process.argv[3])] : [])];
const sides = [];
for (const d of dirs) {
  // The schema step as the engine runs it: conform.ts (no copy) where the checkout has it, else zod.
  const conform = await import(`${d}/src/engine/model/conform.ts`).catch(() => undefined);
  sides.push({ e: await import(`${d}/src/engine/index.ts`), conform: conform?.conformInPlace });
}
/** The schema step of the engine on a fresh copy of the data (the readers' output is their own). */
const schemaStep = (s, d) => (s.conform?.(s.e.ScenarioSchema, d) ? d : s.e.ScenarioSchema.safeParse(d).data);
const { enterpriseScenario } = await import(`${here}/tests/bench/enterprise.ts`);
const data = enterpriseScenario({ rulesPerNsg: 200, probes: 1000 });
const json = JSON.stringify(data, null, 1);
const yaml = stringify(data);

const cases = {
  'whole check from JSON': { target: 200, run: (s) => s.e.analyze(json) },
  'whole check from JSON, after a full GC': { full: true, run: (s) => s.e.analyze(json) },
  'baseline: JSON.parse': { run: () => JSON.parse(json) },
  'whole check from YAML': { target: 1500, run: (s) => s.e.analyze(yaml) },
  'baseline: js-yaml load': { run: () => jsyaml.load(yaml) },
  'baseline: yaml parseDocument': { run: () => parseDocument(yaml), once: true },
  'schema + validation + model': { target: 100, prep: () => structuredClone(data), run: (s, d) => s.e.validateScenario(schemaStep(s, d), () => undefined) },
  'baseline: structuredClone': { run: () => structuredClone(data) },
};
const times = {};
for (let r = 0; r < rounds; r++) {
  for (const [name, c] of Object.entries(cases)) {
    const order = c.run.length ? (r % 2 ? [...sides.keys()].reverse() : [...sides.keys()]) : [0];
    for (const i of order) {
      if (c.once && r > 0) continue;
      // A baseline checkout's YAML check takes seconds: two rounds of it.
      if (i > 0 && name.includes('YAML') && r > 1) continue;
      const input = c.prep?.();
      globalThis.gc?.(c.full ? undefined : { type: 'minor' });
      const t0 = performance.now();
      c.run(sides[i], input);
      const key = i === 0 ? name : `${name} (baseline checkout)`;
      (times[key] ??= []).push(performance.now() - t0);
    }
  }
}
// The first check in a fresh process, per side, interleaved.
const { execFileSync } = await import('node:child_process');
const { tmpdir } = await import('node:os');
const jsonFile = `${tmpdir()}/reachlab-enterprise-${process.pid}.json`;
writeFileSync(jsonFile, json);
for (let r = 0; r < Math.min(rounds, 5); r++) {
  for (const i of r % 2 ? [...dirs.keys()].reverse() : [...dirs.keys()]) {
    const code = `const t=require('node:fs').readFileSync(${JSON.stringify(jsonFile)},'utf8');import(${JSON.stringify(`${dirs[i]}/src/engine/index.ts`)}).then((e)=>{const t0=performance.now();e.analyze(t);console.log(performance.now()-t0)})`;
    const ms = Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }).trim());
    const key = i === 0 ? 'whole check from JSON, first check in a fresh process' : 'whole check from JSON, first check in a fresh process (baseline checkout)';
    (times[key] ??= []).push(ms);
  }
}
rmSync(jsonFile);
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = {};
console.log('| case | median | min | n | target |');
console.log('| --- | --- | --- | --- | --- |');
for (const [k, xs] of Object.entries(times)) {
  const target = cases[k]?.target;
  out[k] = { medianMs: med(xs), minMs: Math.min(...xs), n: xs.length, ...(target ? { targetMs: target } : {}) };
  console.log(`| ${k} | ${med(xs).toFixed(0)} ms | ${Math.min(...xs).toFixed(0)} ms | ${xs.length} | ${target ? `<= ${target} ms` : ''} |`);
}
mkdirSync(`${here}/.cache/results`, { recursive: true });
writeFileSync(`${here}/.cache/results/bench-enterprise.json`, JSON.stringify({ method: 'interleaved rounds in one process, a minor GC before each run (--expose-gc); "after a full GC": gc() before the run; "fresh process": node started per check', json: json.length, yaml: yaml.length, ...out }, null, 2));
