// Clumsy and hostile input (issue #8): one careless character costs one value, not the scenario;
// every diagnostic has a place; prototype-named keys and values are plain text; nothing stalls.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Analysis, analyze } from '../../src/engine/index.ts';

const scenarios = join(import.meta.dirname, '..', '..', 'src', 'content', 'scenarios');
const fixtures = join(import.meta.dirname, '..', 'fixtures');
const capstone = readFileSync(join(scenarios, '11-capstone.yaml'), 'utf8');
export const corpus = [
  ...readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(fixtures, f), 'utf8')),
  ...readdirSync(scenarios).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(scenarios, f), 'utf8')),
];

const verdicts = (a: Analysis) => a.probes.length + a.goals.length;
const unranged = (a: Analysis) => a.diagnostics.filter((d) => d.range === undefined);

describe('one careless character does not wipe the scenario', () => {
  test('the capstone with an unquoted source: * keeps its other verdicts and says to quote it', () => {
    const text = capstone.replace("source: '*'", 'source: *');
    expect(text).not.toBe(capstone);
    const a = analyze(text);
    expect(verdicts(a)).toBe(verdicts(analyze(capstone)));
    expect(verdicts(a)).toBeGreaterThan(0);
    const line = text.split('\n').findIndex((l) => l.includes('source: *')) + 1;
    expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: 'YAML_SYNTAX', range: expect.objectContaining({ start: expect.objectContaining({ line }) }), hint: expect.stringContaining("quote it: '*'") }));
  });

  test('a block-style protocol: * is reported at its line and the probes still run', () => {
    const text = `topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      subnets:
        - name: a
          prefix: 10.0.1.0/24
          nsg: n
  nsgs:
    - name: n
      rules:
        - name: r
          direction: inbound
          priority: 100
          action: allow
          protocol: *
  vms:
    - { name: sql01, subnet: v/a, privateIp: 10.0.1.6 }
probes:
  - { from: sql01, to: 10.0.1.6:1433 }
`;
    const a = analyze(text);
    expect(a.probes).toHaveLength(1);
    expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: 'YAML_SYNTAX', range: expect.objectContaining({ start: expect.objectContaining({ line: 16 }) }) }));
    expect(unranged(a)).toEqual([]);
  });

  test('an alias to no anchor is reported at the alias, and the rest is read', () => {
    const a = analyze('title: *nothing\nprobes:\n  - { from: internet, to: 1.2.3.4:80 }\n');
    expect(a.diagnostics).toMatchObject([{ code: 'YAML_SYNTAX', message: 'YAML: the alias *nothing refers to no anchor &nothing defined above it.', range: { start: { line: 1, column: 8 } } }]);
    expect(a.probes).toHaveLength(1);
  });

  test('an alias bomb is refused at the alias that passes the limit, with a range', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, k) => `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [${Array(10).fill(`*${String.fromCharCode(97 + k)}`).join(', ')}]`)].join('\n');
    const a = analyze(bomb);
    const d = a.diagnostics.find((x) => x.message.includes('Excessive alias count'));
    expect(d).toMatchObject({ code: 'YAML_SYNTAX', range: { start: { line: 4 } } });
    expect(unranged(a)).toEqual([]);
  });

  test('text over the size limit is ranged from where the limit is passed', () => {
    const a = analyze(`a: 1\n${'#'.repeat(17_000_000)}`);
    expect(a.diagnostics).toMatchObject([{ code: 'INPUT_TOO_LARGE', range: { start: { line: 2, column: 16 * 1_048_576 - 4 } } }]);
  });

  test('a million nested brackets are refused before the YAML reader recurses, at the level that passes the limit', () => {
    const a = analyze(`probes:\n  - ${'['.repeat(1_000_000)}`);
    expect(a.diagnostics).toMatchObject([{ code: 'NESTING_TOO_DEEP', range: { start: { line: 2 } } }]);
  });

  test('deep indentation and chains of "- " are refused the same way', () => {
    expect(analyze(Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')).diagnostics).toMatchObject([{ code: 'NESTING_TOO_DEEP' }]);
    expect(analyze(`${'- '.repeat(100_000)}x\n`).diagnostics).toMatchObject([{ code: 'NESTING_TOO_DEEP', range: { start: { line: 1 } } }]);
  });

  test('brackets inside quotes, comments and block scalars do not count as nesting', () => {
    const deep = '['.repeat(500);
    const a = analyze(`title: "${deep}"\ndescription: |\n  ${deep}\n# ${deep}\n`);
    expect(a.diagnostics).toEqual([]);
  });

  test('a key given twice is reported at its second place', () => {
    const a = analyze('title: a\ntitle: b\n');
    expect(a.diagnostics).toMatchObject([{ code: 'YAML_SYNTAX', message: 'YAML: Map keys must be unique.', range: { start: { line: 2, column: 1 } } }]);
  });
});

describe('every diagnostic has a range', () => {
  const yamlish = fc
    .array(fc.constantFrom('topology:', '  vnets:', '    - name: v', '      addressSpace: [10.0.0.0/16', '- ', ': ', '{', '}', '[', ']', '&a', '*a', '*', '!!str', '"', "'", '\t', '  ', '\n', 'probes:', '  - from: x', '    to: 1.2.3.4:5', '#', '|', '>', '?', '---', '...', 'source: *', '__proto__: 1', 'constructor:'), { maxLength: 60 })
    .map((p) => p.join(''));
  test('on random text, YAML-ish noise and corrupted scenarios', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish, fc.tuple(fc.constantFrom(...corpus), fc.nat(), fc.nat(), yamlish).map(([t, a, b, ins]) => {
        const i = a % (t.length + 1);
        return t.slice(0, i) + ins + t.slice(Math.min(t.length, i + (b % 40)));
      })), (text) => {
        expect(unranged(analyze(text))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});
