// reanalyze(prev, text, changedFrom) reuses the topology of a JSON scenario when an edit starts
// after it, and of a YAML scenario when its text is word for word the same; whatever it reuses,
// its answer must be exactly what analyze(text) gives. Checked on every fixture and lesson written
// as JSON, under random edits of the probes, goals and title (and edits that break the JSON,
// repeat the topology key, or reach into the topology), and as written in YAML, under random
// edits anywhere; chained.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { type Analysis, analyze, formatAnalysis, reanalyze } from '../../src/engine/index.ts';
import { jsonPositions } from '../../src/engine/model/json-positions.ts';
import { Mover } from '../../src/engine/query/moved.ts';
import { applyLineEdit } from './support/line-edit.ts';

/** The scenario as JSON with its topology first, then everything else. */
const jsons = [...readdirSync('tests/fixtures').map((f) => `tests/fixtures/${f}`), ...readdirSync('src/content/scenarios').map((f) => `src/content/scenarios/${f}`)]
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((file) => {
    try {
      const d = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
      if (!d || typeof d !== 'object' || !d.topology || !Array.isArray(d.probes) || !d.probes.length) return [];
      const { topology, assumptions, ...rest } = d;
      // Also with the title, goals and the rest but the probes before the topology (as the
      // example's generated network has its title first).
      const { probes, ...front } = rest;
      return [
        { file, text: JSON.stringify({ ...(assumptions ? { assumptions } : {}), topology, ...rest }, null, 2) },
        { file: `${file} (rest first)`, text: JSON.stringify({ ...front, ...(assumptions ? { assumptions } : {}), topology, probes }, null, 1) },
      ];
    } catch {
      return [];
    }
  });

/** The fixtures and lessons as written (YAML). */
const yamls = [...readdirSync('tests/fixtures').map((f) => `tests/fixtures/${f}`), ...readdirSync('src/content/scenarios').map((f) => `src/content/scenarios/${f}`)]
  .filter((f) => f.endsWith('.yaml'))
  .map((file) => ({ file, text: readFileSync(file, 'utf8') }));

/** A YAML edit: at a line (its end, or within it), text removed and text put in. */
const yamlEdit = fc.record({
  title: fc.boolean(),
  where: fc.double({ min: 0, max: 1, noNaN: true }),
  atEnd: fc.boolean(),
  within: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.nat(8)),
  insert: fc.oneof(
    fc.constantFrom('', 'x', '1', '0', ' ', '  ', '\n', '\n  ', '\n\n', '# note', ': ', '- ', '"', "'", '[', '{', '&a ', '*a', '| ', '\t', 'title: t\n', 'topology:\n', 'assumptions: {}\n', '__proto__: 1\n', 'Password=x;', '---\n'),
    fc.string({ maxLength: 5 }),
  ),
});

/** Everything an analysis says, as text: diagnostics with places, results, the printed report. */
function said(a: Analysis, text: string): string {
  const seen = new WeakSet<object>();
  const data = JSON.stringify({ d: a.diagnostics, p: a.probes, g: a.goals, h: a.health, e: a.diagnosticsExpectation }, (_k, v: unknown) => {
    if (v instanceof Map || v instanceof Set) return [...v];
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '(seen)';
      seen.add(v);
    }
    return v;
  });
  return `${data}\n${formatAnalysis(a, text, 'x.json')}`;
}

/** An edit: at a place after the topology's end (or anywhere, rarely), text removed and text put in. */
const edit = fc.record({
  where: fc.double({ min: 0, max: 1, noNaN: true }),
  anywhere: fc.boolean(),
  // Most of a learner's edits keep the JSON sound: typing inside a quoted value.
  inString: fc.boolean(),
  remove: fc.nat(12),
  insert: fc.oneof(
    fc.constantFrom('', '1', '0', ' ', '"', ',', '}', ']', '{', 'x', '\n', ': ', '"allowed"', '"blocked"', '"from": "internet", ', '"topology": {}, ', '"title": "t", ', '"__proto__": 1, ', '\\u0050wd=1;'),
    fc.string({ maxLength: 6 }),
  ),
});

