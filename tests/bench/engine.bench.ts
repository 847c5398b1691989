// Benchmarks (not timed tests): run with `npm run bench`. Figures go to .cache/results/bench.json.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { test } from 'vitest';
import jsyaml from 'js-yaml';
import { parseDocument, stringify } from 'yaml';
import { AddressSet, analyze, ProbeEvaluator, reanalyze, ScenarioSchema, Tracer, validateScenario, whoCanReach } from '../../src/engine/index.ts';
import { evalNsg } from '../../src/engine/eval/filters.ts';
import { LESSON_SCENARIO, enterpriseScenario } from './enterprise.ts';
import { toView } from '../../src/components/sandbox/view.ts';
import { sameShown } from '../../src/components/sandbox/same-shown.ts';

const figures: Record<string, unknown> = {};
function record(name: string, r: { latency: { p50?: number; mean?: number; p99?: number }; throughput?: { mean?: number } }): void {
  figures[name] = { p50_ms: r.latency.p50, mean_ms: r.latency.mean, p99_ms: r.latency.p99 };
  mkdirSync('.cache/results', { recursive: true });
  writeFileSync('.cache/results/bench.json', JSON.stringify(figures, null, 2));
  console.log(`${name}: p50 ${r.latency.p50?.toFixed(4)} ms, mean ${r.latency.mean?.toFixed(4)} ms, p99 ${r.latency.p99?.toFixed(4)} ms`);
}

test('one flow on a lesson-sized scenario, against a floor loop over the same rules', async ({ bench }) => {
  const a = analyze(LESSON_SCENARIO);
  const ev = a.evaluator;
  const src = ev.tracer.sourceForAse(a.model.ases[0]!);
  const target = { ip: 0x0a000106, port: 1433, protocol: 'tcp' as const };
  const nsg = a.model.nsgs.get('testNSGexample')!;
  const vnet = a.model.vnets[0]!;
  let sink = 0;
  const r = await bench.compare(
    bench('trace', () => {
      sink += ev.tracer.trace(src, target).hops.length;
    }),
    bench('floor: scan the same NSG rules', () => {
      // The least any evaluator must do: look at each rule on the path once.
      const f = evalNsg(ev.tracer.ctx, nsg, 'inbound', { sources: AddressSet.single(0x0a000205), destinations: AddressSet.single(target.ip), port: 1433, protocol: 'tcp' }, vnet);
      sink += f.allowed.isEmpty() ? 0 : 1;
    }),
    { time: 1500 },
  );
  record('lesson: one flow (trace)', r.get('trace'));
  record('lesson: floor loop', r.get('floor: scan the same NSG rules'));
  if (sink < 0) console.log(sink);
});

// What the sandbox's own engine runs per keystroke in a lesson (local-engine.ts): reanalyze from
// the last text, against analyze of the whole text (the previous way) in the same run. Three
// kinds of edit, each a character typed and taken back in turn in every lesson: at the end of
// the title line (above the topology: its model is reused, its places move), in the last goal
// (after it: the model and evaluator are reused), and in the topology (read whole).
const lessons = readdirSync('src/content/scenarios').filter((f) => f.endsWith('.yaml') && !f.includes('solution')).map((f) => readFileSync(`src/content/scenarios/${f}`, 'utf8'));
const at: Record<string, (t: string) => number> = {
  title: (t) => t.indexOf('\n', t.search(/^title:/m)),
  goal: (t) => t.lastIndexOf('\n', t.length - 2),
  topology: (t) => t.indexOf('\n', t.search(/^ {4}- name:/m)),
};
for (const [where, find] of Object.entries(at)) {
  test(`a lesson keystroke (${where}): reanalyze against analyze`, async ({ bench }) => {
    const states = lessons.map((text) => ({ text, a: analyze(text), k: 0 }));
    // Type a character, then take it back: the text alternates between two forms. With where
    // the texts start to differ, as the sandbox passes it.
    const typed = (s: { text: string; k: number }): [string, number] => {
      const i = find(s.text);
      return s.k++ % 2 === 0 ? [`${s.text.slice(0, i)}x${s.text.slice(i)}`, i] : [`${s.text.slice(0, i - 1)}${s.text.slice(i)}`, i - 1];
    };
    let n = 0;
    // What the page runs per key (local-engine.ts, controller.ts): reanalyze, the view (kept
    // by result where an answer did not change, view.ts), and whether anything shown changed.
    const pages = lessons.map((text) => {
      const a = analyze(text);
      return { text, a, k: 0, v: toView(a, undefined, false, text) };
    });
    let m = 0;
    let unchanged = 0;
    const r = await bench.compare(
      bench('reanalyze', () => {
        const s = states[n++ % states.length]!;
        const [next, from] = typed(s);
        s.a = reanalyze(s.a, next, from);
        s.text = next;
      }),
      bench('page: reanalyze + toView + sameShown', () => {
        const s = pages[m++ % pages.length]!;
        const [next, from] = typed(s);
        s.a = reanalyze(s.a, next, from);
        const v = toView(s.a, undefined, false, next);
        if (sameShown(s.v, v)) unchanged++;
        s.v = v;
        s.text = next;
      }),
      bench('baseline: analyze', () => {
        const s = states[n++ % states.length]!;
        const [next] = typed(s);
        s.a = analyze(next);
        s.text = next;
      }),
      { time: 1500 },
    );
    record(`lesson keystroke (${where}): reanalyze`, r.get('reanalyze'));
    record(`lesson keystroke (${where}): page (reanalyze + toView + sameShown)`, r.get('page: reanalyze + toView + sameShown'));
    if (unchanged < 0) console.log(unchanged);
    record(`lesson keystroke (${where}): analyze`, r.get('baseline: analyze'));
  });
}

