// The sandbox's view keeps what it built for a flow by the result it shows (view.ts: FLOW_VIEWS,
// DIAGRAMS; the engine's shownAs and topologyShown): an edit that leaves a flow's answer as it
// was gives the same view object again. Keeping is right only if the view is the one built from
// scratch: checked under random chains of edits of every lesson and fixture, as the sandbox makes
// them (reanalyze, then toView), against the view of a fresh analysis of the same text.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyze, reanalyze } from '../../src/engine/index.ts';
import { type SandboxView, toView } from '../../src/components/sandbox/view.ts';
import { applyLineEdit } from '../engine/support/line-edit.ts';

const texts = [...readdirSync('tests/fixtures').map((f) => `tests/fixtures/${f}`), ...readdirSync('src/content/scenarios').map((f) => `src/content/scenarios/${f}`)]
  .filter((f) => f.endsWith('.yaml'))
  .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const lessons = texts.filter((t) => /scenarios\/\d\d-[^/]*\.yaml$/.test(t.file) && !t.file.includes('solution'));

const edit = fc.record({
  title: fc.boolean(),
  where: fc.double({ min: 0, max: 1, noNaN: true }),
  atEnd: fc.boolean(),
  within: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.nat(6)),
  insert: fc.oneof(fc.constantFrom('', 'x', '1', '0', ' ', '\n', '\n\n', '# note', ': ', '- ', '"', 'deny', 'allowed', 'blocked', '10.0.0.9', 'Password=x;'), fc.string({ maxLength: 4 })),
});

/** The view the page's own engine gives (local-engine.ts), and the one built from scratch. */
const view = (a: ReturnType<typeof analyze>, text: string): SandboxView => toView(a, undefined, false, text);

/** A character typed at the end of the title line. */
function titleKey(text: string): { next: string; at: number } {
  const at = text.indexOf('\n', text.search(/^title:/m));
  return { next: `${text.slice(0, at)}x${text.slice(at)}`, at };
}

describe('views kept by the result they show', () => {
  test(`random edits, chained: the view is the one built from scratch (${texts.length} lessons and fixtures)`, () => {
    let reused = 0;
    let built = 0;
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(edit, { minLength: 1, maxLength: 5 }), (which, edits) => {
        let text = texts[which]!.text;
        let prev = analyze(text);
        let shown = view(prev, text);
        for (const e of edits) {
          const { next, from } = applyLineEdit(text, e);
          const again = reanalyze(prev, next, from);
          const v = view(again, next);
          expect(JSON.stringify(v), `${texts[which]!.file}: ${JSON.stringify(e)} at ${from}`).toBe(JSON.stringify(view(analyze(next), next)));
          for (const f of v.flows) if (f.hops.length) shown.flows.includes(f) ? reused++ : built++;
          text = next;
          prev = again;
          shown = v;
        }
      }),
      { numRuns: 300, seed: 3012 },
    );
    // Both happen often, or this tests nothing.
    expect(reused).toBeGreaterThan(200);
    expect(built).toBeGreaterThan(200);
  });

  test('a character typed in the title gives the same flow views and diagram, passwords still masked', () => {
    for (const { file, text } of lessons) {
      const a = analyze(text);
      const before = view(a, text);
      const { next, at } = titleKey(text);
      const after = view(reanalyze(a, next, at), next);
      expect(after.diagram, file).toBe(before.diagram);
      const traced = after.flows.filter((f) => f.hops.length);
      expect(traced.length, file).toBeGreaterThan(0);
      for (const f of traced) expect(before.flows, file).toContain(f);
      // Typed again: still the same (the copies made to move offsets map to the first result).
      const third = titleKey(next);
      const later = view(reanalyze(reanalyze(a, next, at), third.next, third.at), third.next);
      for (const f of later.flows.filter((x) => x.hops.length)) expect(before.flows, file).toContain(f);
    }
    // The answers are masked before their offsets move (analyze.ts): the moved copies, and the
    // views kept for them, hold the masked connection string.
    const pw = lessons.find((l) => l.text.includes('Password=ChangeMe!'))!;
    let a = analyze(pw.text);
    let text = pw.text;
    for (let i = 0; i < 3; i++) {
      const k = titleKey(text);
      a = reanalyze(a, k.next, k.at);
      text = k.next;
      const results = JSON.stringify(a.goals.map((g) => g.result?.flow));
      expect(results).toContain('Password=');
      expect(results).not.toContain('ChangeMe!');
      expect(JSON.stringify(view(a, text))).not.toContain('ChangeMe!');
    }
  });

  test('a line added above the topology moves every line the view shows, and is built again', () => {
    for (const { file, text } of lessons) {
      const a = analyze(text);
      const before = view(a, text);
      const at = text.indexOf('\n', text.search(/^title:/m));
      const next = `${text.slice(0, at)}\n# a new line${text.slice(at)}`;
      const after = view(reanalyze(a, next, at), next);
      expect(after.diagram, file).not.toBe(before.diagram);
      expect(after.diagram.nodes.map((n) => n.line && n.line - 1), file).toEqual(before.diagram.nodes.map((n) => n.line));
      before.flows.forEach((f, i) => {
        const g = after.flows[i]!;
        if (f.hops.length) expect(g, file).not.toBe(f);
        expect(g.decidingRange?.start.line, file).toBe(f.decidingRange && f.decidingRange.start.line + 1);
        expect(g.hops.map((h) => h.rule?.line), file).toEqual(f.hops.map((h) => h.rule?.line && h.rule.line + 1));
      });
    }
  });

  test("a split text's file renamed above the topology: each rule is named in the new file", () => {
    const capstone = lessons.find((l) => l.file.includes('11-capstone'))!.text;
    const text = `# --- net.yaml (the shared network) ---\n${capstone.replace(/^goals:/m, '# --- page.md ---\ngoals:')}`;
    const a = analyze(text);
    const before = view(a, text);
    const wheres = (v: SandboxView) => v.flows.flatMap((f) => f.hops.flatMap((h) => (h.rule?.where ? [h.rule.where] : [])));
    expect(wheres(before).length).toBeGreaterThan(0);
    expect(wheres(before).every((w) => w.startsWith('net.yaml:'))).toBe(true);
    const at = '# --- net'.length;
    const next = `${text.slice(0, at)}2${text.slice(at)}`;
    const after = view(reanalyze(a, next, at), next);
    expect(wheres(after)).toEqual(wheres(before).map((w) => w.replace('net.yaml', 'net2.yaml')));
    expect(JSON.stringify(after)).toBe(JSON.stringify(view(analyze(next), next)));
  });

  test("a goal's name changed: its view says the new name, with the same trace", () => {
    const capstone = lessons.find((l) => l.file.includes('11-capstone'))!.text;
    const m = /^(\s*- title: )(.*)$/m.exec(capstone)!;
    const at = m.index + m[1]!.length + m[2]!.length;
    const next = `${capstone.slice(0, at)} (renamed)${capstone.slice(at)}`;
    const a = analyze(capstone);
    const before = view(a, capstone);
    const after = view(reanalyze(a, next, at), next);
    const i = before.flows.findIndex((f) => f.label === m[2]);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(after.flows[i]!.label).toBe(`${m[2]} (renamed)`);
    expect(after.flows[i]!.hops).toBe(before.flows[i]!.hops);
    expect(after.flows.filter((_, j) => j !== i)).toEqual(before.flows.filter((_, j) => j !== i));
  });
});
