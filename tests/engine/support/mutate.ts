// A mutation fuzzer for scenario texts (issue #8): deletes, duplicates and inserts characters and
// lines, swaps indentation, and inserts the characters and words that break readers (*, &, [,
// prototype names, huge names). Seeded, so every case can be replayed from its number.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { words, analyze } from '../../../src/engine/index.ts';

const root = join(import.meta.dirname, '..', '..', '..');

/** Every lesson scenario, solution and golden fixture. */
export function corpus(): string[] {
  const dirs = [join(root, 'tests', 'fixtures'), join(root, 'src', 'content', 'scenarios')];
  return dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(join(d, f), 'utf8')));
}

/** mulberry32: a small seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROTO = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'CONSTRUCTOR', '__PROTO__'];
const TOKENS = ['*', '&', '[', ']', '{', '}', '*a', '&a ', '*a ', '!!str ', '!!binary ', '? ', ': ', '- ', '#', '"', "'", '|', '>', '\t', '%', '@', '`', ',', '\\', '\u0000', '\ufeff', '\r', '---\n', '...\n', 'Password=x;', ...PROTO];

/** One mutated text: 1 to 4 edits of `text`, chosen by `seed`. */
export function mutate(text: string, seed: number): string {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!;
  let t = text;
  const edits = 1 + int(4);
  for (let e = 0; e < edits; e++) {
    const at = int(t.length + 1);
    const lines = t.split('\n');
    const li = int(lines.length);
    switch (int(12)) {
      case 0: // delete characters
        t = t.slice(0, at) + t.slice(at + 1 + int(20));
        break;
      case 1: // duplicate characters
        t = t.slice(0, at) + t.slice(at, at + 1 + int(40)) + t.slice(at);
        break;
      case 2: // insert a breaking token
        t = t.slice(0, at) + pick(TOKENS) + t.slice(at);
        break;
      case 3: // delete a line
        lines.splice(li, 1);
        t = lines.join('\n');
        break;
      case 4: // duplicate a line
        lines.splice(li, 0, lines[li] ?? '');
        t = lines.join('\n');
        break;
      case 5: // swap two lines
        {
          const lj = int(lines.length);
          [lines[li], lines[lj]] = [lines[lj] ?? '', lines[li] ?? ''];
          t = lines.join('\n');
        }
        break;
      case 6: // indent or outdent a line, with spaces or a tab
        lines[li] = pick([`  ${lines[li]}`, (lines[li] ?? '').replace(/^ {1,2}/, ''), `\t${lines[li]}`, ` ${lines[li]}`]);
        t = lines.join('\n');
        break;
      case 7: // a prototype name as a key, or as a value
        {
          const ind = /^\s*(?:- )?/.exec(lines[li] ?? '')?.[0].replace('-', ' ') ?? '';
          lines.splice(li + 1, 0, pick([`${ind}${pick(PROTO)}: x`, `${ind}${pick(PROTO)}:`, `${ind}source: ${pick(PROTO)}`, `${ind}- ${pick(PROTO)}`]));
          t = lines.join('\n');
        }
        break;
      case 8: // replace a value by a prototype name or a star
        t = t.replace(/: [^\n,}\]]+/g, (m) => (r() < 0.1 ? `: ${pick([...PROTO, '*', '&x', '*x', '[', '{'])}` : m));
        break;
      case 9: // a huge name
        t = t.slice(0, at) + pick(['x', 'sql', ' ', '[', '-']).repeat(1000 + int(20_000)) + t.slice(at);
        break;
      case 10: // cut the text
        t = t.slice(0, at);
        break;
      default: // a random character
        t = t.slice(0, at) + String.fromCharCode(int(0x3000)) + t.slice(at);
    }
  }
  return t;
}

/** What must hold for every text: no throw, no internal error, every diagnostic ranged in the text. */
export function check(text: string): string | undefined {
  let a;
  try {
    a = analyze(text);
  } catch (err) {
    return `threw: ${(err as Error).stack ?? String(err)}`;
  }
  const lines = text.split(/\r\n|\r|\n/).length + 1;
  for (const d of a.diagnostics) {
    if (d.code === 'INTERNAL_ERROR') return `internal error: ${d.message}`;
    if (!d.range) return `no range: ${d.code} ${d.message}`;
    if (d.range.start.line < 1 || d.range.start.line > lines || d.range.start.offset > text.length) return `range outside the text: ${d.code} line ${d.range.start.line}`;
  }
  return undefined;
}

/** The answer as data, for the determinism check. */
export function fingerprint(text: string): string {
  const a = analyze(text);
  return JSON.stringify([a.diagnostics, a.probes.map((p) => [p.label, p.result?.outcome, p.result?.code, p.result ? words.sentenceOf(p.result) : p.expectText]), a.goals.map((g) => [g.label, g.result?.outcome])]);
}
