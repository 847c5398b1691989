// An edit inside one plain value of a YAML text (editFastRead, model/yaml-fast.ts editFastYaml)
// is read without reading the text again. Whenever it takes an edit, its read must be the read of
// the whole text: the same data, every value and key at the same place, the same root members.
// Chains of random edits of every lesson and fixture, as a learner types.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyze, reanalyze } from '../../src/engine/index.ts';
import { type FastRead, editFastRead, readScenarioText } from '../../src/engine/model/parse.ts';

const texts = [
  ...readdirSync('src/content/scenarios').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`src/content/scenarios/${f}`, 'utf8')),
  ...readdirSync('tests/fixtures').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`tests/fixtures/${f}`, 'utf8')),
].filter((t) => {
  const r = readScenarioText(t);
  return !('scenario' in r) && r.edits !== undefined;
});

function pathsOf(v: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) pathsOf((v as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

function expectSameRead(got: FastRead, whole: FastRead, what: string): void {
  expect(got.data, what).toEqual(whole.data);
  expect(got.rootMembers(), what).toEqual(whole.rootMembers());
  for (const p of pathsOf(whole.data)) {
    expect(got.locate(p), `${what} ${JSON.stringify(p)}`).toEqual(whole.locate(p));
    if (p.length && typeof p[p.length - 1] === 'string') expect(got.locate(p, { key: true }), `${what} key ${JSON.stringify(p)}`).toEqual(whole.locate(p, { key: true }));
  }
}

const commonPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
};

// A keystroke: a character typed (what values are made of, and what ends or starts something
// else) or deleted, near the last one most of the time, as a learner types.
const keystroke = fc.record({
  far: fc.boolean(),
  at: fc.nat(),
  near: fc.integer({ min: -3, max: 3 }),
  del: fc.boolean(),
  ch: fc.constantFrom('a', 'Z', '0', '7', '.', '-', '/', '_', ':', ' ', '#', ',', '"', "'", '[', '{', '*', '&', '!', '\n', '\t', '\\', 'x', 'e', '1'),
});

describe('an edit inside a plain value is read as the whole text would be', () => {
  test('chains of random keystrokes in every lesson and fixture', () => {
    let taken = 0;
    let steps = 0;
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(keystroke, { minLength: 1, maxLength: 12 }), (file, keys) => {
        let text = texts[file]!;
        let read = readScenarioText(text) as FastRead;
        let caret = Math.floor(text.length / 2);
        for (const k of keys) {
          caret = k.far ? k.at % (text.length + 1) : Math.max(0, Math.min(text.length, caret + k.near));
          const next = k.del ? text.slice(0, caret) + text.slice(caret + 1) : text.slice(0, caret) + k.ch + text.slice(caret);
          if (!k.del) caret++;
          const from = commonPrefix(text, next);
          const edited = editFastRead(read, next, from);
          const whole = readScenarioText(next);
          steps++;
          if (edited) {
            taken++;
            expect('scenario' in whole, JSON.stringify(next)).toBe(false);
            expectSameRead(edited, whole as FastRead, JSON.stringify(next));
          }
          text = next;
          if ('scenario' in whole) return;
          read = edited ?? (whole as FastRead);
        }
      }),
      { numRuns: 1500, seed: 20261202 },
    );
    // Many keystrokes land in values and are taken (here about one in eight: the random ones
    // also type quotes, brackets and new lines, and land on keys and blanks).
    expect(taken).toBeGreaterThan(steps / 10);
  });

  test('a value typed in changes its kind as the whole read would (a number, a text, null, true)', () => {
    const text = 'title: t\nprobes:\n  - { from: a, to: 10.0.1.6:1433, port: 14 }\n';
    const read = readScenarioText(text) as FastRead;
    for (const [from, to] of [['14 }', '14x }'], ['14 }', '1 }'], ['t\n', 'null\n'], ['t\n', 'true\n'], ['t\n', '0x1F\n'], ['1433,', '1433a,']]) {
      const next = text.replace(from!, to!);
      const edited = editFastRead(read, next, commonPrefix(text, next));
      expect(edited, next).toBeDefined();
      expectSameRead(edited!, readScenarioText(next) as FastRead, next);
    }
  });

  test('a quote inside a value is the text\'s own: a title with an apostrophe is edited in place; a quote that opens a value is not', () => {
    const text = "title: The article's network\nprobes:\n  - { from: a, to: say \"hi\" }\n";
    const read = readScenarioText(text) as FastRead;
    for (const [from, to] of [["network\n", "networks\n"], ["article's", "article''s"], ['say "hi"', 'say "hi"x']]) {
      const next = text.replace(from!, to!);
      const edited = editFastRead(read, next, commonPrefix(text, next));
      expect(edited, next).toBeDefined();
      expectSameRead(edited!, readScenarioText(next) as FastRead, next);
    }
    for (const [from, to] of [['The', "'The"], ['say', '"say']]) {
      const next = text.replace(from!, to!);
      expect(editFastRead(read, next, commonPrefix(text, next)), next).toBeUndefined();
    }
  });

  test('what is not a plain value edit is left to the whole read: a key, a quote, a comment, a new line, a colon that makes a pair', () => {
    const text = 'title: t\nprobes:\n  - { from: a, to: b }\n';
    const read = readScenarioText(text) as FastRead;
    for (const [from, to] of [['title:', 'titl:'], ['t\n', 't #c\n'], ['t\n', '"t\n'], ['t\n', 't\n  u\n'], ['to: b', 'to: b: c'], ['a,', 'a: x,'], ['b }', 'b, c }'], ['t\n', '*t\n']]) {
      const next = text.replace(from!, to!);
      expect(editFastRead(read, next, commonPrefix(text, next)), next).toBeUndefined();
    }
  });

  test('"__proto__" stays a name: a value typed to spell it is read whole, and a text with such a key keeps no edits', () => {
    const text = 'title: t\nprobes:\n  - { from: a, to: b, protocol: tcp }\n';
    const read = readScenarioText(text) as FastRead;
    // A text with "protocol" in it is edited as any other.
    const edited = text.replace('to: b', 'to: bc');
    expect(editFastRead(read, edited, commonPrefix(text, edited))).toBeDefined();
    for (const v of ['__proto__', 'proto', 'a\\u0070']) {
      const next = text.replace('from: a', `from: a${v}`);
      expect(editFastRead(read, next, commonPrefix(text, next)), v).toBeUndefined();
    }
    const keyed = readScenarioText('title: t\n__proto__: x\n') as FastRead;
    expect(keyed.edits).toBeUndefined();
  });

  test('reanalyze through edits inside values gives what analyze gives, keystroke by keystroke', () => {
    const lesson = readFileSync('src/content/scenarios/09-network-acl.yaml', 'utf8');
    let text = lesson;
    let a = analyze(text);
    // The title, an address of the topology, a port of a goal, then back: each typed a character at a time.
    for (const [find, typed] of [['with a network ACL', ' now'], ['10.0.1.6\n', '7'], ['to: 52.1.1.1:1433', '9']] as const) {
      for (const ch of typed) {
        const at = text.indexOf(find) + find.replace(/\n$/, '').length;
        const next = text.slice(0, at) + ch + text.slice(at);
        a = reanalyze(a, next, at);
        const fresh = analyze(next);
        expect(a.diagnostics).toEqual(fresh.diagnostics);
        expect(a.goals).toEqual(fresh.goals);
        expect(a.probes).toEqual(fresh.probes);
        text = next;
      }
    }
  });
});
