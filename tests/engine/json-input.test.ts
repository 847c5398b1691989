// Scenarios written as JSON (the form exports and generators use) are read by JSON.parse, with
// positions found when a diagnostic or a rule asks for them.
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { analyze, formatAnalysis } from '../../src/engine/index.ts';

const fixture = (f: string) => readFileSync(`tests/fixtures/${f}`, 'utf8');

describe('JSON scenarios', () => {
  test('a fixture written as JSON gives the same verdicts, and ranges that point into the JSON', () => {
    for (const f of ['article-acl.yaml', 'nsg-order-and-placement.yaml', 'arm-hub-spoke.yaml', 'connection-strings.yaml']) {
      const yamlText = fixture(f);
      const jsonText = JSON.stringify(parseYaml(yamlText), null, 2);
      const a = analyze(yamlText);
      const b = analyze(jsonText);
      expect(b.probes.map((p) => [p.label, p.met, p.result?.outcome, p.result?.code])).toEqual(a.probes.map((p) => [p.label, p.met, p.result?.outcome, p.result?.code]));
      for (const p of b.probes) {
        const rule = p.result?.decidingHop !== undefined ? p.result.hops[p.result.decidingHop]?.rule : undefined;
        if (!rule?.range) continue;
        // The deciding rule's range starts at the object that defines it in the JSON text.
        const line = jsonText.split('\n')[rule.range.start.line - 1]!;
        expect(line.slice(rule.range.start.column - 1)).toMatch(/^[{["0-9a-z]/);
      }
    }
  });

  test('a diagnostic in JSON points at the exact key or value, line and column', () => {
    const text = '{\n  "topology": {\n    "vnets": [\n      { "name": "v", "addressSpace": ["10.0.0.0/99"], "adressSpace": 1 }\n    ]\n  }\n}\n';
    const a = analyze(text);
    const bad = a.diagnostics.find((d) => d.code === 'BAD_CIDR' || d.code === 'UNKNOWN_FIELD');
    expect(bad).toBeDefined();
    const unknown = a.diagnostics.find((d) => d.code === 'UNKNOWN_FIELD')!;
    expect(unknown.range?.start).toMatchObject({ line: 4, column: text.split('\n')[3]!.indexOf('"adressSpace"') + 1 });
    expect(formatAnalysis(a, text, 'x.json')).toContain('x.json:4:');
  });

  test('broken JSON is read as YAML, which says where it breaks; a __proto__ key stays a name', () => {
    const broken = analyze('{ "topology": { "vnets": [ }\n');
    expect(broken.diagnostics.some((d) => d.code === 'YAML_SYNTAX' && d.range)).toBe(true);
    const proto = analyze('{ "topology": { "dnsServers": [ { "address": "10.0.0.4", "records": { "__proto__": "10.0.0.5" } } ] } }');
    expect(proto.model.dnsServers.get(0x0a000004)?.records.get('__proto__')).toBe(0x0a000005);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('the JSON locator', () => {
  type P = Array<string | number>;
  function* paths(v: unknown, p: P = []): Generator<[P, unknown]> {
    yield [p, v];
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* paths(v[i], [...p, i]);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* paths(x, [...p, k]);
  }
  test('finds every value and key of every fixture, in pretty and compact JSON, with escaped keys', async () => {
    const { jsonPositions } = await import('../../src/engine/model/json-positions.ts');
    const { readdirSync } = await import('node:fs');
    let checked = 0;
    for (const f of readdirSync('tests/fixtures').filter((x) => x.endsWith('.yaml'))) {
      let data: Record<string, unknown> | null;
      try {
        data = parseYaml(fixture(f)) as Record<string, unknown> | null;
      } catch {
        continue; // a fixture broken on purpose
      }
      if (!data || typeof data !== 'object') continue;
      // A key with escapes and one with a quote, to check unescaping.
      const withOdd = { ...data, 'odd\\"key\n': { 'tab\t': [1, { x: 'y' }] } };
      for (const text of [JSON.stringify(withOdd, null, 2), JSON.stringify(withOdd)]) {
        const { locate, span: lines } = jsonPositions(text);
        // Line and column agree with counting the lines directly.
        for (const o of [0, 1, text.length >> 1, text.length - 1, text.length]) {
          const before = text.slice(0, o).split('\n');
          expect(lines(o, o).start).toEqual({ offset: o, line: before.length, column: before[before.length - 1]!.length + 1 });
        }
        for (const [p, v] of paths(withOdd)) {
          const r = locate(p);
          expect(r, `${f} ${JSON.stringify(p)}`).toBeDefined();
          const got = text.slice(r!.start.offset, r!.end.offset);
          if (v !== null && typeof v === 'object') expect(got[0]).toBe(Array.isArray(v) ? '[' : '{');
          else expect(got, `${f} ${JSON.stringify(p)}`).toBe(JSON.stringify(v));
          if (p.length && typeof p[p.length - 1] === 'string') {
            const k = locate(p, { key: true })!;
            expect(text.slice(k.start.offset, k.end.offset), `${f} key ${JSON.stringify(p)}`).toBe(JSON.stringify(p[p.length - 1]));
          }
          checked++;
        }
        // A path that is not in the text points at its nearest ancestor.
        const r = locate(['topology', 'nope', 3]);
        expect(r).toBeDefined();
      }
    }
    expect(checked).toBeGreaterThan(4000);
  });

  test('a place is worked out when it is read, and copies (spread, structuredClone, JSON) carry it', async () => {
    const { jsonPositions } = await import('../../src/engine/model/json-positions.ts');
    const text = JSON.stringify(parseYaml(fixture('arm-hub-spoke.yaml')), null, 2);
    const pos = jsonPositions(text);
    const r = pos.locate(['topology', 'vnets', 1, 'subnets', 0, 'prefix'])!;
    const k = pos.locate(['topology', 'vnets', 1, 'name'], { key: true })!;
    expect(pos.passed()).toBe(false);
    const value = JSON.parse(JSON.stringify(r)) as { start: { offset: number }; end: { offset: number } };
    expect(pos.passed()).toBe(true);
    expect(text.slice(value.start.offset, value.end.offset)).toMatch(/^"\d+\.\d+\.\d+\.\d+\/\d+"$/);
    expect(structuredClone(r)).toEqual(value);
    expect({ ...r }).toEqual(value);
    expect(text.slice(k.start.offset, k.end.offset)).toBe('"name"');
    // Reading, validation, lint, health and every verdict ask for many places (every rule a
    // verdict names) and read none: no pass is made until something is reported.
    const { parseScenarioText } = await import('../../src/engine/model/parse.ts');
    const { validateScenario } = await import('../../src/engine/model/validate.ts');
    const { ProbeEvaluator } = await import('../../src/engine/eval/probe.ts');
    const { Tracer } = await import('../../src/engine/eval/trace.ts');
    const { lintModel } = await import('../../src/engine/query/lint.ts');
    const { resolveProbe } = await import('../../src/engine/model/probes.ts');
    const parsed = parseScenarioText(text);
    const { model } = validateScenario(parsed.scenario, parsed.locate);
    const ev = new ProbeEvaluator(new Tracer(model));
    lintModel(ev);
    for (const a of model.ases) ev.health(a);
    const results = model.probes.filter((p) => p.input.from !== undefined).map((p) => ev.evaluateResolved(resolveProbe(model, { ...p.input, from: p.input.from! }, p.path, [])));
    expect(results.some((r) => r.hops.some((h) => h.rule?.range))).toBe(true);
    expect(parsed.json?.passed()).toBe(false);
  });
});
