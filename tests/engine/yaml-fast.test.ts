// The fast YAML path (js-yaml with node events) must read exactly what the `yaml` reader reads,
// and place every value and key at the same offsets; a text it cannot read that way is left to
// the `yaml` reader. Checked on every fixture and lesson, and on random edits of them.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Document, isMap, isSeq, parse, visit } from 'yaml';
import { MAX_NESTING, prescan, readWithYamlPackage } from '../../src/engine/model/parse.ts';
import { firstYamlError, readFastYaml } from '../../src/engine/model/yaml-fast.ts';

const texts = [
  ...readdirSync('tests/fixtures').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`tests/fixtures/${f}`, 'utf8')),
  ...readdirSync('src/content/scenarios').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`src/content/scenarios/${f}`, 'utf8')),
];

/** A text's data written again with collections from `depth` down in flow style, wrapped at 60. */
function flowStyled(text: string, depth: number): string | undefined {
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    return undefined;
  }
  const doc = new Document(data);
  const deep = (path: readonly unknown[]) => path.filter((p) => isMap(p) || isSeq(p)).length >= depth;
  visit(doc, {
    Map: (_k, node, path) => void (deep(path) && (node.flow = true)),
    Seq: (_k, node, path) => void (deep(path) && (node.flow = true)),
  });
  return doc.toString({ lineWidth: 60 });
}
const flowTexts = texts.flatMap((t) => [2, 3, 4].map((d) => flowStyled(t, d)).filter((x): x is string => x !== undefined));

type P = Array<string | number>;
function* paths(v: unknown, p: P = []): Generator<P> {
  yield p;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* paths(v[i], [...p, i]);
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) yield* paths((v as Record<string, unknown>)[k], [...p, k]);
}

/** Compares the two readers on one text; returns whether the fast path took it. */
function agree(text: string): boolean {
  // The conditions parseScenarioText puts on the fast path.
  const stats: { aliases: number; yamlOnly?: boolean; properties?: boolean } = { aliases: 0 };
  if (prescan(text, MAX_NESTING, stats) || stats.aliases || stats.yamlOnly || stats.properties) return false;
  const slow = readWithYamlPackage(text);
  const fast = readFastYaml(text);
  if (!fast || 'tooManyKeys' in fast) return false;
  // Taken only for texts the `yaml` reader reads without an error.
  expect(slow.diagnostics.filter((d) => d.severity === 'error'), text).toEqual([]);
  expect(JSON.stringify(fast.data)).toBe(JSON.stringify(slow.data));
  for (const p of paths(slow.data)) {
    const s = slow.locate(p);
    expect(fast.locate(p), `${JSON.stringify(p)} in\n${text}`).toEqual(s && [s.start.offset, s.end.offset]);
    if (p.length && typeof p[p.length - 1] === 'string') {
      const k = slow.locate(p, { key: true });
      expect(fast.locate(p, { key: true }), `key ${JSON.stringify(p)}`).toEqual(k && [k.start.offset, k.end.offset]);
    }
  }
  // A path that is not in the text: the nearest place, as the `yaml` reader says.
  const s = slow.locate(['topology', 'nope', 2]);
  expect(fast.locate(['topology', 'nope', 2])).toEqual(s && [s.start.offset, s.end.offset]);
  return true;
}

describe('the fast YAML path', () => {
  test('reads every fixture and lesson as the yaml reader does, every value and key at the same place', () => {
    let taken = 0;
    for (const t of texts) if (agree(t)) taken++;
    // Nearly all are well formed and without aliases: the fast path must take them.
    expect(taken).toBeGreaterThan(texts.length * 0.8);
  });

  test('a text that starts with a byte order mark (files saved on Windows) is placed alike', () => {
    let taken = 0;
    for (const t of texts) if (agree(`\uFEFF${t}`)) taken++;
    expect(taken).toBeGreaterThan(texts.length * 0.8);
    // The first error of a large text is placed in the text as written, mark included.
    const broken = 'title: t\ntopology:\n  vnets: [\n';
    expect(firstYamlError(`\uFEFF${broken}`)!.offset).toBe(firstYamlError(broken)!.offset + 1);
  });

  test('flow collections wrapped over several lines (as yaml.stringify writes long ones) take the fast path, placed alike', () => {
    let taken = 0;
    let total = 0;
    let wrapped = 0;
    for (const text of flowTexts) {
      total++;
      if (agree(text)) taken++;
      wrapped += text.split('\n').some((l) => /[[{,]\s*$/.test(l)) ? 1 : 0;
    }
    expect(taken).toBeGreaterThan(total * 0.7);
    // The texts do hold flow collections continued on a next line.
    expect(wrapped).toBeGreaterThan(total * 0.5);
  });

  test('a comment line at the start of a line inside a [ or { is left to the yaml reader (found by the random edits)', () => {
    // After a plain scalar's line, js-yaml reads "#" as a comment, the `yaml` reader as part of
    // the scalar (an error): the readers disagree, so the fast path must not take it.
    const text = 'goals:\n  - {\n      title: t,\n      hint: Move it (and give it an address\n#        there).\n    }\n';
    expect(readWithYamlPackage(text).diagnostics.some((d) => d.code === 'YAML_SYNTAX')).toBe(true);
    expect(agree(text)).toBe(false);
    expect(agree(text.replace('\n#', '\n        #'))).toBe(true);
  });

  test('an empty value at the very end of the text is placed at the end, not one past it (found by scripts/yaml-agreement.mjs, seed 12)', () => {
    for (const text of ['probes:\n  - from: a\n    expect: ', 'probes:\n  - from: a\n    expect:', 'a:\n  b: ', 'a: ']) {
      expect(readFastYaml(text), JSON.stringify(text)).toBeTruthy();
      expect(agree(text), JSON.stringify(text)).toBe(true);
    }
  });

  test('agrees on random edits of them (or leaves them to the yaml reader)', () => {
    const all = [...texts, ...flowTexts];
    const edit = fc.record({
      file: fc.nat({ max: all.length - 1 }),
      at: fc.nat(),
      kind: fc.constantFrom('insert', 'delete', 'duplicate-line'),
      ch: fc.constantFrom(' ', ':', '-', '[', ']', '{', '}', '#', "'", '"', '\n', '\t', '&a ', '!!str ', '|', '>', ',', '? ', '0x1F', '0b11', '-.5', '1_000', '~', 'null', 'True', '2024-01-01', '\n  '),
    });
    let taken = 0;
    fc.assert(
      fc.property(edit, ({ file, at, kind, ch }) => {
        const t = all[file]!;
        const i = at % (t.length + 1);
        let out: string;
        if (kind === 'insert') out = t.slice(0, i) + ch + t.slice(i);
        else if (kind === 'delete') out = t.slice(0, i) + t.slice(i + 1);
        else {
          const a = t.lastIndexOf('\n', i - 1) + 1;
          const b = t.indexOf('\n', i);
          const line = t.slice(a, b === -1 ? t.length : b + 1);
          out = t.slice(0, a) + line + t.slice(a);
        }
        if (agree(out)) taken++;
      }),
      { numRuns: 2500 },
    );
    expect(taken).toBeGreaterThan(50);
  });

  test('numbers, booleans and nulls are read by the YAML 1.2 core schema, as the yaml reader does', () => {
    const text = 'a: 0b11\nb: -0x1F\nc: 0x1F\nd: 0o17\ne: -.5\nf: 1_000\ng: .inf\nh: ~\ni: True\nj: 012\nk: 1e3\nl: 2024-01-01\nm: +12\nn: .NaN\n';
    expect(agree(text)).toBe(true);
  });
});
