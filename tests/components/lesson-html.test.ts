// The lessons' and the fixtures' static sandboxes are the same HTML as before the compact view
// for large networks (compact.ts) was added: each part the page renders at build time, for every
// lesson scenario (with its solution) and fixture, hashed. The hashes were taken with the code
// before that change (commit 50156db). After an intended change to what lessons show:
// UPDATE_LESSON_HASHES=1 npx vitest run tests/components/lesson-html.test.ts, and read the diff.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announce, renderDiagramFor, renderResults, renderStepBar, renderSummary } from '../../src/components/sandbox/render.ts';
import { viewOf } from '../../src/components/sandbox/view.ts';

const HASHES = join(import.meta.dirname, 'lesson-html.hashes.json');
const files = [
  ...readdirSync('src/content/scenarios').filter((f) => f.endsWith('.yaml')).map((f) => join('src/content/scenarios', f)),
  ...readdirSync('tests/fixtures').filter((f) => f.endsWith('.yaml')).map((f) => join('tests/fixtures', f)),
].sort();

function hashOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  const v = viewOf(text);
  const parts: string[] = [];
  for (const predict of [false, true]) {
    const st = { selected: 0, predict, idPrefix: 'x', narrow: true };
    parts.push(renderResults(v, st), renderSummary(v, st), renderDiagramFor(v, 'x', st), renderStepBar(v, st), announce(v, st));
    parts.push(renderResults(v, { ...st, live: true, step: 0 }), renderDiagramFor(v, 'x', { ...st, step: 0 }));
  }
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

describe('lesson pages are unchanged', () => {
  const now = Object.fromEntries(files.map((f) => [f, hashOf(f)]));
  if (process.env.UPDATE_LESSON_HASHES) writeFileSync(HASHES, `${JSON.stringify(now, null, 2)}\n`);
  const before = JSON.parse(readFileSync(HASHES, 'utf8')) as Record<string, string>;
  for (const f of files) it(f, () => expect(now[f]).toBe(before[f]));
});
