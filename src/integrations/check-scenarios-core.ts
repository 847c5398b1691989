import { originOf } from '../engine/index.ts';
import { loadScenarioText } from '../cli/scenario-files.ts';
import { expectationPos } from '../cli/formats.ts';

/**
 * Checks scenario texts; returns "file:line:col: problem" lines (empty when all hold). A scenario
 * that names a shared network file (`network:`) is checked with it; `read` reads that file (by
 * the path resolved against the page's), and every problem names the file and line it is in.
 */
export function checkScenarioFiles(
  files: ReadonlyArray<{ file: string; text: string }>,
  read: (file: string) => string = (f) => {
    throw Object.assign(new Error(`cannot read ${f}`), { code: 'ENOENT' });
  },
): string[] {
  const problems: string[] = [];
  const names = new Set(files.map((f) => f.file));
  for (const { file, text } of files) {
    const l = loadScenarioText(file, text, read);
    const a = l.analysis;
    /** file:line:col of a position in the analysed text. */
    const where = (pos: { line: number; column?: number } | undefined): string => {
      const o = originOf(l.composed, pos?.line ?? 1);
      return `${o.file}:${o.line}:${pos?.column ?? 1}`;
    };
    // A lesson's starting scenario may hold the very mistake the learner is to fix.
    const isLessonStart = names.has(file.replace(/\.yaml$/, '.solution.yaml'));
    const exp = a.diagnosticsExpectation;
    if (exp && !exp.met) problems.push(`${file}:1:1: expected the errors ${exp.expected.join(', ')} but the engine reports ${exp.actual.join(', ') || 'none'}`);
    for (const d of l.diagnostics.filter((x) => x.severity === 'error' && !isLessonStart && (!exp || x.code === 'NETWORK_FILE'))) {
      problems.push(`${d.file}:${d.range?.start.line ?? 1}:${d.range?.start.column ?? 1}: ${d.code}: ${d.message}`);
    }
    /** The position of the first field that does not hold, or of the whole expectation. */
    const posOf = (p: (typeof a.probes)[number]) => expectationPos(a, p);
    const isSolution = file.endsWith('.solution.yaml');
    for (const p of a.probes) {
      if (p.met === false) {
        problems.push(`${where(posOf(p))}: probe "${p.label}" expects ${p.expectText}: ${p.mismatches.map((m) => `${m.field} ${m.expected}, the engine says ${m.found}`).join('; ')}`);
      }
    }
    if (isSolution && a.goals.length === 0) problems.push(`${file}:1:1: a lesson solution needs goals to check`);
    if (isSolution) {
      for (const g of a.goals) {
        if (!g.met) problems.push(`${where(posOf(g))}: the solution does not meet goal "${g.label}": ${g.mismatches.map((m) => `expected ${m.field} ${m.expected}, found ${m.found}`).join('; ')}`);
      }
    }
  }
  return problems;
}
