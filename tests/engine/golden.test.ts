// Golden scenarios: every fixture's probes and goals must meet their expectations, and the full
// explained output is pinned in <name>.expected.txt (update with `npx vitest run -u`, then read
// the diff: a changed verdict or deciding rule must be intended).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze, formatAnalysis } from '../../src/engine/index.ts';

const dir = join(import.meta.dirname, '..', 'fixtures');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('golden scenarios', () => {
  test('there are fixtures for every claim of the article', () => {
    for (const claim of ['article-acl', 'claim1', 'claim3', 'claim5', 'claim6', 'claim7', 'claim9']) {
      expect(files.some((f) => f.startsWith(claim)), claim).toBe(true);
    }
  });

  test.each(files)('%s', async (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const a = analyze(text);
    if (!file.startsWith('invalid-')) {
      expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    } else {
      expect(a.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      // A broken fixture names the errors it must produce, and produces exactly those.
      expect(a.diagnosticsExpectation).toMatchObject({ met: true });
      for (const d of a.diagnostics) expect(d.range, `${d.code} has a position`).toBeDefined();
    }
    const checked = [...a.probes, ...a.goals];
    if (!file.startsWith('invalid-')) expect(checked.length).toBeGreaterThan(0);
    for (const p of checked) {
      if (p.expect !== undefined) expect(p.mismatches, p.label).toEqual([]);
    }
    await expect(formatAnalysis(a, text, `tests/fixtures/${file}`)).toMatchFileSnapshot(join(dir, file.replace(/\.yaml$/, '.expected.txt')));
  });
});