describe('reanalyze gives what analyze gives', () => {
  test(`random edits after the topology, chained (${jsons.length} scenarios as JSON)`, () => {
    expect(jsons.length).toBeGreaterThan(40);
    let reused = 0;
    fc.assert(
      fc.property(fc.nat(jsons.length - 1), fc.array(edit, { minLength: 1, maxLength: 4 }), (which, edits) => {
        let text = jsons[which]!.text;
        let prev = analyze(text);
        for (const e of edits) {
          const after = jsonPositions(text).rootMembers().find((m) => m.key === 'topology')?.end ?? 0;
          let from = e.anywhere ? Math.floor(e.where * text.length) : Math.min(text.length, after + Math.floor(e.where * (text.length - after)));
          let next: string;
          const digit = /\d/.exec(text.slice(from))?.index;
          if (e.anywhere && e.inString && digit !== undefined) {
            // Anywhere, also in the topology: a digit changed, the length kept (same places).
            from += digit;
            next = text.slice(0, from) + String((Number(text[from]) + 1) % 10) + text.slice(from + 1);
          } else if (e.inString && text.indexOf('": "', from) >= 0) {
            // At the start of a quoted value: a letter or digit, or one taken away.
            from = text.indexOf('": "', from) + 4;
            next = e.remove % 3 === 0 && /[\w.:/-]/.test(text[from] ?? '') ? text.slice(0, from) + text.slice(from + 1) : text.slice(0, from) + 'a1b2: x'.charAt(e.remove % 7) + text.slice(from);
          } else next = text.slice(0, from) + e.insert + text.slice(from + e.remove);
          const again = reanalyze(prev, next, from);
          const whole = analyze(next);
          expect(said(again, next), `${jsons[which]!.file}: edit at ${from}`).toBe(said(whole, next));
          if (again.model.vnets === prev.model.vnets) reused++;
          text = next;
          prev = again;
        }
      }),
      { numRuns: 500, seed: 4242 },
    );
    // The reuse must actually happen for most edits, or this tests nothing.
    expect(reused).toBeGreaterThan(100);
  });

  test('JSON: edits right at the end of the topology, in pretty and one-line JSON', () => {
    for (const { text: pretty } of jsons.slice(0, 8)) {
      for (const text of [pretty, JSON.stringify(JSON.parse(pretty))]) {
        const end = jsonPositions(text).rootMembers().find((m) => m.key === 'topology')!.end;
        for (const [at, remove, insert] of [[end, 0, ', "title": "t"'], [end, 0, ' '], [end, 1, ''], [end, 0, '\n'], [end + 1, 0, ' "title": "t",'], [end, 0, '}'], [end, text.length - end, ',\n}']] as const) {
          const next = text.slice(0, at) + insert + text.slice(at + remove);
          const prev = analyze(text);
          // The earlier pass over the text is made, as the page's view does.
          void said(prev, text);
          expect(said(reanalyze(prev, next, at), next), `${JSON.stringify(insert)} at ${at}`).toBe(said(analyze(next), next));
        }
      }
    }
  });

  test('an edit inside the topology is analysed whole', () => {
    const { text } = jsons[0]!;
    const prev = analyze(text);
    const at = text.indexOf('"topology"') + 20;
    const next = `${text.slice(0, at)} ${text.slice(at)}`;
    expect(reanalyze(prev, next, at).model.vnets).not.toBe(prev.model.vnets);
  });

  test(`YAML: random edits anywhere, chained (${yamls.length} lessons and fixtures as written)`, () => {
    expect(yamls.length).toBeGreaterThan(40);
    let kept = 0;
    let moved = 0;
    fc.assert(
      fc.property(fc.nat(yamls.length - 1), fc.array(yamlEdit, { minLength: 1, maxLength: 4 }), (which, edits) => {
        let text = yamls[which]!.text;
        let prev = analyze(text);
        for (const e of edits) {
          // Often the title's line (the first edits of a lesson), else any line.
          const { next, from } = applyLineEdit(text, e);
          const again = reanalyze(prev, next, from);
          const whole = analyze(next);
          expect(said(again, next), `${yamls[which]!.file}: ${JSON.stringify(e)} at ${from}`).toBe(said(whole, next));
          // Reused: the evaluator is kept, its places moved when an edit above moved the topology.
          if (again.model.vnets === prev.model.vnets && again.evaluator === prev.evaluator) {
            if (text.indexOf('\ntopology:') === next.indexOf('\ntopology:')) kept++;
            else moved++;
          }
          text = next;
          prev = again;
        }
      }),
      { numRuns: 300, seed: 2612 },
    );
    // Both kinds of reuse must happen often, or this tests nothing.
    expect(kept).toBeGreaterThan(20);
    expect(moved).toBeGreaterThan(100);
  });

  test('YAML: an edit above the topology moves its diagnostics and verdicts with it', () => {
    const text = readFileSync('src/content/scenarios/09-network-acl.yaml', 'utf8');
    const prev = analyze(text);
    const at = text.indexOf('\ntopology:');
    const next = `${text.slice(0, at)}\n# two lines\n# more${text.slice(at)}`;
    const again = reanalyze(prev, next, at);
    expect(again.model.vnets).toBe(prev.model.vnets);
    // Its verdicts and health are not worked out again: the evaluator's, with their places moved.
    expect(again.evaluator).toBe(prev.evaluator);
    expect(said(again, next)).toBe(said(analyze(next), next));
    const decided = (a: Analysis) => a.goals.flatMap((g) => g.result?.hops.map((h) => h.rule?.range?.start.line) ?? []);
    expect(decided(again).some((l) => l !== undefined)).toBe(true);
    expect(decided(again)).toEqual(decided(prev).map((l) => (l === undefined ? l : l + 2)));
    // The same topology text at another column (the root indented by a space): its places on
    // its first line differ, so it is read whole.
    const flow = 'title: t\ntopology: {vnets: [{name: v, addressSpace: [10.0.0.0/16], subnets: [{name: s, prefix: 10.1.0.0/24}]}]}\nprobes:\n  - {from: 10.0.0.4, to: 10.0.0.5:1433}\n';
    const shiftedRoot = flow.replace(/^(\S)/gm, ' $1');
    const f = analyze(flow);
    expect(f.diagnostics.some((d) => d.code === 'SUBNET_OUTSIDE_VNET' && d.range?.start.line === 2)).toBe(true);
    expect(said(reanalyze(f, shiftedRoot, 0), shiftedRoot)).toBe(said(analyze(shiftedRoot), shiftedRoot));
    // The same topology written with one more space of indentation is read whole.
    const indented = text.replace(/^(\S)/gm, ' $1').replace(/^ #/gm, '#');
    expect(reanalyze(prev, indented, 0).model.vnets).not.toBe(prev.model.vnets);
  });

  test('the places of kept answers move with their block; one outside every block is refused', () => {
    const pos = (offset: number, line: number) => ({ offset, line, column: 3 });
    const rule = { kind: 'route', ref: { kind: 'route', id: 'r' }, owner: { kind: 'subnet', id: 's' }, name: 'r', spec: { kind: 'platform', what: 'listens', ownerName: 'x' }, hit: {}, path: ['topology'], range: { start: pos(100, 5), end: pos(110, 5) } } as const;
    const hop = { kind: 'route', at: { kind: 'subnet', id: 's' }, action: 'forwarded', rule, facts: { type: 'azure-host' } } as const;
    const problems = [{ code: 'DEPENDENCY_BLOCKED', rule }] as const;
    const mover = new Mover([{ start: 50, end: 200, offset: 7, lines: 1 }]);
    // An ASE's problems: its health's list, which its health hop shares (as the engine builds them).
    const list = [...problems];
    const health = mover.health({ ase: 'a', status: 'unhealthy', problems: list, effectiveDns: [], assumptions: [] } as never);
    const moved = mover.hop({ ...hop, facts: { type: 'ase-health', ase: 'a', status: 'unhealthy', problems: list } } as never);
    expect(mover.ok).toBe(true);
    expect(health.problems[0]!.rule!.range).toEqual({ start: pos(107, 6), end: pos(117, 6) });
    // A rule met twice is copied once: the copies share what the originals shared.
    expect(mover.hop(hop as never).rule).toBe(health.problems[0]!.rule);
    expect((moved.facts as { problems: unknown }).problems).toBe(health.problems);
    // Nothing moved (a block that did not move): the very same objects.
    const still = new Mover([{ start: 50, end: 200, offset: 0, lines: 0 }]);
    expect(still.hop(hop as never)).toBe(hop);
    // A place outside every block: refused, so that the caller evaluates again.
    const outside = new Mover([{ start: 0, end: 60, offset: 7, lines: 1 }]);
    outside.hop(hop as never);
    expect(outside.ok).toBe(false);
  });

  test('past the limit of 1,000 probes (cut, with LIMIT_EXCEEDED), the text is read whole, as analyze reads it', () => {
    const probe = { from: '10.0.0.4', to: '10.0.0.5:1433' };
    const make = (n: number) => JSON.stringify({ topology: { vnets: [{ name: 'v', addressSpace: ['10.0.0.0/16'], subnets: [{ name: 'a', prefix: '10.0.0.0/24' }] }] }, probes: Array.from({ length: n }, () => probe) }, null, 1);
    for (const [n, grow] of [[1001, 0], [1000, 1]] as const) {
      const text = make(n);
      const prev = analyze(text);
      const at = text.lastIndexOf('1433');
      const next = grow ? `${text.slice(0, text.lastIndexOf(']'))}, ${JSON.stringify(probe)}]}` : `${text.slice(0, at)}1434${text.slice(at + 4)}`;
      const again = reanalyze(prev, next, grow ? text.lastIndexOf(']') : at);
      expect(again.model.vnets).not.toBe(prev.model.vnets);
      expect(said(again, next)).toBe(said(analyze(next), next));
      expect(again.diagnostics.some((d) => d.code === 'LIMIT_EXCEEDED')).toBe(true);
    }
  });

  test('a "__proto__" key added at the root is reported, as analyze reports it', () => {
    const text = JSON.stringify({ topology: { vnets: [{ name: 'v', addressSpace: ['10.0.0.0/16'], subnets: [{ name: 'a', prefix: '10.0.0.0/24' }] }] }, probes: [{ from: '10.0.0.4', to: '10.0.0.5:1433' }] }, null, 2);
    const prev = analyze(text);
    const at = text.indexOf('"probes"');
    for (const member of ['"__proto__": 1, ', '"__proto__": {}, ', '"__proto__": [], ']) {
      const next = `${text.slice(0, at)}${member}${text.slice(at)}`;
      const again = reanalyze(prev, next, at);
      expect(said(again, next)).toBe(said(analyze(next), next));
      expect(again.diagnostics.map((d) => d.code)).toContain('UNKNOWN_FIELD');
    }
  });

  test('a changedFrom that is not an offset, or a topology read leniently, is never reused', () => {
    const t = '{"topology":{"vnets":[{"name":"v","addressSpace":["10.0.0.0/16"],"subnets":[{"name":"a","prefix":"10.0.0.0/24"}]}],"vms":[{"name":"sql01","subnet":"v/a","privateIp":"10.0.0.6","listens":["tcp/1433"]}]},"probes":[{"from":"10.0.0.4","to":"sql01:1433"}]}';
    const changed = t.replace('"tcp/1433"', '"tcp/1434"');
    for (const from of [Number.NaN, undefined as unknown as number, -1, 1.5]) {
      expect(said(reanalyze(analyze(t), changed, from), changed)).toBe(said(analyze(changed), changed));
    }
    // A DNS record named "__proto__" takes the lenient reader, which orders keys as the schema does.
    const p = '{"topology":{"vnets":[{"name":"v","addressSpace":["10.0.0.0/16"],"subnets":[{"name":"a","prefix":"10.0.0.0/24"}]}],"dnsServers":[{"address":"10.0.0.10","records":{"__proto__":"10.0.0.6"}}]},"probes":[{"from":"10.0.0.4","to":"10.0.0.6:1433","expect":{"code":"NO_HOST_AT_ADDRESS","outcome":"blocked"}}]}';
    const at = p.indexOf('10.0.0.4');
    const next = `${p.slice(0, at)}10.0.0.5${p.slice(at + 8)}`;
    expect(said(reanalyze(analyze(p), next, at), next)).toBe(said(analyze(next), next));
  });

  test('a probe edit reuses the topology and changes the verdict', () => {
    const text = JSON.stringify({
      topology: { vnets: [{ name: 'v', addressSpace: ['10.0.0.0/16'], subnets: [{ name: 'a', prefix: '10.0.0.0/24' }, { name: 'b', prefix: '10.0.1.0/24' }] }], vms: [{ name: 'sql01', subnet: 'v/b', privateIp: '10.0.1.6', listens: ['tcp/1433'] }] },
      probes: [{ from: '10.0.0.4', to: 'sql01:1433' }],
    }, null, 2);
    const prev = analyze(text);
    expect(prev.probes[0]!.result!.outcome).toBe('allowed');
    const at = text.lastIndexOf('1433"');
    const next = `${text.slice(0, at)}1434${text.slice(at + 4)}`;
    const again = reanalyze(prev, next, at);
    expect(again.model.vnets).toBe(prev.model.vnets);
    expect(again.probes[0]!.result!.outcome).toBe('blocked');
    expect(said(again, next)).toBe(said(analyze(next), next));
  });

  test('a value half typed in a goal or probe (the schema refuses it) keeps the topology, and says what analyze says', () => {
    let cases = 0;
    for (const { file, text } of yamls.filter((y) => y.file.startsWith('src/content/scenarios/'))) {
      // Every expectation and protocol after the topology, typed into: "allowedx", "tcpx".
      const restAt = Math.min(...['\ngoals:', '\nprobes:'].map((k) => text.indexOf(k)).filter((i) => i >= 0));
      for (const m of text.matchAll(/^\s+(?:-\s+)?(?:expect|protocol): \w+$/gm)) {
        const at = m.index + m[0].length;
        if (at < restAt) continue;
        const prev = analyze(text);
        const next = `${text.slice(0, at)}x${text.slice(at)}`;
        const again = reanalyze(prev, next, at);
        expect(said(again, next), `${file} at ${at}`).toBe(said(analyze(next), next));
        expect(again.diagnostics.some((d) => d.severity === 'error'), `${file} at ${at}`).toBe(true);
        expect(again.evaluator, `${file} at ${at}`).toBe(prev.evaluator);
        // And typed back: the topology is still kept, and the problem is gone.
        const back = reanalyze(again, text, at);
        expect(said(back, text), `${file} at ${at}`).toBe(said(prev, text));
        expect(back.evaluator, `${file} at ${at}`).toBe(prev.evaluator);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(20);
  });
});
