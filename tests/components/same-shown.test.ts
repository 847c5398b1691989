// sameShown(a, b) lets the live sandbox skip redrawing after an edit that changes nothing shown
// (a character in the title, a comment). Skipping is right only if the two views draw the same
// page: checked on every lesson under random edits, through every renderer of the panels, the
// editor's markers and notes, and the screen reader's announcement.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/engine/index.ts';
import { announce, renderChanges, renderDiagramFor, renderReachPanel, renderStepBar, renderSummary, renderVerdicts, type RenderState } from '../../src/components/sandbox/render.ts';
import { sameShown } from '../../src/components/sandbox/same-shown.ts';
import { type SandboxView, toView } from '../../src/components/sandbox/view.ts';
import { toMarkers, toNotes } from '../../src/components/lib/markers.ts';

const lessons = readdirSync('src/content/scenarios')
  .filter((f) => /^\d\d-.*\.yaml$/.test(f))
  .map((f) => ({ file: f, text: readFileSync(`src/content/scenarios/${f}`, 'utf8') }));

/** The view the page's own engine gives for a text (local-engine.ts). */
const viewOf = (text: string): SandboxView => toView(analyze(text), undefined, false, text);

/** Everything the sandbox draws from a view, under a few states of the panels. */
function drawn(v: SandboxView): string {
  const states: RenderState[] = [
    { selected: 0, live: true, idPrefix: 'x', narrow: false },
    { selected: 1, step: 0, live: true, idPrefix: 'x', narrow: true, allOpen: true },
    { selected: 0, predict: true, revealed: new Set([1]), live: true },
  ];
  const sev = { Error: 8, Warning: 4, Info: 2 };
  return JSON.stringify([
    ...states.flatMap((st) => [renderSummary(v, st), renderChanges(v), renderVerdicts(v, st), renderStepBar(v, st), renderDiagramFor(v, 'Lesson', st), renderReachPanel(v, st.live)]),
    toMarkers(v, sev),
    toNotes(v),
  ]);
}

describe('sameShown', () => {
  test('a character typed in the title changes nothing shown, though every offset after it moved', () => {
    for (const { file, text } of lessons) {
      const at = text.indexOf('\n', text.indexOf('title:'));
      const edited = `${text.slice(0, at)}x${text.slice(at)}`;
      const [a, b] = [viewOf(text), viewOf(edited)];
      expect(sameShown(a, b), file).toBe(true);
      expect(drawn(b), file).toBe(drawn(a));
      // The analyses differ in their offsets; a view holds none (view.ts, ShownRange).
      expect(JSON.stringify(b), file).not.toMatch(/"offset"/);
    }
  });

  test('views that show the same are drawn the same; an edit that changes a verdict is seen', () => {
    const counts = { same: 0, different: 0 };
    fc.assert(
      fc.property(
        fc.nat(lessons.length - 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('x', '1', ' ', '\n', '# c', '0', '-', 'deny', ':'),
        fc.nat(3),
        (li, where, insert, remove) => {
          const { text } = lessons[li]!;
          const at = Math.floor(where * text.length);
          const edited = text.slice(0, at) + insert + text.slice(at + remove);
          const [a, b] = [viewOf(text), viewOf(edited)];
          const same = sameShown(a, b);
          counts[same ? 'same' : 'different']++;
          if (same) {
            expect(drawn(b)).toBe(drawn(a));
            expect(announce(b, {}, a)).toBe(announce(a, {}, a));
          }
          expect(sameShown(b, a)).toBe(same);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
    // Both kinds were met: the test says something about each.
    expect(counts.same).toBeGreaterThan(30);
    expect(counts.different).toBeGreaterThan(30);
  });

  test('every value counts', () => {
    const range = (column: number, line = 2) => ({ start: { line, column }, end: { line, column: column + 4 } });
    expect(sameShown({ r: range(3) }, { r: range(3) })).toBe(true);
    expect(sameShown({ r: range(3) }, { r: range(4) })).toBe(false);
    expect(sameShown({ r: range(3) }, { r: range(3, 3) })).toBe(false);
    expect(sameShown({ offset: 1 }, { offset: 2 })).toBe(false);
    expect(sameShown({ offset: 1 }, { offset: '1' })).toBe(false);
    expect(sameShown({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameShown({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(sameShown([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameShown({ 0: 1, 1: 2 }, [1, 2])).toBe(false);
    expect(sameShown([1, [2]], [1, [2]])).toBe(true);
    expect(sameShown([1, [2]], [1, [3]])).toBe(false);
    expect(sameShown(null, {})).toBe(false);
    expect(sameShown('a', 'a')).toBe(true);
  });
});
