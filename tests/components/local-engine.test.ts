// The page's own engine (local-engine.ts): its warm-up runs the engine on edits of the lesson as
// the sandbox opens and when the page is idle, and changes nothing the learner's next keystroke
// gets: the view of an edit after the warm-up is the view a fresh analysis gives.
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { analyze } from '../../src/engine/index.ts';
import { toView } from '../../src/components/sandbox/view.ts';
import { type FastRead, editFastRead, readScenarioText } from '../../src/engine/model/parse.ts';

const lesson = readFileSync('src/content/scenarios/09-network-acl.yaml', 'utf8');
let idle: Array<(d: { timeRemaining: () => number; didTimeout: boolean }) => void> = [];

beforeEach(() => {
  vi.resetModules();
  idle = [];
  vi.stubGlobal('requestIdleCallback', (cb: (typeof idle)[number]) => void idle.push(cb));
});
afterEach(() => vi.unstubAllGlobals());

/** Runs the idle callbacks the page would, each with 50 ms to spare. */
function idleAll(): void {
  for (let i = 0; i < 1000 && idle.length; i++) idle.shift()!({ timeRemaining: () => 50, didTimeout: false });
}

test('the warm-up runs its edits, and the next keystroke gets exactly the view of a fresh analysis', async () => {
  const { evaluateHere, warmUpEdits } = await import('../../src/components/sandbox/local-engine.ts');
  const first = evaluateHere(lesson)!;
  expect(first.view).toEqual(toView(analyze(lesson), undefined, false, lesson));
  idleAll();
  expect(warmUpEdits()).toBe(400);
  // Keystrokes after the warm-up: in the title, in a goal, in the topology.
  const edits = [lesson.replace(/^title: (.*)$/m, 'title: $1!'), lesson.replace('expect: blocked', 'expect: allowed'), lesson.replace('10.0.1.6', '10.0.1.7')];
  for (const text of edits) expect(evaluateHere(text)!.view).toEqual(toView(analyze(text), undefined, false, text));
});

test('the warm-up starts at the first evaluation only, and needs idle time for what is left', async () => {
  const { evaluateHere, warmUpEdits } = await import('../../src/components/sandbox/local-engine.ts');
  evaluateHere(lesson);
  const atOpen = warmUpEdits();
  // Some run as the sandbox opens (a few milliseconds' worth); the rest waits for idle time.
  expect(atOpen).toBeGreaterThan(0);
  expect(idle).toHaveLength(1);
  expect(atOpen).toBeLessThanOrEqual(60);
  evaluateHere(`${lesson}# a comment\n`);
  expect(warmUpEdits()).toBe(atOpen);
  idleAll();
  expect(warmUpEdits()).toBe(400);
});

test('an idle slice of the warm-up yields when a key waits, and runs a few milliseconds at most', async () => {
  const { evaluateHere, warmUpEdits, IDLE_SLICE_MS } = await import('../../src/components/sandbox/local-engine.ts');
  let pending = true;
  vi.stubGlobal('navigator', { ...navigator, scheduling: { isInputPending: () => pending } });
  evaluateHere(lesson);
  const atOpen = warmUpEdits();
  // A key is waiting: the idle callback gives the thread back at once, and asks for idle time again.
  idle.shift()!({ timeRemaining: () => 50, didTimeout: false });
  expect(warmUpEdits()).toBe(atOpen);
  expect(idle).toHaveLength(1);
  // No key waiting, and a clock that moves 1 ms each time it is read: one slice runs a few edits
  // (bounded by IDLE_SLICE_MS, not by the 50 ms the idle period offers), then asks again.
  pending = false;
  let t = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => (t += 1));
  idle.shift()!({ timeRemaining: () => 50, didTimeout: false });
  const slice = warmUpEdits() - atOpen;
  expect(slice).toBeGreaterThan(0);
  expect(slice).toBeLessThanOrEqual(IDLE_SLICE_MS);
  expect(idle).toHaveLength(1);
  vi.restoreAllMocks();
  idleAll();
  expect(warmUpEdits()).toBe(400);
});

test('the warm-up types where a learner does: its first place, in every lesson, ends the title line (not the opening comment), and takes the path of an edit inside one value', async () => {
  const { warmPlaces } = await import('../../src/components/sandbox/local-engine.ts');
  const lessons = readdirSync('src/content/scenarios').filter((f) => /^\d\d-.*\.yaml$/.test(f));
  expect(lessons.length).toBeGreaterThanOrEqual(11);
  for (const f of lessons) {
    const text = readFileSync(`src/content/scenarios/${f}`, 'utf8');
    const places = warmPlaces(text);
    expect(places, f).toHaveLength(3);
    const at = places[0]!;
    expect(text.slice(text.lastIndexOf('\n', at - 1) + 1, at), f).toMatch(/^title: /);
    const read = readScenarioText(text) as FastRead;
    expect(editFastRead(read, `${text.slice(0, at)}x${text.slice(at)}`, at), f).toBeDefined();
  }
  // Comments and blank lines before the first key are passed over.
  const t = '# a comment\n\n  # another\ntitle: t\ntopology: {}\n';
  expect(warmPlaces(t)[0]).toBe(t.indexOf('title: t') + 'title: t'.length);
});