for (const scale of [1, 10, 100]) {
  test(`enterprise scenario at ${scale}x rules: evaluate 1,000 probes, who-can-reach`, async ({ bench }) => {
    const scenario = enterpriseScenario({ rulesPerNsg: 200 * scale, probes: 1000 });
    // The model is built from the object, not from YAML: the 1x text alone is ~10 MB (its whole
    // check from text is measured separately below), 100x would be ~1 GB.
    const parsed = { scenario: ScenarioSchema.parse(scenario), locate: () => undefined };
    const { model } = validateScenario(parsed.scenario, parsed.locate);
    const ev = new ProbeEvaluator(new Tracer(model));
    const probes = model.probes;
    const r = await bench.compare(
      bench('probes', () => {
        const e = new ProbeEvaluator(new Tracer(model));
        for (const p of probes) e.evaluate(p.input, p.path);
      }),
      bench('who-can-reach', () => {
        whoCanReach(ev, '10.3.5.10:1433');
      }),
      { time: scale === 100 ? 1 : 1000, iterations: scale === 100 ? 3 : 10 },
    );
    record(`enterprise ${scale}x: 1,000 probes`, r.get('probes'));
    record(`enterprise ${scale}x: who-can-reach`, r.get('who-can-reach'));
  });
}

test('enterprise scenario at 1x: the whole check from JSON text (the form exports come in)', async ({ bench }) => {
  const text = JSON.stringify(enterpriseScenario({ rulesPerNsg: 200, probes: 1000 }), null, 1);
  figures['enterprise 1x: JSON size (bytes)'] = text.length;
  // Baseline in the same run: JSON.parse alone, the least any reader of the file must pay.
  const r = await bench.compare(bench('analyze(json)', () => void analyze(text)), bench('baseline: JSON.parse', () => void JSON.parse(text)), { time: 1, iterations: 3 });
  record('enterprise 1x: whole check from JSON', r.get('analyze(json)'));
  record('enterprise 1x: baseline JSON.parse only', r.get('baseline: JSON.parse'));
});

test('enterprise scenario at 1x: the whole check from YAML text', async ({ bench }) => {
  const text = stringify(enterpriseScenario({ rulesPerNsg: 200, probes: 1000 }));
  figures['enterprise 1x: YAML size (bytes)'] = text.length;
  // Baselines in the same run: js-yaml reading the text (the least the fast path pays), and the
  // yaml package reading it (what every text took before the fast path, and what a text with an
  // error still takes).
  const r = await bench.compare(
    bench('analyze(text)', () => void analyze(text)),
    bench('baseline: js-yaml load', () => void jsyaml.load(text)),
    bench('baseline: yaml parseDocument', () => void parseDocument(text)),
    { time: 1, iterations: 3 },
  );
  record('enterprise 1x: whole check from text', r.get('analyze(text)'));
  record('enterprise 1x: baseline js-yaml load only', r.get('baseline: js-yaml load'));
  record('enterprise 1x: baseline YAML parse only', r.get('baseline: yaml parseDocument'));
});

test('enterprise scenario at 1x: schema, validation and model building (40,000 rules)', async ({ bench }) => {
  const data = enterpriseScenario({ rulesPerNsg: 200, probes: 1000 });
  // Baseline in the same run: one deep copy of the data (the schema makes one as it checks).
  const r = await bench.compare(
    bench('schema + validate', () => {
      const s = ScenarioSchema.safeParse(data);
      validateScenario(s.data!, () => undefined);
    }),
    bench('baseline: structuredClone of the data', () => void structuredClone(data)),
    { time: 1, iterations: 5 },
  );
  record('enterprise 1x: schema + validation + model', r.get('schema + validate'));
  record('enterprise 1x: baseline structuredClone', r.get('baseline: structuredClone of the data'));
});
